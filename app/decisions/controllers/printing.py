"""Printable pages: the notice when voting opens (with a QR code to the ballot page) and the published result."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template
from markupsafe import Markup

from app.decisions import logic
from app.decisions.services import ballots
from app.decisions.services import decisions as service
from app.errors import NotFound
from app.web.auth import allow, principal_of
from app.web.rendering import render

READERS = allow("bureau", "street", "committee", "owner")


def qr_svg(url: str) -> Markup:
    """The URL as an inline SVG QR code (no image library, no outside service)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    text = buffer.getvalue().decode("utf-8")
    return Markup(text[text.index("<svg"):])


@get("/decisions/{decision_id:int}/notice", name="show_decision_notice", guards=[READERS])
async def show_decision_notice(request: Request, decision_id: FromPath[int]) -> Template:
    decision = await service.get_decision(principal_of(request), decision_id)
    if decision["state"] == "draft":
        raise NotFound(decision_id)
    ballot_url = str(request.base_url).rstrip("/") + request.app.route_reverse("show_ballot_page",
                                                                              decision_id=decision_id)
    return render(request, "decisions/notice.html", {
        "d": decision, "qr": qr_svg(ballot_url), "ballot_url": ballot_url, "item": logic.item_of(decision["matter"]),
        "rule": logic.RULES[decision["rule"]], "quorum_rule": logic.QUORUM_RULE,
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
    })


ROUTES = [show_decision_notice, show_decision_result]
