"""Flag pages: the list (by kind and area), a flag with its acknowledgement, the bureau's overview
with its trend, and a scan started by hand (its progress on the job's page)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.errors import FieldError, NotFound
from app.flags import access
from app.flags.forms import parse_acknowledgement
from app.flags.rules import FLAG_KINDS
from app.flags.services import scan as scanning
from app.flags.services import views
from app.forms import Form
from app.i18n import lazy
from app.jobs import services as jobs
from app.regions import tree
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_int, query_str, redirect, render

STAFF = allow(*access.STAFF)

messages({"flag.acknowledged": lazy("The flag is marked as seen, with your note. It stays on the list until its cause is gone.")})


@get("/flags", name="list_flags", guards=[STAFF])
async def list_flags(request: Request) -> Template:
    actor = principal_of(request)
    kind = query_str(request, "kind", 32)
    kind = kind if kind in FLAG_KINDS else ""
    region = query_str(request, "region", 12)
    region = region if views.region_filter(actor, region) else ""
    results = await views.flag_list(actor, kind, region, query_int(request, "page"))
    context = {"results": results, "kind": kind, "region": region, "kinds": FLAG_KINDS}
    if not request.headers.get("hx-target") == "flag-results":
        context["areas"] = await tree.children(actor.region_code or "") if actor.region_code else []
    return render(request, "flags/list.html", context, fragment="flags/_results.html", target="flag-results")


async def _flag_page(request: Request, flag_id: int, form: Form | None = None, status_code: int = 200) -> Template:
    actor = principal_of(request)
    flag = await views.get_flag(actor, flag_id)
    context = {"flag": flag, "kind": FLAG_KINDS.get(flag["kind"]), "form": form or Form(),
               "may_acknowledge": access.may_acknowledge(actor, flag)}
    return render(request, "flags/show.html", context, status_code=status_code)


@get("/flags/{flag_id:int}", name="show_flag", guards=[STAFF])
async def show_flag(request: Request, flag_id: FromPath[int]) -> Template:
    return await _flag_page(request, flag_id)


@post("/flags/{flag_id:int}/acknowledge", name="acknowledge_flag", guards=[STAFF])
async def acknowledge_flag(request: Request, flag_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await views.get_flag(actor, flag_id)  # 404 outside the actor's area, before reading
    form = parse_acknowledgement(await request.form())
    if form.ok:
        try:
            await views.acknowledge(actor, flag_id, form.clean["note"])
        except FieldError as exc:
            form.add(exc)
        else:
            return flash(request, request.app.route_reverse("show_flag", flag_id=flag_id), "flag.acknowledged")
    return await _flag_page(request, flag_id, form, status_code=422)


@get("/flags/overview", name="show_flag_overview", guards=[STAFF])
async def show_flag_overview(request: Request) -> Template:
    actor = principal_of(request)
    context = await views.overview(actor)
    context.update({"may_scan": access.may_scan(actor), "labels": FLAG_KINDS})
    return render(request, "flags/overview.html", context)


@post("/flags/scan", name="scan_flags", guards=[allow("bureau")])
async def scan_flags(request: Request) -> Response | Template:
    actor = principal_of(request)
    if not access.may_scan(actor):
        raise NotFound("scan")
    job_id = await scanning.start_scan(actor)
    if request.headers.get("hx-target") == "scan-status":
        return render(request, "jobs/_status.html", {"job": await jobs.get_job(actor, job_id)})
    return redirect(request, request.app.route_reverse("show_job", job_id=job_id))


ROUTES = [list_flags, show_flag_overview, show_flag, acknowledge_flag, scan_flags]
