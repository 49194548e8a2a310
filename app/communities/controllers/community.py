"""A community's page, with each domain's section, and its households, loaded on demand.

The page shows the buildings with their household counts; the households themselves (600 in a
large community) come from ``list_households``, a page of its own whose list htmx loads into the
community's page, a building's or all of them, 50 at a time.
"""

from __future__ import annotations

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app import domains
from app.accounts.logic import Principal
from app.communities import access
from app.communities import services as communities
from app.communities.logic import RENOVATION_STATUS
from app.communities.services import register_view
from app.management import services as management
from app.regions import services as regions
from app.web.auth import ANY_ROLE, allow, principal_of
from app.web.rendering import query_int, render


async def _community_or_404(actor: Principal, community_id: int) -> dict:
    community = await communities.get_community(actor, community_id)
    if community is None:
        raise NotFoundException()
    return community


async def _may(actor: Principal, community: dict) -> dict[str, bool]:
    """The page's flags; today's manager is looked up only for an actor whose view depends on it."""
    manager = None
    if access.register_depends_on_manager(actor):
        manager = await management.manager_of(community["id"], management.today())
    return access.may(actor, community, manager)


async def _where_it_lies(actor: Principal, region_code: str) -> tuple[list[dict], str]:
    """The breadcrumbs from the actor's own area down to the community's residents' committee (staff
    only), and that committee's name; one query (the last crumb is the committee)."""
    crumbs = await regions.breadcrumbs(actor, region_code) if actor.is_staff else []
    if crumbs and crumbs[-1]["code"] == region_code:
        return crumbs, crumbs[-1]["name"]
    return crumbs, (await regions.names([region_code])).get(region_code, region_code)


@get("/communities/{community_id:int}", name="show_community", guards=[allow(*ANY_ROLE)])
async def show_community(request: Request, community_id: FromPath[int]) -> Template:
    actor = principal_of(request)
    community = await _community_or_404(actor, community_id)
    crumbs, region_name = await _where_it_lies(actor, community["region_code"])
    context = {
        "community": community,
        "crumbs": crumbs,
        "region_name": region_name,
        "renovation_status": RENOVATION_STATUS,
        "section_templates": [],
    }
    # Each domain's block of the page (who manages it, …), declared in its domain.py.
    for section in domains.community_sections():
        if section.load:
            context.update(await domains.resolve(section.load)(actor, community))
        context["section_templates"].append(section.template)
    context["may"] = await _may(actor, community)
    context["buildings"] = await register_view.buildings(community_id) if context["may"]["see_register"] else None
    return render(request, "communities/show.html", context)


@get("/communities/{community_id:int}/households", name="list_households", guards=[allow(*ANY_ROLE)])
async def list_households(request: Request, community_id: FromPath[int]) -> Template:
    """A page of the community's households, of one building (``?building=``) or all; as a fragment
    for htmx aimed at ``#households`` (on the community's page and on this one)."""
    actor = principal_of(request)
    community = await _community_or_404(actor, community_id)
    may = await _may(actor, community)
    if not may["see_register"]:
        raise NotFoundException()  # a company that no longer manages the community
    buildings = await register_view.buildings(community_id)
    wanted = query_int(request, "building", default=0, minimum=0, maximum=2**31 - 1)
    building = next((row for row in buildings if row["id"] == wanted), None)  # another community's: all
    households = await register_view.households_page(actor, community_id, buildings, building, query_int(request, "page"))
    context = {"community": community, "may": may, "buildings": buildings, "building": building, "households": households}
    return render(request, "communities/households.html", context, fragment="communities/_households.html",
                  target="households")


ROUTES = [show_community, list_households]
