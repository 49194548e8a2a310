"""An owner's own fund: his households' sub-accounts and each one's statement, on a phone."""

from __future__ import annotations

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from app.funds.services import mine
from app.web.auth import allow, principal_of
from app.web.rendering import query_int, render

OWNER = allow("owner")


@get("/my-fund", name="show_my_fund", guards=[OWNER])
async def show_my_fund(request: Request) -> Template:
    return render(request, "funds/mine.html", {"households": await mine.my_households(principal_of(request))})


@get("/my-fund/{household_id:int}", name="show_my_fund_household", guards=[OWNER])
async def show_my_fund_household(request: Request, household_id: FromPath[int]) -> Template:
    context = await mine.my_statement(principal_of(request), household_id, query_int(request, "page"))
    context["statement_url"] = request.app.route_reverse("show_my_fund_household", household_id=household_id)
    context["entry_links"] = False
    return render(request, "funds/my_household.html", context, fragment="funds/_statement.html", target="fund-statement")


ROUTES = [show_my_fund, show_my_fund_household]
