"""The top-up list (续筹) of a community's fund and its printable notices, one A4 page per household.
Whoever sees the fund; both pages only read, so they are GETs a notice board's printer can reload."""

from __future__ import annotations

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from app import clock
from app.forms import clean_text, parse_id
from app.funds.services import top_up, views
from app.web.auth import allow, principal_of
from app.web.rendering import render

KEEPERS = allow("bureau", "street", "committee")
HOW_LENGTH = 300  # the payment instructions printed on each notice
MAX_CHOSEN = 5_000


def _chosen(request: Request) -> list[int] | None:
    """The households ticked (``household`` repeated), or None for all of them."""
    raw = request.query_params.getall("household", [])[:MAX_CHOSEN]
    ids = {value for value in (parse_id(item) for item in raw) if value is not None}
    return sorted(ids) if ids else None


def _how(request: Request) -> str:
    return clean_text(request.query_params.get("how", ""))[:HOW_LENGTH]


@get("/communities/{community_id:int}/fund/top-up", name="show_fund_top_up", guards=[KEEPERS])
async def show_fund_top_up(request: Request, community_id: FromPath[int]) -> Template:
    community = await views.fund_community(principal_of(request), community_id)
    households = await top_up.under_line(community_id)
    context = {"community": community, "households": households, "total_due": top_up.total_due(households),
               "how": _how(request), "how_length": HOW_LENGTH}
    return render(request, "funds/top_up.html", context)


@get("/communities/{community_id:int}/fund/top-up/notices", name="print_top_up_notices", guards=[KEEPERS])
async def print_top_up_notices(request: Request, community_id: FromPath[int]) -> Template:
    community = await views.fund_community(principal_of(request), community_id)
    households = await top_up.under_line(community_id, _chosen(request))
    return render(request, "funds/top_up_notices.html", {"community": community, "households": households,
                                                          "how": _how(request), "today": clock.today().isoformat()})


ROUTES = [show_fund_top_up, print_top_up_notices]
