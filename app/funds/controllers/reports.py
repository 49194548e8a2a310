"""The fund's reports: the ledger and statements as XLSX, the yearly publication (公示) and the
area's totals. Who may is ``access``'s (a 404 out of scope)."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from app import clock
from app.funds.controllers.fund import KEEPERS, ledger_filter
from app.funds.controllers.mine import OWNER
from app.funds.exports import ledger_workbook, statement_workbook
from app.funds.logic import PROPOSAL_STATES
from app.funds.services import reports
from app.i18n import gettext as _
from app.reports.xlsx import XLSX_MEDIA_TYPE, disposition, today_stamp
from app.web.auth import allow, principal_of
from app.web.rendering import query_int, query_str, render


def _xlsx(content: bytes, name: str) -> Response:
    filename = f"{name}-{today_stamp(clock.today())}.xlsx"
    return Response(content=content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition(filename)})


@get("/communities/{community_id:int}/fund/ledger.xlsx", name="export_fund_ledger", guards=[KEEPERS])
async def export_fund_ledger(request: Request, community_id: FromPath[int]) -> Response:
    """The ledger as the page filters it (kind, household), owners' names masked but for staff."""
    found = await reports.ledger_export(principal_of(request), community_id, ledger_filter(request))
    return _xlsx(ledger_workbook(found["rows"]), f"{_('Ledger')}-{found['community']['name']}")


@get("/communities/{community_id:int}/fund/households/{household_id:int}/statement.xlsx",
     name="export_fund_statement", guards=[KEEPERS])
async def export_fund_statement(request: Request, community_id: FromPath[int], household_id: FromPath[int]) -> Response:
    found = await reports.statement_export(principal_of(request), community_id, household_id)
    household = found["household"]
    return _xlsx(statement_workbook(household, found["rows"]),
                 f"{_('Fund statement')}-{household['building_number']}-{household['unit_number']}")


@get("/my-fund/{household_id:int}/statement.xlsx", name="export_my_fund_statement", guards=[OWNER])
async def export_my_fund_statement(request: Request, household_id: FromPath[int]) -> Response:
    found = await reports.my_statement_export(principal_of(request), household_id)
    household = found["household"]
    return _xlsx(statement_workbook(household, found["rows"]),
                 f"{_('Fund statement')}-{household['building_number']}-{household['unit_number']}")


@get("/communities/{community_id:int}/fund/publication", name="show_fund_publication",
     guards=[allow("bureau", "street", "committee", "owner")])
async def show_fund_publication(request: Request, community_id: FromPath[int]) -> Template:
    """The year's publication (公示), A4 for the notice boards: ``?year=`` (this year unless given)."""
    year = reports.publication_year(query_int(request, "year", default=0, minimum=0, maximum=9999))
    return render(request, "funds/publication.html", await reports.publication(principal_of(request), community_id, year))


@get("/funds", name="show_fund_overview", guards=[allow("bureau", "street")])
async def show_fund_overview(request: Request) -> Template:
    """The fund across the user's area; every figure opens its list."""
    return render(request, "funds/overview.html", await reports.area_overview(principal_of(request)))


@get("/funds/list", name="list_fund_communities", guards=[allow("bureau", "street")])
async def list_fund_communities(request: Request) -> Template:
    show = query_str(request, "show", 8)
    show = show if show in reports.AREA_LISTS else "funds"
    results = await reports.area_list(principal_of(request), show, query_int(request, "page"))
    return render(request, "funds/area_list.html", {"show": show, "results": results},
                  fragment="funds/_area_results.html", target="fund-area-results")


@get("/funds/proposals", name="list_area_fund_proposals", guards=[allow("bureau", "street")])
async def list_area_fund_proposals(request: Request) -> Template:
    """The fund-use proposals across the area, of one state (the overview's counts link here) or all."""
    state = query_str(request, "state", 12)
    state = state if state in PROPOSAL_STATES else ""
    results = await reports.area_proposals(principal_of(request), state, query_int(request, "page"))
    return render(request, "funds/area_proposals.html", {"state": state, "states": PROPOSAL_STATES, "results": results},
                  fragment="funds/_area_proposals.html", target="fund-area-proposals")


ROUTES = [export_fund_ledger, export_fund_statement, export_my_fund_statement, show_fund_publication,
          show_fund_overview, list_fund_communities, list_area_fund_proposals]
