"""The complaint lists: everyone's own (``/complaints``: a company's by deadline, a street's or bureau's
in its area with filters, a committee's community, an owner's own) and one community's."""

from __future__ import annotations

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from app.forms import parse_id
from app.operations.grievances.services import lists
from app.web.auth import ANY_ROLE, allow, principal_of
from app.web.rendering import query_int, query_str, render

READERS = allow(*ANY_ROLE)
LIST_READERS = allow("bureau", "street", "company", "committee")


def _filters(request: Request, default_state: str) -> lists.Filters:
    state = query_str(request, "state", 16) if "state" in request.query_params else default_state
    return lists.clean_filters(state, query_str(request, "overdue", 4), parse_id(query_str(request, "community", 12)),
                               query_str(request, "channel", 24), query_str(request, "responsible", 8),
                               query_str(request, "view", 12))


@get("/complaints", name="list_complaints", guards=[READERS])
async def list_complaints(request: Request) -> Template:
    actor = principal_of(request)
    # Those who answer or supervise start with what awaits a response; an owner or committee with all.
    default = "open" if actor.role in ("company", "street", "bureau") else ""
    context = await lists.list_complaints(actor, _filters(request, default), query_int(request, "page"))
    return render(request, "operations/complaints/list.html", context,
                  fragment="operations/complaints/_list.html", target="complaint-list")


@get("/communities/{community_id:int}/complaints", name="list_community_complaints", guards=[LIST_READERS])
async def list_community_complaints(request: Request, community_id: FromPath[int]) -> Template:
    context = await lists.list_community_complaints(principal_of(request), community_id, _filters(request, ""),
                                                    query_int(request, "page"))
    return render(request, "operations/complaints/community.html", context,
                  fragment="operations/complaints/_community_list.html", target="complaint-list")


ROUTES = [list_complaints, list_community_complaints]
