"""The decision list and page, opening, closing: the committee's and street office's pages (drafting: ``drafts``)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app import clock
from app.decisions import access, logic
from app.decisions.services import ballots, closing, outcomes, pages
from app.decisions.services import decisions as service
from app.errors import FieldError, NotFound
from app.i18n import lazy
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import query_int, query_str, render

READERS = allow("bureau", "street", "committee", "owner")
RUNNERS = allow("street", "committee")

messages({
    "decision.opened": lazy("Voting is open. Print the notice for the notice board."),
    "decision.closed": lazy("Voting closed; the result is frozen and published to the owners."),
    "decision.acted": lazy("The outcome was carried out again."),
    "ballot.entered": lazy("Ballot recorded."),
    "ballot.cast": lazy("Your vote is recorded. You may change it until voting closes."),
})


@get("/decisions", name="list_decisions", guards=[READERS])
async def list_decisions(request: Request) -> Template:
    actor = principal_of(request)
    state = query_str(request, "state", 12)
    page = await service.list_decisions(actor, state=state if state in logic.STATES else "",
                                        community_id=query_int(request, "community", 0, 0, 2**31 - 1) or None,
                                        page=query_int(request, "page"))
    params = {"state": state, "community": request.query_params.get("community", "")}
    return render(request, "decisions/list.html", {"page": page, "params": params, "states": logic.STATES},
                  fragment="decisions/_results.html", target="decision-results")


async def decision_context(request: Request, decision: dict) -> dict:
    actor = principal_of(request)
    tally = await ballots.tally_of(decision)
    return {"d": decision, "tally": tally, "may": access.may(actor, decision),
            "voting_open": ballots.voting_open(decision),
            "closable": decision["state"] == "open" and clock.today() > decision["closes_on"], "rules": logic.RULES, "conditions": logic.CONDITIONS,
            "quorum_rule": logic.QUORUM_RULE, "item": logic.item_of(decision["matter"]),
            "panel": await outcomes.panel(actor, decision), **await pages.scope_of(decision)}


@get("/decisions/{decision_id:int}", name="show_decision", guards=[READERS])
async def show_decision(request: Request, decision_id: FromPath[int]) -> Template:
    decision = await service.get_decision(principal_of(request), decision_id)
    context = await decision_context(request, decision)
    return render(request, "decisions/show.html", context, fragment="decisions/_tally.html", target="tally")


async def _change(request: Request, decision_id: int, change, done: str) -> Response:
    """Run a state change; a refusal re-renders the decision page with the message (422), never a 500."""
    actor = principal_of(request)
    decision = await service.get_decision(actor, decision_id)
    if not access.may_run(actor, decision):
        raise NotFound(decision_id)
    try:
        await change(actor, decision_id)
    except FieldError as exc:
        context = await decision_context(request, await service.get_decision(actor, decision_id))
        return render(request, "decisions/show.html", {**context, "error": exc.message}, status_code=422)
    return flash(request, request.app.route_reverse("show_decision", decision_id=decision_id), done)


@post("/decisions/{decision_id:int}/open", name="open_decision", guards=[RUNNERS])
async def open_decision(request: Request, decision_id: FromPath[int]) -> Response:
    return await _change(request, decision_id, service.open_decision, "decision.opened")


@post("/decisions/{decision_id:int}/close", name="close_decision", guards=[RUNNERS])
async def close_decision(request: Request, decision_id: FromPath[int]) -> Response:
    return await _change(request, decision_id, closing.close_decision, "decision.closed")


@post("/decisions/{decision_id:int}/act", name="retry_decision_outcome", guards=[RUNNERS])
async def retry_decision_outcome(request: Request, decision_id: FromPath[int]) -> Response:
    return await _change(request, decision_id, closing.retry_outcome, "decision.acted")


ROUTES = [list_decisions, show_decision, open_decision, close_decision, retry_decision_outcome]
