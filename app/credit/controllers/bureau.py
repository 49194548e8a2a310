"""The bureau's credit pages: rankings, the red list and the blacklist, records, the settings, and
starting a recompute (its progress shows on the job's page)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Template

from app.companies import services as companies
from app.credit import access
from app.credit.forms import blank_record, parse_record
from app.credit.scoring import BAD_KINDS, BUREAU_KINDS, GOOD_KINDS, KINDS
from app.credit.services import records, views
from app.credit.services.recompute import JOB_KIND
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.i18n import lazy
from app.jobs import services as jobs
from app.photos import services as photos
from app.photos.logic import PhotoRefused
from app.settings import get_settings
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_int, redirect, render
from app.web.uploads import read_upload

BUREAU = allow("bureau")
RECORD_MAX_BODY = get_settings().photos.max_bytes + 1024 * 1024

messages({"credit.recorded": lazy("The record is entered: it counts from the next recompute.")})


async def _rankings(request: Request, grade: str, template: str) -> Template:
    cycle = query_int(request, "cycle", views.current_cycle_year(), minimum=1990, maximum=2200)
    page = query_int(request, "page", 1)
    context = await views.rankings(principal_of(request), cycle, grade, page)
    return render(request, template, context, fragment="credit/_rankings.html", target="rankings")


@get("/credit", name="show_credit_rankings", guards=[BUREAU])
async def show_credit_rankings(request: Request) -> Template:
    return await _rankings(request, "", "credit/rankings.html")


@get("/credit/red-list", name="show_credit_red_list", guards=[BUREAU])
async def show_credit_red_list(request: Request) -> Template:
    return await _rankings(request, get_settings().credit.bands[0][0], "credit/red_list.html")


@get("/credit/blacklist", name="show_credit_blacklist", guards=[BUREAU])
async def show_credit_blacklist(request: Request) -> Template:
    context = await views.blacklist(principal_of(request), query_int(request, "page", 1))
    return render(request, "credit/blacklist.html", context)


@post("/credit/recompute", name="start_credit_recompute", guards=[BUREAU])
async def start_credit_recompute(request: Request) -> Response:
    actor = principal_of(request)
    if not access.is_bureau(actor):
        raise NotFound("recompute")
    cycle = query_int(request, "cycle", views.current_cycle_year(), minimum=1990, maximum=2200)
    job_id = await jobs.start_job(actor, JOB_KIND, {"cycle": cycle}, region_code=actor.region_code)
    return redirect(request, request.app.route_reverse("show_job", job_id=job_id))


async def _record_page(request: Request, form, status_code: int = 200) -> Template:
    actor = principal_of(request)
    choices = await companies.search_companies(actor, "", 100)
    context = {"form": form, "kinds": BUREAU_KINDS, "companies": choices}
    return render(request, "credit/record_new.html", context, status_code=status_code)


@get("/credit/records/new", name="new_credit_record", guards=[BUREAU])
async def new_credit_record(request: Request) -> Template:
    return await _record_page(request, blank_record(query_int(request, "company", 0, minimum=0) or None))


@post("/credit/records", name="create_credit_record", guards=[BUREAU], request_max_body_size=RECORD_MAX_BODY)
async def create_credit_record(request: Request) -> Response:
    raw = await request.form()
    data = await read_upload(raw.get("photo"))
    form = parse_record(raw)
    photo = None
    if data:
        try:
            photo = await photos.process(data)
        except PhotoRefused as exc:
            form.error("photo", exc.message)
    if form.ok:
        c = form.clean
        try:
            await records.enter_record(principal_of(request), c["company_id"], c["kind"], c["day"], c["evidence"], photo)
        except NotFound:
            form.error("company_id", _("Choose the property company."))
        except FieldError as error:
            form.add(error)
        else:
            path = request.app.route_reverse("show_credit_score", company_id=c["company_id"])
            return flash(request, path, "credit.recorded")
    if data:
        form.error("photo_again", _("Choose the photo again before sending the form."))
    return await _record_page(request, form, 422)


@get("/credit/settings", name="show_credit_settings", guards=[BUREAU])
async def show_credit_settings(request: Request) -> Template:
    credit = get_settings().credit
    context = {"s": credit, "kinds": KINDS, "good": GOOD_KINDS, "bad": BAD_KINDS}
    return render(request, "credit/settings.html", context)


ROUTES = [show_credit_rankings, show_credit_red_list, show_credit_blacklist, start_credit_recompute,
          new_credit_record, create_credit_record, show_credit_settings]
