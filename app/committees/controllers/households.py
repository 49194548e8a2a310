"""The household picker of the member forms: at most 20 owned households of a community matching
what the clerk types (building, unit or owner's name), never the whole register. The fragment for
htmx (aimed at ``picker-<field>``), a plain page otherwise."""

from __future__ import annotations

import re

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from app.committees import access
from app.committees import services as committees
from app.communities import services as communities
from app.errors import NotFound
from app.web.auth import allow, principal_of
from app.web.rendering import query_str, render

FIELD = re.compile(r"[a-z][a-z0-9_]{0,31}")  # the form field the matches are radio buttons of


@get("/communities/{community_id:int}/committee/households", name="search_committee_households",
     guards=[allow("bureau", "street", "committee")])
async def search_committee_households(request: Request, community_id: FromPath[int]) -> Template:
    actor = principal_of(request)
    community = await communities.get_community(actor, community_id)
    if community is None or not access.may_pick_households(actor, community):
        raise NotFound(community_id)
    q = query_str(request, "q", 64)
    field = query_str(request, "field", 32)
    field = field if FIELD.fullmatch(field) else "household"
    matches, more = await committees.household_search(community_id, q)
    return render(request, "committees/households.html",
                  {"community": community, "q": q, "field": field, "matches": matches, "more": more},
                  fragment="committees/_household_matches.html", target=f"picker-{field}")
