"""Each role's home page."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from app.reports import services as reports
from app.web.auth import ANY_ROLE, allow, principal_of
from app.web.rendering import render


@get("/", name="show_home", guards=[allow(*ANY_ROLE)])
async def show_home(request: Request) -> Template:
    actor = principal_of(request)
    if actor.role in ("bureau", "street"):
        context = await reports.area_summary(actor)
    elif actor.role == "company":
        context = await reports.company_summary(actor)
    else:
        context = await reports.community_summary(actor)
    return render(request, f"home/{actor.role}.html", context)


ROUTES = [show_home]
