"""The street office's assignment flow: pick a mode, fill its fields, review, confirm; and ending."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.communities import services as communities
from app.errors import FieldError, NotFound
from app.i18n import gettext as _
from app.i18n import lazy
from app.management import access
from app.management import services as management
from app.management.forms import (
    AssignmentForm,
    EndForm,
    blank_assignment,
    parse_assignment,
    parse_end,
)
from app.management.logic import END_REASONS, MODES, SERVICE_LEVEL_LABELS, notice_applies
from app.regions import services as regions
from app.settings import get_settings
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_str, render

STREET = allow("street")

messages({
    "arrangement.assigned": lazy("The manager is assigned."),
    "arrangement.ended": lazy("The end of the arrangement is recorded."),
    "bundle.created": lazy("The bundle is set up, with an arrangement for each of its communities."),
    "shared_service.started": lazy("The shared service is recorded."),
    "shared_service.ended": lazy("The end of the shared service is recorded."),
})


async def _form_context(request: Request, community: dict, form: AssignmentForm, step: str = "edit") -> dict:
    actor = principal_of(request)
    company = await management.company_option(actor, form.data.company_id) if form.data.company_id else None
    street = community["region_code"][:9]
    return {
        "community": community,
        "form": form,
        "step": step,
        "modes": MODES,
        "levels": [(level, SERVICE_LEVEL_LABELS[level]) for level in get_settings().policy.service_levels],
        "company": company,
        "company_choices": [] if company else await management.company_options(actor, ""),
        "responsibles": await management.responsible_options(community),
        "supervisors": [node for node in await regions.children(street)],
        "history": await management.history(community["id"]),
    }


async def _community(request: Request, community_id: int) -> dict:
    """A community the actor may assign a manager to (else a 404)."""
    actor = principal_of(request)
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_assign(actor, community):
        raise NotFound(community_id)
    return community


@get("/communities/{community_id:int}/arrangements/new", name="new_arrangement", guards=[STREET])
async def new_arrangement(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community(request, community_id)
    mode = query_str(request, "mode", 16)
    form = blank_assignment(mode if mode in MODES else "", supervising_region_code=community["region_code"])
    context = await _form_context(request, community, form)
    return render(
        request, "management/new.html", context, fragment="management/_assign_form.html", target="assign-form"
    )


@get("/management/company-options", name="company_options", guards=[STREET])
async def company_options(request: Request) -> Template:
    options = await management.company_options(principal_of(request), query_str(request, "q", 40))
    return render(request, "management/_company_options.html", {"options": options, "selected": None})


@post("/communities/{community_id:int}/arrangements", name="create_arrangement", guards=[STREET])
async def create_arrangement(request: Request, community_id: FromPath[int]) -> Response:
    community = await _community(request, community_id)
    raw = await request.form()
    form = parse_assignment(raw)
    step = "edit" if raw.get("step") == "edit" else "confirm" if raw.get("step") == "confirm" else "review"
    if step == "edit":  # back from the summary to change something
        context = await _form_context(request, community, form)
        form.errors.clear()
        return render(request, "management/new.html", context, fragment="management/_assign_form.html",
                      target="assign-form")
    if not form.errors and step == "confirm":
        try:
            await management.assign(principal_of(request), community_id, form.data)
        except FieldError as exc:
            form.errors[exc.field] = exc.message
        else:
            return flash(request, request.app.route_reverse("show_community", community_id=community_id),
                         "arrangement.assigned")
    if not form.errors:
        # Check what the service would refuse before showing the summary to confirm.
        problem = await management.precheck(principal_of(request), community_id, form.data)
        if problem:
            form.errors[problem.field] = problem.message
    context = await _form_context(request, community, form, step="edit" if form.errors else "review")
    return render(
        request, "management/new.html", context, fragment="management/_assign_form.html", target="assign-form",
        status_code=422 if form.errors else 200,
    )


@get("/arrangements/{arrangement_id:int}/end", name="show_end_arrangement", guards=[STREET])
async def show_end_arrangement(request: Request, arrangement_id: FromPath[int]) -> Template:
    arrangement = await _arrangement(request, arrangement_id)
    form = EndForm(values={"end_date": "", "reason": "", "note": "", "notice_given_on": ""})
    return render(request, "management/end.html", await _end_context(arrangement, form))


async def _arrangement(request: Request, arrangement_id: int) -> dict:
    """An arrangement the actor may end or whose scheduled end it may correct (else a 404)."""
    actor = principal_of(request)
    arrangement = await management.get_arrangement(actor, arrangement_id)
    if not access.may_end(actor, arrangement):
        raise NotFound(arrangement_id)
    return arrangement


async def _end_context(arrangement: dict, form: EndForm, short: management.ShortNotice | None = None) -> dict:
    return {"arrangement": arrangement, "form": form, "reasons": END_REASONS, "modes": MODES, "short": short,
            "notice_applies": notice_applies(arrangement["mode"]),
            "community": await communities.get_community_by_id(arrangement["community"])}


@post("/arrangements/{arrangement_id:int}/end", name="end_arrangement", guards=[STREET])
async def end_arrangement(request: Request, arrangement_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    arrangement = await _arrangement(request, arrangement_id)
    form = parse_end(await request.form())
    short = None
    if not form.errors:
        try:
            await management.end(
                actor, arrangement_id, end_date=form.end_date, reason=form.reason, note=form.note,
                notice_given_on=form.notice_given_on, acknowledge_short_notice=form.acknowledge,
            )
        except FieldError as exc:
            form.errors[exc.field] = exc.message
        except management.ShortNotice as exc:
            short = exc
            form.errors["acknowledge"] = _(
                "The law asks for %(required)s days' notice; this is %(short)s days short. Tick the box to end it anyway.",
                required=exc.required, short=exc.short_by,
            )
        else:
            return flash(request, request.app.route_reverse("show_community", community_id=arrangement["community"]),
                         "arrangement.ended")
    return render(
        request, "management/end.html", await _end_context(arrangement, form, short),
        fragment="management/_end_form.html", target="end-form", status_code=422,
    )


ROUTES = [new_arrangement, company_options, create_arrangement, show_end_arrangement, end_arrangement]
