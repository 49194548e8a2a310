"""The community list (search, region filter, pages) and a community's own page."""

from __future__ import annotations

from litestar import Request, get
from litestar.params import FromPath
from litestar.exceptions import NotFoundException
from litestar.response import Template

from app.communities import services as communities
from app.communities.logic import RENOVATION_STATUS
from app.regions import services as regions
from app.regions.logic import InvalidRegionCode, level_of
from app.web.auth import ANY_ROLE, allow, principal_of
from app.web.rendering import query_int, query_str, render


@get("/communities", name="list_communities", guards=[allow(*ANY_ROLE)])
async def list_communities(request: Request) -> Template:
    actor = principal_of(request)
    q = query_str(request, "q", 64)
    region = query_str(request, "region", 12)
    try:
        level_of(region)
    except InvalidRegionCode:
        region = ""
    if region and not regions.can_see(actor, region):
        region = ""
    page = await communities.list_communities(actor, q=q, region_code=region or None, page=query_int(request, "page"))
    context = {
        "page": page,
        "q": q,
        "region": region,
        "region_options": await regions.options_within(actor, "street") if actor.is_staff else [],
        "region_names": await regions.names([row["region_code"] for row in page.rows]),
        "renovation_status": RENOVATION_STATUS,
    }
    return render(
        request, "communities/list.html", context, fragment="communities/_results.html", target="community-results"
    )


@get("/communities/{community_id:int}", name="show_community", guards=[allow(*ANY_ROLE)])
async def show_community(request: Request, community_id: FromPath[int]) -> Template:
    actor = principal_of(request)
    community = await communities.get_community(actor, community_id)
    if community is None:
        raise NotFoundException()
    context = {
        "community": community,
        "crumbs": await regions.breadcrumbs(actor, community["region_code"]) if actor.is_staff else [],
        "region_names": await regions.names([community["region_code"]]),
        "renovation_status": RENOVATION_STATUS,
    }
    return render(request, "communities/show.html", context)


ROUTES = [list_communities, show_community]
