"""Importing the register from a spreadsheet (dry run, then a background job), and the renovation-plan view."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from app.communities.controllers.register import this_year
from app.communities.forms import clean_filename, parse_start_import
from app.communities.logic import RENOVATION_STATUS
from app.communities.logic.importing import ImportPlan, Problem, file_message
from app.communities.logic.spreadsheet import MAX_BYTES
from app.communities.logic.spreadsheet.template import template_bytes
from app.communities.services import imports, plans
from app.i18n import gettext as _
from app.jobs import services as jobs
from app.regions import services as regions
from app.web.auth import STAFF, allow, principal_of
from app.web.rendering import query_int, query_str, render

MAX_PROBLEMS_SHOWN = 500  # a file that is wrong everywhere is wrong for a few reasons: show them, not 20,000 rows


def _import_page(request: Request, context: dict, status_code: int = 200) -> Template:
    context = {"dry_run": None, "filename": "", "max_mb": MAX_BYTES // (1024 * 1024), "job": None,
               "max_problems": MAX_PROBLEMS_SHOWN, **context}
    return render(request, "communities/import.html", context, fragment="communities/_import_result.html",
                  target="import-result", status_code=status_code)


@get("/communities/import", name="show_import", guards=[allow(*STAFF)])
async def show_import(request: Request) -> Template:
    return _import_page(request, {})


@get("/communities/import/template.xlsx", name="download_import_template", guards=[allow(*STAFF)])
async def download_import_template() -> Response:
    notes = [
        _("Fill in the 小区 sheet (communities) and the 住户 sheet (households); keep the headers in the first row."),
        _("小区编码: the residents' community's 12-digit code and a 3-digit sequence. 所属社区代码: those 12 digits."),
        _("Areas in m² with at most two decimals. Years with four digits."),
        _("改造状态: 未纳入, 计划改造, 改造中 or 已完成. 开发商未售: 是 for the developer's unsold units (no owner then), else 否."),
        _("A household is known by its community code, building and unit number: importing again updates it and never doubles it."),
        _("A CSV file holds one of the two sheets, with that sheet's headers in its first row (UTF-8 or GB18030)."),
    ]
    return Response(
        content=template_bytes(notes),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": "attachment; filename=\"registry-template.xlsx\"; filename*=UTF-8''%E5%B0%8F%E5%8C%BA%E4%BD%8F%E6%88%B7%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF.xlsx"},
    )


@post("/communities/import", name="check_import", guards=[allow(*STAFF)])
async def check_import(request: Request) -> Template:
    """The dry run: every problem with the file, or what it would change and a button to import it."""
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        plan = ImportPlan(problems=[Problem("", 0, "", _("Choose a file to upload."))])
        return _import_page(request, {"dry_run": imports.DryRun(plan)}, status_code=422)
    filename = clean_filename(upload.filename)
    data = await upload.read(MAX_BYTES + 1)
    await upload.close()
    if imports.suffix_of(filename) not in imports.SUFFIXES:
        dry_run = imports.DryRun(ImportPlan(problems=[Problem("", 0, "", file_message("type"))]))
    else:
        dry_run = await imports.dry_run(principal_of(request), data, filename, this_year())
    context = {"dry_run": dry_run, "filename": filename}
    return _import_page(request, context, status_code=200 if dry_run.plan.ok else 422)


@post("/communities/import/start", name="start_import", guards=[allow(*STAFF)])
async def start_import(request: Request) -> Template | Redirect:
    actor = principal_of(request)
    form = parse_start_import(await request.form())
    job_id = await imports.start_import(actor, form.clean["upload"], form.clean["filename"])
    if job_id is None:
        plan = ImportPlan(problems=[Problem("", 0, "", _("That upload is no longer here: upload the file again."))])
        return _import_page(request, {"dry_run": imports.DryRun(plan)}, status_code=422)
    if request.headers.get("hx-target") == "import-result":
        return render(request, "communities/_import_started.html", {"job": await jobs.get_job(actor, job_id)})
    return Redirect(path=request.app.route_reverse("show_job", job_id=job_id), status_code=303)


@get("/communities/plan", name="show_renovation_plan", guards=[allow(*STAFF)])
async def show_renovation_plan(request: Request) -> Template:
    actor = principal_of(request)
    years = await plans.plan_years(actor)
    default_year = years[0] if years else this_year()
    year = query_int(request, "year", default=default_year, minimum=1900, maximum=2200)
    region = regions.visible_code(actor, query_str(request, "region", 12))
    plan = await plans.renovation_plan(actor, year, region or None)
    context = {
        "plan": plan,
        "years": sorted(set(years) | {year}, reverse=True),
        "region": region,
        "region_options": await regions.options_within(actor, "street"),
        "region_names": await regions.names([row["region_code"] for row in plan.rows]),
        "renovation_status": RENOVATION_STATUS,
    }
    return render(request, "communities/plan.html", context, fragment="communities/_plan_results.html", target="plan-results")


ROUTES = [show_import, download_import_template, check_import, start_import, show_renovation_plan]
