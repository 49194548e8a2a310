"""Service logs: a company's quick entry (made for a phone: the camera opens from the photo field),
its own list, a community's list, a company's list for street and bureau staff, and one log with its
photos. Anyone out of scope gets 404."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app import clock
from app.errors import FieldError, NotFound
from app.forms import Form
from app.i18n import gettext as _
from app.i18n import lazy
from app.operations.logs import access, logic, services, views
from app.operations.logs.forms import blank_log, parse_filter, parse_log
from app.settings import get_settings
from app.web.auth import ANY_ROLE, allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_int, render
from app.web.uploads import read_upload

COMPANY = allow("company")
COMPANY_READERS = allow("bureau", "street", "company")

messages({"service_log.created": lazy("The service is logged.")})

# Every photo a log may carry at its limit, and the form's fields: a larger body is refused before it
# is read, with the 413 page (app/web/errors.py).
LOG_MAX_BODY = logic.MAX_PHOTOS * get_settings().photos.max_bytes + 1024 * 1024


async def _form_page(request: Request, form: Form, status_code: int = 200) -> Template:
    actor = principal_of(request)
    choices, served_today = await views.community_choices(actor, clock.today())
    if not form.values.get("community") and len(served_today) == 1:
        form.values["community"] = str(next(iter(served_today)))
    context = {"form": form, "choices": choices, "served_today": served_today, "categories": logic.CATEGORIES,
               "max_photos": logic.MAX_PHOTOS}
    return render(request, "operations/logs/new.html", context, fragment="operations/logs/_form.html",
                  target="log-form", status_code=status_code)


@get("/service-logs/new", name="new_service_log", guards=[COMPANY])
async def new_service_log(request: Request) -> Template:
    community = query_int(request, "community", default=0, minimum=0, maximum=2**31 - 1)
    return await _form_page(request, blank_log(community or None))


@post("/service-logs", name="create_service_log", guards=[COMPANY], request_max_body_size=LOG_MAX_BODY)
async def create_service_log(request: Request) -> Response:
    actor = principal_of(request)
    raw = await request.form()
    uploads = raw.getall("photos", []) if hasattr(raw, "getall") else [raw.get("photos")]
    files = [data for data in [await read_upload(value) for value in uploads] if data]
    form = parse_log(raw)
    if len(files) > logic.MAX_PHOTOS:
        form.error("photos", _("At most %(n)s photos on one log.", n=logic.MAX_PHOTOS))
    if form.ok:
        data = services.LogInput(
            community_id=form.clean["community"], category=form.clean["category"], started_at=form.clean["started_at"],
            staff_count=form.clean["staff_count"], hours=form.clean["hours"], notes=form.clean["notes"], photos=files)
        try:
            await services.log_service(actor, data)
        except FieldError as exc:
            form.add(exc)
        else:
            return flash(request, request.app.route_reverse("list_my_service_logs"), "service_log.created")
    if files:  # a browser cannot fill a file input again: say so
        form.error("photos_again", _("Choose the photos again before sending the form."))
    return await _form_page(request, form, status_code=422)


@get("/service-logs", name="list_my_service_logs", guards=[COMPANY])
async def list_my_service_logs(request: Request) -> Template:
    actor = principal_of(request)
    if actor.company_id is None:
        raise NotFound()
    return await _company_list(request, actor.company_id, own=True)


@get("/companies/{company_id:int}/service-logs", name="list_company_service_logs", guards=[COMPANY_READERS])
async def list_company_service_logs(request: Request, company_id: FromPath[int]) -> Template:
    return await _company_list(request, company_id, own=False)


async def _company_list(request: Request, company_id: int, *, own: bool) -> Template:
    actor = principal_of(request)
    f = parse_filter(request.query_params, with_community=True)
    context = await views.company_logs(actor, company_id, f, query_int(request, "page"))
    context |= {"categories": logic.CATEGORIES, "own": own, "may_log": own and access.may_log(actor),
                "list_url": request.app.route_reverse("list_my_service_logs") if own else
                request.app.route_reverse("list_company_service_logs", company_id=company_id)}
    if own:
        context["choices"], _today = await views.community_choices(actor, clock.today())
    return render(request, "operations/logs/company.html", context, fragment="operations/logs/_list.html",
                  target="log-list")


@get("/communities/{community_id:int}/service-logs", name="list_community_service_logs", guards=[allow(*ANY_ROLE)])
async def list_community_service_logs(request: Request, community_id: FromPath[int]) -> Template:
    actor = principal_of(request)
    f = parse_filter(request.query_params)
    context = await views.community_logs(actor, community_id, f, query_int(request, "page"))
    context |= {"categories": logic.CATEGORIES, "may_log": access.may_log(actor),
                "list_url": request.app.route_reverse("list_community_service_logs", community_id=community_id)}
    return render(request, "operations/logs/community.html", context, fragment="operations/logs/_list.html",
                  target="log-list")


@get("/service-logs/{log_id:int}", name="show_service_log", guards=[allow(*ANY_ROLE)])
async def show_service_log(request: Request, log_id: FromPath[int]) -> Template:
    log = await views.get_log(principal_of(request), log_id)
    return render(request, "operations/logs/show.html", {"log": log})


ROUTES = [new_service_log, create_service_log, list_my_service_logs, list_company_service_logs,
          list_community_service_logs, show_service_log]
