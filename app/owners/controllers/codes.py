"""Activation codes of a community, for its street office, bureau and committee: the households with
their code status, a printable page of slips, revoking and re-issuing one household's code."""

from __future__ import annotations

import asyncio

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from app.communities import services as communities
from app.communities.services import register_view
from app.errors import FieldError, NotFound
from app.forms import Form
from app.i18n import lazy
from app.owners import access
from app.owners.forms import parse_slips
from app.owners.qr import qr_svg
from app.owners.services import codes
from app.web.auth import allow, principal_of
from app.web.flash import flash, messages
from app.web.rendering import public_url, query_int, render

ISSUERS = allow("bureau", "street", "committee")

messages({
    "owner_code.revoked": lazy("The code has been revoked: its slip no longer works."),
    "owner_code.none_live": lazy("This household had no live code: nothing was revoked."),
})


async def _community(request: Request, community_id: int) -> dict:
    actor = principal_of(request)
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_issue_codes(actor):
        raise NotFound()
    return community


async def _list_context(request: Request, community: dict, form: Form | None = None) -> dict:
    buildings = await register_view.buildings(community["id"])
    wanted = query_int(request, "building", default=0, minimum=0, maximum=2**31 - 1)
    building = next((row for row in buildings if row["id"] == wanted), None)
    page = await codes.households_with_codes(principal_of(request), community["id"], building["id"] if building else None,
                                             query_int(request, "page"))
    return {"community": community, "buildings": buildings, "building": building, "households": page,
            "form": form or Form()}


@get("/communities/{community_id:int}/owner-codes", name="list_owner_codes", guards=[ISSUERS])
async def list_owner_codes(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community(request, community_id)
    return render(request, "owners/codes.html", await _list_context(request, community),
                  fragment="owners/_code_rows.html", target="code-rows")


async def _slips_page(request: Request, community: dict, run: codes.PrintRun) -> Template:
    base = public_url(request.app.route_reverse("show_activation"), request=request)
    urls = [f"{base}?code={slip.code}" for slip in run.slips]
    # About 5 ms of pure Python a code: a run of hundreds is drawn beside the event loop, not on it.
    drawings = await asyncio.to_thread(lambda: [qr_svg(url) for url in urls])
    slips = [{"slip": slip, "url": url, "svg": svg} for slip, url, svg in zip(run.slips, urls, drawings)]
    return render(request, "owners/slips.html", {"community": community, "run": run, "slips": slips,
                                                 "activation_url": base})


@post("/communities/{community_id:int}/owner-codes/slips", name="print_owner_slips", guards=[ISSUERS])
async def print_owner_slips(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community(request, community_id)
    form = parse_slips(await request.form())
    try:
        run = await codes.print_slips(principal_of(request), community, form.clean["buildings"], form.clean["reissue"])
    except FieldError as error:
        form.add(error)
        return render(request, "owners/codes.html", await _list_context(request, community, form), status_code=422)
    return await _slips_page(request, community, run)


@post("/communities/{community_id:int}/owner-codes/{household_id:int}/revoke", name="revoke_owner_code",
      guards=[ISSUERS])
async def revoke_owner_code(request: Request, community_id: FromPath[int], household_id: FromPath[int]) -> Response:
    community = await _community(request, community_id)
    revoked = await codes.revoke_code(principal_of(request), community, household_id)
    path = request.app.route_reverse("list_owner_codes", community_id=community_id)
    return flash(request, path, "owner_code.revoked" if revoked else "owner_code.none_live")


@post("/communities/{community_id:int}/owner-codes/{household_id:int}/reissue", name="reissue_owner_code",
      guards=[ISSUERS])
async def reissue_owner_code(request: Request, community_id: FromPath[int], household_id: FromPath[int]) -> Template:
    community = await _community(request, community_id)
    try:
        slip = await codes.reissue_code(principal_of(request), community, household_id)
    except FieldError as error:
        form = Form()
        form.add(error)
        return render(request, "owners/codes.html", await _list_context(request, community, form), status_code=422)
    return await _slips_page(request, community, codes.PrintRun(slips=[slip], skipped_live=0, skipped_other=0))


ROUTES = [list_owner_codes, print_owner_slips, revoke_owner_code, reissue_owner_code]
