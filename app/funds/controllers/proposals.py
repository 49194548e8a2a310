"""Uses of a community's fund: the list, a new proposal, its page with the apportionment, putting it to
the owners' vote, the emergency path, disbursing, cancelling, and a short household's top-up notice.
The committee of the community and the street and bureau of its area act; the community's owners
read (their own shares only); anyone else gets a 404, a company a 403."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app import clock
from app.decisions.services import drafts
from app.errors import FieldError, NotFound
from app.forms import Form
from app.funds.forms import (
    blank_emergency,
    blank_proposal,
    blank_vote,
    parse_emergency,
    parse_proposal,
    parse_vote,
    proposal_values,
)
from app.funds.logic import EMERGENCY_REASONS, PROPOSAL_SCOPES
from app.funds.services import disbursing, proposals, votes
from app.funds.services.proposals import ProposalInput
from app.i18n import lazy
from app.web.auth import allow, principal_of
from app.web.flash import flashed_path, messages
from app.web.rendering import query_int, redirect, render, wants_fragment

KEEPERS = allow("bureau", "street", "committee")
READERS = allow("bureau", "street", "committee", "owner")

messages({
    "fund.updated": lazy("The draft is saved. Check the apportionment, then put it to the owners' vote."),
    "fund.proposed": lazy("The proposal is saved as a draft. Check the apportionment, then put it to the owners' vote."),
    "fund.voting": lazy("The owners' decision is drafted for the households that bear the cost: open it for voting from its page."),
    "fund.emergency": lazy("The emergency use is authorised. It is published to the owners as an emergency."),
    "fund.disbursed": lazy("The use is disbursed: a use charge was posted to each household that bears it."),
    "fund.disbursed_again": lazy("This use had already been disbursed: nothing was posted twice."),
    "fund.cancelled": lazy("The proposal is cancelled."),
})


@get("/communities/{community_id:int}/fund/proposals", name="list_fund_proposals", guards=[READERS])
async def list_fund_proposals(request: Request, community_id: FromPath[int]) -> Template:
    context = await proposals.list_proposals(principal_of(request), community_id, query_int(request, "page"))
    return render(request, "funds/proposals.html", context, fragment="funds/_proposal_list.html",
                  target="fund-proposals")


async def _form_page(request: Request, community_id: int, form: Form, status_code: int = 200,
                     proposal: dict | None = None) -> Template:
    """The proposal's form, new or a draft's; the units already ticked shown in their buildings, and
    a building opened by ``?units=`` (the picker's link without JavaScript)."""
    actor = principal_of(request)
    community = await proposals.proposer_community(actor, community_id)
    picked = await drafts.picked_units(community_id, form.values.get("household_ids") or [])
    wanted = query_int(request, "units", 0, 0, 2**31 - 1)
    if wanted and wanted not in picked:
        try:
            picked[wanted] = (await drafts.building_units(community_id, wanted))[1]
        except NotFound:
            pass  # another community's building: the form shows as it would without it
    if proposal is None:
        page = request.app.route_reverse("new_fund_proposal", community_id=community_id)
        action = request.app.route_reverse("create_fund_proposal", community_id=community_id)
    else:
        page = action = request.app.route_reverse("edit_fund_proposal", proposal_id=proposal["id"])
    context = {"community": community, "form": form, "scopes": PROPOSAL_SCOPES, "proposal": proposal,
               "buildings": await proposals.buildings_of(community_id), "picked": picked,
               "form_page": page, "form_action": action}
    return render(request, "funds/proposal_new.html", context,
                  fragment="funds/_proposal_form.html", target="proposal-form", status_code=status_code)


def _input(form: Form) -> ProposalInput:
    c = form.clean
    return ProposalInput(title=c["title"], description=c["description"], budget_fen=c["budget"],
                         contractor=c["contractor"], scope=c["scope"], building_ids=c["building_ids"],
                         household_ids=c["household_ids"])


@get("/communities/{community_id:int}/fund/proposals/new", name="new_fund_proposal", guards=[KEEPERS])
async def new_fund_proposal(request: Request, community_id: FromPath[int]) -> Template:
    return await _form_page(request, community_id, blank_proposal())


@post("/communities/{community_id:int}/fund/proposals", name="create_fund_proposal", guards=[KEEPERS])
async def create_fund_proposal(request: Request, community_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await proposals.proposer_community(actor, community_id)  # out of scope: 404 before anything is read
    form = parse_proposal(await request.form())
    if form.ok:
        try:
            proposal_id = await proposals.create_proposal(actor, community_id, _input(form))
        except FieldError as error:
            form.add(error)
        else:
            target = request.app.route_reverse("show_fund_proposal", proposal_id=proposal_id)
            return redirect(request, flashed_path(target, "fund.proposed"))
    return await _form_page(request, community_id, form, 422)


@get("/communities/{community_id:int}/fund/proposals/units/{building_id:int}", name="show_fund_proposal_units",
     guards=[KEEPERS])
async def show_fund_proposal_units(request: Request, community_id: FromPath[int], building_id: FromPath[int]) -> Template:
    """The units of one building as tick boxes, for the form's "who bears the cost"; without htmx,
    the new proposal form with that building opened."""
    await proposals.proposer_community(principal_of(request), community_id)
    building, units = await drafts.building_units(community_id, building_id)
    if wants_fragment(request, f"units-{building_id}"):
        return render(request, "decisions/_units.html", {"building": building, "units": units, "chosen": []})
    form_page = request.app.route_reverse("new_fund_proposal", community_id=community_id)
    return redirect(request, f"{form_page}?units={building_id}#units-{building_id}")


@get("/fund-proposals/{proposal_id:int}/edit", name="edit_fund_proposal", guards=[KEEPERS])
async def edit_fund_proposal(request: Request, proposal_id: FromPath[int]) -> Template:
    proposal, _community = await proposals.editable(principal_of(request), proposal_id)
    if proposal["state"] != "draft":
        return await _proposal_page(request, proposal_id, error=proposals.state_error(proposal["state"]).message,
                                    status_code=422)
    return await _form_page(request, proposal["community"], proposal_values(proposal), proposal=proposal)


@post("/fund-proposals/{proposal_id:int}/edit", name="update_fund_proposal", guards=[KEEPERS])
async def update_fund_proposal(request: Request, proposal_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    proposal, _community = await proposals.editable(actor, proposal_id)
    form = parse_proposal(await request.form())
    if form.ok:
        try:
            await proposals.update_proposal(actor, proposal_id, _input(form))
        except FieldError as error:
            if error.field == "state":  # put to the vote or authorised meanwhile: its page says so
                return await _proposal_page(request, proposal_id, error=error.message, status_code=422)
            form.add(error)
        else:
            return _to_proposal(request, proposal_id, "fund.updated")
    return await _form_page(request, proposal["community"], form, 422, proposal=proposal)


async def _proposal_page(request: Request, proposal_id: int, *, vote: Form | None = None,
                         emergency: Form | None = None, short: list[dict] | None = None,
                         error: str = "", status_code: int = 200) -> Template:
    context = await proposals.proposal_page(principal_of(request), proposal_id)
    today = clock.today()
    context.update({"vote_form": vote or blank_vote(today), "emergency_form": emergency or blank_emergency(today),
                    "reasons": EMERGENCY_REASONS, "action_error": error, "blocked": False})
    if short is not None:
        context["short"], context["blocked"] = short, True
    return render(request, "funds/proposal.html", context, fragment="funds/_proposal_actions.html",
                  target="proposal-actions", status_code=status_code)


@get("/fund-proposals/{proposal_id:int}", name="show_fund_proposal", guards=[READERS])
async def show_fund_proposal(request: Request, proposal_id: FromPath[int]) -> Template:
    return await _proposal_page(request, proposal_id)


def _to_proposal(request: Request, proposal_id: int, message: str) -> Response:
    return redirect(request, flashed_path(request.app.route_reverse("show_fund_proposal", proposal_id=proposal_id),
                                          message))


@post("/fund-proposals/{proposal_id:int}/vote", name="put_fund_proposal_to_vote", guards=[KEEPERS])
async def put_fund_proposal_to_vote(request: Request, proposal_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await proposals.editable(actor, proposal_id)
    form = parse_vote(await request.form())
    if form.ok:
        try:
            decision_id = await votes.put_to_vote(actor, proposal_id, form.clean["opens_on"], form.clean["closes_on"])
        except FieldError as error:
            form.add(error)
        else:
            target = request.app.route_reverse("show_decision", decision_id=decision_id)
            return redirect(request, flashed_path(target, "fund.voting"))
    return await _proposal_page(request, proposal_id, vote=form, status_code=422)


@post("/fund-proposals/{proposal_id:int}/emergency", name="authorise_fund_emergency", guards=[KEEPERS])
async def authorise_fund_emergency(request: Request, proposal_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await proposals.editable(actor, proposal_id)
    form = parse_emergency(await request.form())
    if form.ok:
        try:
            await proposals.authorise_emergency(actor, proposal_id, form.clean["reason"], form.clean["authorised_by"],
                                                form.clean["authorised_on"])
        except FieldError as error:
            form.add(error)
        else:
            return _to_proposal(request, proposal_id, "fund.emergency")
    return await _proposal_page(request, proposal_id, emergency=form, status_code=422)


@post("/fund-proposals/{proposal_id:int}/disburse", name="disburse_fund_proposal", guards=[KEEPERS])
async def disburse_fund_proposal(request: Request, proposal_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    await proposals.editable(actor, proposal_id)
    try:
        posted = await disbursing.disburse(actor, proposal_id)
    except disbursing.Shortfall as short:
        return await _proposal_page(request, proposal_id, short=short.households, status_code=422)
    except FieldError as error:
        return await _proposal_page(request, proposal_id, error=error.message, status_code=422)
    return _to_proposal(request, proposal_id, "fund.disbursed" if posted else "fund.disbursed_again")


@post("/fund-proposals/{proposal_id:int}/cancel", name="cancel_fund_proposal", guards=[KEEPERS])
async def cancel_fund_proposal(request: Request, proposal_id: FromPath[int]) -> Response:
    actor = principal_of(request)
    try:
        await proposals.cancel(actor, proposal_id)
    except FieldError as error:
        return await _proposal_page(request, proposal_id, error=error.message, status_code=422)
    return _to_proposal(request, proposal_id, "fund.cancelled")


@get("/fund-proposals/{proposal_id:int}/notices/{household_id:int}", name="show_fund_top_up_notice", guards=[KEEPERS])
async def show_fund_top_up_notice(request: Request, proposal_id: FromPath[int], household_id: FromPath[int]) -> Template:
    context = await disbursing.top_up_notice(principal_of(request), proposal_id, household_id)
    return render(request, "funds/proposal_notice.html", context)


ROUTES = [list_fund_proposals, new_fund_proposal, create_fund_proposal, show_fund_proposal_units, edit_fund_proposal,
          update_fund_proposal, show_fund_proposal, put_fund_proposal_to_vote,
          authorise_fund_emergency, disburse_fund_proposal, cancel_fund_proposal, show_fund_top_up_notice]
