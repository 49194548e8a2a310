"""Printable pages: the notice when voting opens (with a QR code to the ballot page) and the published result."""

from __future__ import annotations

import anyio
from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from app.decisions import logic
from app.decisions.services import ballots, outcomes, pages
from app.decisions.services import decisions as service
from app.errors import NotFound
from app.owners.qr import qr_svg
from app.web.auth import allow, principal_of
from app.web.rendering import public_url, render

READERS = allow("bureau", "street", "committee", "owner")


@get("/decisions/{decision_id:int}/notice", name="show_decision_notice", guards=[READERS])
async def show_decision_notice(request: Request, decision_id: FromPath[int]) -> Template:
    decision = await service.get_decision(principal_of(request), decision_id)
    if decision["state"] == "draft":
        raise NotFound(decision_id)
    ballot_url = public_url(request.app.route_reverse("show_ballot_page", decision_id=decision_id), request=request)
    return render(request, "decisions/notice.html", {
        "d": decision, "qr": await anyio.to_thread.run_sync(qr_svg, ballot_url),  # ~5 ms: off the loop
        "ballot_url": ballot_url, "item": logic.item_of(decision["matter"]),
        "rule": logic.RULES[decision["rule"]], "quorum_rule": logic.QUORUM_RULE,
        "panel": await outcomes.panel(principal_of(request), decision), **await pages.scope_of(decision),
    })


@get("/decisions/{decision_id:int}/result", name="show_decision_result", guards=[READERS])
async def show_decision_result(request: Request, decision_id: FromPath[int]) -> Template:
    """The published result (公示): frozen at close, for every owner of the community."""
    decision = await service.get_decision(principal_of(request), decision_id)
    if decision["state"] != "closed":
        raise NotFound(decision_id)
    return render(request, "decisions/result.html", {
        "d": decision, "tally": await ballots.tally_of(decision), "item": logic.item_of(decision["matter"]),
        "rules": logic.RULES, "conditions": logic.CONDITIONS, "quorum_rule": logic.QUORUM_RULE,
        "panel": await outcomes.panel(principal_of(request), decision), **await pages.scope_of(decision),
    })


ROUTES = [show_decision_notice, show_decision_result]
