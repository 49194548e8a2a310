"""The property-company registry: list and search, a company's page, its registration form, subsidies."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app import domains
from app.accounts.logic import Principal
from app.clock import today
from app.companies import access
from app.companies import services as companies
from app.companies.forms import (
    blank_subsidy,
    company_form_of,
    parse_company,
    parse_removal_reason,
    parse_subsidy,
)
from app.errors import FieldError
from app.forms import Form
from app.i18n import gettext as _
from app.management import services as management
from app.regions import services as regions
from app.reports.xlsx import XLSX_MEDIA_TYPE, disposition, today_stamp, workbook
from app.web.auth import allow, principal_of
from app.web.rendering import query_int, query_str, redirect, render

READERS = ("bureau", "street", "company")


def company_workbook(rows: list[dict], counts: dict[int, int], region_names: dict[str, str]) -> bytes:
    headers = [_("Name"), _("Unified Social Credit Code"), _("Registered in"), _("Legal representative"),
               _("Red property company"), _("Communities managed today")]
    lines = (
        [row["name"], row["uscc"], region_names.get(row["region_code"], row["region_code"]), row["legal_representative"],
         _("Yes") if row["is_red_property"] else _("No"), counts.get(row["id"], 0)]
        for row in rows
    )
    return workbook(_("Companies"), headers, lines)


async def _list_filter(request: Request, actor: Principal) -> tuple[str, str, list[dict]]:
    q = query_str(request, "q", 64)
    region = query_str(request, "region", 12)
    options = await companies.region_filter_options(actor)
    if region not in {option["code"] for option in options}:
        region = ""
    return q, region, options


@get("/companies", name="list_companies", guards=[allow("bureau", "street")])
async def list_companies(request: Request) -> Template:
    actor = principal_of(request)
    q, region, options = await _list_filter(request, actor)
    page = await companies.list_companies(actor, q=q, region_code=region or None, page=query_int(request, "page"))
    context = {
        "page": page,
        "q": q,
        "region": region,
        "region_options": options,
        "region_names": await regions.names([row["region_code"] for row in page.rows]),
        "may_register": access.may_register(actor),
        "reads_everywhere": access.reads_everywhere(actor),
    }
    return render(request, "companies/list.html", context, fragment="companies/_results.html", target="company-results")


@get("/companies/export.xlsx", name="export_companies", guards=[allow("bureau", "street")])
async def export_companies(request: Request) -> Response:
    actor = principal_of(request)
    q, region, _options = await _list_filter(request, actor)
    page = await companies.list_companies(actor, q=q, region_code=region or None, per_page=companies.EXPORT_LIMIT)
    counts = await management.current_counts([row["id"] for row in page.rows], management.today())
    names = await regions.names([row["region_code"] for row in page.rows])
    content = company_workbook(page.rows, counts, names)
    filename = _("companies") + f"-{today_stamp(today())}.xlsx"
    return Response(content=content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition(filename)})


async def _page_context(actor: Principal, company: dict, subsidy_form: Form | None = None) -> dict:
    subsidies, total = await companies.list_subsidies(actor, company["id"])
    may_keep = companies.keeps(actor, company["region_code"])
    # Each domain's block of the page (cross-appointments, …), declared in its domain.py.
    sections: dict = {"company_section_templates": []}
    for section in domains.company_sections():
        if section.load:
            sections.update(await domains.resolve(section.load)(actor, company))
        sections["company_section_templates"].append(section.template)
    return sections | {
        "company": company,
        "may_browse": access.may_browse_registry(actor),
        "region_names": await regions.names([company["region_code"]]),
        "subsidies": subsidies,
        "subsidy_total": total,
        "may_keep": may_keep,
        "subsidy_form": subsidy_form or blank_subsidy(),
        "community_options": await companies.community_choices(actor) if may_keep else [],
        "added": False,
        "managed": await management.company_contracts(company["id"], actor),
        "shared_served": await management.company_shared_services(company["id"], actor),
        "today": management.today(),
    }


@get("/companies/{company_id:int}", name="show_company", guards=[allow(*READERS)])
async def show_company(request: Request, company_id: FromPath[int]) -> Template:
    actor = principal_of(request)
    company = await companies.get_company(actor, company_id)
    return render(request, "companies/show.html", await _page_context(actor, company))


async def _form_page(request: Request, actor: Principal, form: Form, company: dict | None, status_code: int = 200):
    context = {"form": form, "company": company, "region_options": await companies.region_choices(actor)}
    return render(
        request, "companies/form.html", context,
        fragment="companies/_form.html", target="company-form", status_code=status_code,
    )


@get("/companies/new", name="new_company", guards=[allow("bureau")])
async def new_company(request: Request) -> Template:
    actor = principal_of(request)
    options = await companies.region_choices(actor)
    # A county bureau registers in its own county: pre-select it when it is the only choice.
    form = company_form_of(None, region_code=options[0]["code"] if len(options) == 1 else "")
    return await _form_page(request, actor, form, None)


@post("/companies", name="create_company", guards=[allow("bureau")])
async def create_company(request: Request) -> Response:
    actor = principal_of(request)
    codes = {row["code"] for row in await companies.region_choices(actor)}
    form = parse_company(await request.form(), codes)
    if form.ok:
        try:
            company_id = await companies.create_company(actor, form.clean)
        except FieldError as error:
            form.add(error)
        else:
            return redirect(request, request.app.route_reverse("show_company", company_id=company_id))
    return await _form_page(request, actor, form, None, status_code=422)


@get("/companies/{company_id:int}/edit", name="edit_company", guards=[allow("bureau")])
async def edit_company(request: Request, company_id: FromPath[int]) -> Template:
    actor = principal_of(request)
    company = await companies.get_company_to_keep(actor, company_id)
    return await _form_page(request, actor, company_form_of(company), company)


@post("/companies/{company_id:int}/edit", name="update_company", guards=[allow("bureau")])
async def update_company(request: Request, company_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    company = await companies.get_company_to_keep(actor, company_id)
    codes = {row["code"] for row in await companies.region_choices(actor)}
    form = parse_company(await request.form(), codes)
    if form.ok:
        try:
            await companies.update_company(actor, company_id, form.clean)
        except FieldError as error:
            form.add(error)
        else:
            return redirect(request, request.app.route_reverse("show_company", company_id=company_id))
    return await _form_page(request, actor, form, company, status_code=422)


@post("/companies/{company_id:int}/subsidies", name="add_subsidy", guards=[allow("bureau")])
async def add_subsidy(request: Request, company_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    company = await companies.get_company_to_keep(actor, company_id)
    choices = await companies.community_choices(actor)
    form = parse_subsidy(await request.form(), {row["id"] for row in choices})
    if form.ok:
        clean = form.clean
        try:
            await companies.add_subsidy(
                actor, company_id, amount_fen=clean["amount"], year=clean["year"], source=clean["source"],
                community_id=clean["community"], note=clean["note"],
            )
        except FieldError as error:
            form.add(error)
        else:
            path = request.app.route_reverse("show_company", company_id=company_id)
            if request.headers.get("hx-target") != "subsidies":
                return redirect(request, path + "#subsidies")
            context = {**await _page_context(actor, company), "added": True}
            return render(request, "companies/show.html", context, fragment="companies/_subsidies.html", target="subsidies")
    context = await _page_context(actor, company, form)
    return render(
        request, "companies/show.html", context,
        fragment="companies/_subsidies.html", target="subsidies", status_code=422,
    )


async def _subsidy_or_404(actor: Principal, company_id: int, subsidy_id: int) -> tuple[dict, dict]:
    company = await companies.get_company_to_keep(actor, company_id)
    return company, await companies.get_subsidy(actor, company_id, subsidy_id)


@get(
    "/companies/{company_id:int}/subsidies/{subsidy_id:int}/remove",
    name="confirm_remove_subsidy",
    guards=[allow("bureau")],
)
async def confirm_remove_subsidy(request: Request, company_id: FromPath[int], subsidy_id: FromPath[int]) -> Template:
    company, subsidy = await _subsidy_or_404(principal_of(request), company_id, subsidy_id)
    context = {"company": company, "subsidy": subsidy, "reason": "", "errors": {}}
    return render(request, "companies/remove_subsidy.html", context)


@post("/companies/{company_id:int}/subsidies/{subsidy_id:int}/remove", name="remove_subsidy", guards=[allow("bureau")])
async def remove_subsidy(request: Request, company_id: FromPath[int], subsidy_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    company, subsidy = await _subsidy_or_404(actor, company_id, subsidy_id)
    form = parse_removal_reason(await request.form())
    if form.ok:
        await companies.remove_subsidy(actor, company_id, subsidy_id, form.clean["reason"])
        return redirect(request, request.app.route_reverse("show_company", company_id=company_id) + "#subsidies")
    context = {"company": company, "subsidy": subsidy, "reason": form.values["reason"], "errors": form.errors}
    return render(request, "companies/remove_subsidy.html", context, status_code=422)


ROUTES = [
    list_companies,
    export_companies,
    new_company,
    create_company,
    show_company,
    edit_company,
    update_company,
    add_subsidy,
    confirm_remove_subsidy,
    remove_subsidy,
]
