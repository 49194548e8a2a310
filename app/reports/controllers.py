"""Each role's home page."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from app import domains
from app.clock import today
from app.regions import services as regions
from app.reports import services as reports
from app.reports.access import may_see_area
from app.reports.overview import area_overview
from app.reports.policy import policy_rows
from app.settings import get_settings
from app.web.auth import ANY_ROLE, allow, principal_of
from app.web.rendering import render


@get("/", name="show_home", guards=[allow(*ANY_ROLE)])
async def show_home(request: Request) -> Template:
    actor = principal_of(request)
    if may_see_area(actor):
        context = await reports.area_summary(actor)
    elif actor.role == "company":
        context = await reports.company_summary(actor)
    else:
        context = await reports.community_summary(actor)
    # Each domain's block of this role's home (an owner's open votes …), declared in its domain.py.
    context["home_templates"] = []
    for section in domains.home_sections(actor.role):
        if section.load:
            context.update(await domains.resolve(section.load)(actor))
        context["home_templates"].append(section.template)
    return render(request, f"home/{actor.role}.html", context)




@get("/overview", name="show_overview", guards=[allow("bureau", "street")])
async def show_overview(request: Request) -> Template:
    actor = principal_of(request)
    context = await area_overview(actor, today())
    context["area_name"] = await regions.node_name(actor, actor.region_code or "")
    return render(request, "reports/overview.html", context)


@get("/settings", name="show_settings", guards=[allow("bureau", "street")])
async def show_settings(request: Request) -> Template:
    return render(request, "reports/settings.html", {"rows": policy_rows(get_settings())})


ROUTES = [show_home, show_overview, show_settings]
