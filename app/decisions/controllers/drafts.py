"""Drafting a decision, editing or deleting it while it is a draft, and picking the units concerned
building by building (an htmx fragment of the form)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.communities import services as communities
from app.decisions import access, logic
from app.decisions.controllers.pages import decision_context
from app.decisions.forms import blank_decision, decision_values, parse_decision
from app.decisions.services import decisions as service
from app.decisions.services import drafts
from app.errors import FieldError, NotFound
from app.i18n import lazy
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_int, render, wants_fragment

RUNNERS = allow("street", "committee")

messages({
    "decision.created": lazy("Decision drafted. Check it, then open it for voting."),
    "decision.updated": lazy("Draft saved. Check it, then open it for voting."),
    "decision.deleted": lazy("The draft was deleted."),
})


async def _community(request: Request, community_id: int) -> dict:
    actor = principal_of(request)
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_draft(actor, community):
        raise NotFound(community_id)
    return community


async def _form_context(request: Request, community: dict, form, decision: dict | None = None) -> dict:
    """The form with the units already chosen shown in their buildings, and a building opened by
    ``?units=`` (the picker's link without JavaScript)."""
    picked = await drafts.picked_units(community["id"], form.values.get("household_ids") or [])
    wanted = query_int(request, "units", 0, 0, 2**31 - 1)
    if wanted and wanted not in picked:
        try:
            picked[wanted] = (await drafts.building_units(community["id"], wanted))[1]
        except NotFound:
            pass  # another community's building: the form shows as it would without it
    if decision is None:
        page = request.app.route_reverse("new_decision", community_id=community["id"])
        action = request.app.route_reverse("create_decision", community_id=community["id"])
    else:
        page = action = request.app.route_reverse("edit_decision", decision_id=decision["id"])
    return {"community": community, "form": form, "matters": logic.MATTERS, "decision": decision,
            "buildings": await service.buildings_of(community["id"]), "picked": picked,
            "form_page": page, "form_action": action, "companies": await service.company_choices(community)}


@get("/communities/{community_id:int}/decisions/new", name="new_decision", guards=[RUNNERS])
async def new_decision(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community(request, community_id)
    return render(request, "decisions/new.html", await _form_context(request, community, blank_decision()))


@post("/communities/{community_id:int}/decisions", name="create_decision", guards=[RUNNERS])
async def create_decision(request: Request, community_id: FromPath[int]) -> Response:
    community = await _community(request, community_id)
    form = parse_decision(await request.form())
    if not form.errors:
        try:
            decision_id = await service.create_decision(principal_of(request), community_id, form.data)
        except FieldError as exc:
            form.errors[exc.field] = exc.message
        else:
            return flash(request, request.app.route_reverse("show_decision", decision_id=decision_id),
                         "decision.created")
    return render(request, "decisions/new.html", await _form_context(request, community, form),
                  fragment="decisions/_form.html", target="decision-form", status_code=422)


@get("/communities/{community_id:int}/decisions/units/{building_id:int}", name="show_decision_units",
     guards=[RUNNERS])
async def show_decision_units(request: Request, community_id: FromPath[int], building_id: FromPath[int]) -> Template:
    """The units of one building as tick boxes, for the form's "who votes"; without htmx, the new
    decision form with that building opened."""
    community = await _community(request, community_id)
    building, units = await drafts.building_units(community_id, building_id)
    target = f"units-{building_id}"
    if wants_fragment(request, target):
        return render(request, "decisions/_units.html", {"building": building, "units": units, "chosen": []})
    return render(request, "decisions/new.html", {
        **await _form_context(request, community, blank_decision()), "picked": {building_id: units}})


async def _refused(request: Request, decision_id: int, exc: FieldError) -> Template:
    """A decision no longer a draft: its page, saying why it cannot change (422), never a 500."""
    context = await decision_context(request, await service.get_decision(principal_of(request), decision_id))
    return render(request, "decisions/show.html", {**context, "error": exc.message}, status_code=422)


@get("/decisions/{decision_id:int}/edit", name="edit_decision", guards=[RUNNERS])
async def edit_decision(request: Request, decision_id: FromPath[int]) -> Template:
    try:
        decision = await drafts.get_draft(principal_of(request), decision_id)
    except FieldError as exc:
        return await _refused(request, decision_id, exc)
    community = await _community(request, decision["community"])
    return render(request, "decisions/edit.html",
                  await _form_context(request, community, decision_values(decision), decision))


@post("/decisions/{decision_id:int}/edit", name="update_decision", guards=[RUNNERS])
async def update_decision(request: Request, decision_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    try:
        decision = await drafts.get_draft(actor, decision_id)
    except FieldError as exc:
        return await _refused(request, decision_id, exc)
    community = await _community(request, decision["community"])
    form = parse_decision(await request.form())
    if not form.errors:
        try:
            await drafts.update_decision(actor, decision_id, form.data)
        except FieldError as exc:
            if exc.field == "state":  # opened meanwhile
                return await _refused(request, decision_id, exc)
            form.errors[exc.field] = exc.message
        else:
            return flash(request, request.app.route_reverse("show_decision", decision_id=decision_id),
                         "decision.updated")
    return render(request, "decisions/edit.html", await _form_context(request, community, form, decision),
                  fragment="decisions/_form.html", target="decision-form", status_code=422)


@post("/decisions/{decision_id:int}/delete", name="delete_decision", guards=[RUNNERS])
async def delete_decision(request: Request, decision_id: FromPath[int]) -> Response:
    """Asks first: without ``confirm=yes`` the answer is the question, and nothing is deleted."""
    actor = principal_of(request)
    try:
        decision = await drafts.get_draft(actor, decision_id)
        if (await request.form()).get("confirm") != "yes":
            return render(request, "decisions/delete.html", {"d": decision})
        await drafts.delete_decision(actor, decision_id)
    except FieldError as exc:
        return await _refused(request, decision_id, exc)
    path = request.app.route_reverse("show_community", community_id=decision["community"])
    return flash(request, path, "decision.deleted")


ROUTES = [new_decision, create_decision, show_decision_units, edit_decision, update_decision, delete_decision]
