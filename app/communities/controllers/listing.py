"""The community list (search, region filter, pages) and its export; a community's own page is in ``community``."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.response import Redirect, Template

from app.communities import access
from app.communities import services as communities
from app.communities.logic import RENOVATION_STATUS
from app.communities.logic.export import community_workbook
from app.communities.services import CommunityFilter
from app.errors import NotFound
from app.i18n import gettext as _
from app.management import services as management
from app.regions import services as regions
from app.reports.xlsx import XLSX_MEDIA_TYPE, disposition, today_stamp
from app.web.auth import ANY_ROLE, STAFF, allow, principal_of
from app.web.rendering import merge_query, query_int, query_str, render, wants_fragment

RESULTS = "community-results"  # the element htmx swaps the results into


def _filter(request: Request) -> CommunityFilter:
    """The list's filter from the query string; anything malformed is dropped, never an error."""
    actor = principal_of(request)
    region = regions.visible_code(actor, query_str(request, "region", 12))
    mode = query_str(request, "mode", 16)
    sort = query_str(request, "sort", 12)
    return CommunityFilter(
        q=query_str(request, "q", 64),
        region_code=region or None,
        mode=mode if mode in communities.MODE_FILTERS else "",
        old=query_str(request, "old", 1) == "1",
        red=query_str(request, "red", 1) == "1",
        sort=sort.lstrip("-") if sort.lstrip("-") in communities.SORTS else "code",
        descending=sort.startswith("-"),
        day=management.today(),
    )


def filter_params(f: CommunityFilter) -> dict:
    return {
        "q": f.q, "region": f.region_code or "", "mode": f.mode, "old": "1" if f.old else "",
        "red": "1" if f.red else "", "sort": ("-" if f.descending else "") + f.sort if f.sort != "code" or f.descending else "",
    }


@get("/communities", name="list_communities", guards=[allow(*ANY_ROLE)])
async def list_communities(request: Request) -> Template:
    actor = principal_of(request)
    f = _filter(request)
    page = await communities.list_communities(actor, f, page=query_int(request, "page"))
    managers, upcoming = await management.managers_and_next([row["id"] for row in page.rows], f.day)
    names = await regions.names([row["region_code"] for row in page.rows])
    for row in page.rows:  # looked up here: in the template each .get() per row is a call through Jinja
        row["committee"] = names.get(row["region_code"], row["region_code"])
        row["manager"] = managers.get(row["id"])
        row["next"] = upcoming.get(row["id"])
    context = {
        "page": page,
        "f": f,
        "params": filter_params(f),
        "q": f.q,
        "region": f.region_code or "",
        "renovation_status": RENOVATION_STATUS,
        "may": access.may(actor),
    }
    if not wants_fragment(request, RESULTS):  # the results alone need neither the picker nor the form
        context["picker"] = await regions.picker(actor, f.region_code) if actor.is_staff else None
    return render(request, "communities/list.html", context, fragment="communities/_results.html", target=RESULTS)


@get("/communities/region-picker", name="show_region_picker", guards=[allow(*STAFF)])
async def show_region_picker(request: Request) -> Template | Redirect:
    """The list's region picker at one node (its path and its children), for htmx; then the list's
    form asks for the results (``region-picked``). A region outside the user's scope is not found."""
    actor = principal_of(request)
    f = _filter(request)
    raw = request.query_params.get("region", "")
    if raw and raw != f.region_code:  # malformed, cut short, or outside the user's area
        raise NotFound("region")
    params = filter_params(f)
    if not getattr(request, "htmx", None):  # opened by hand: the list at that region
        return Redirect(path=request.app.route_reverse("list_communities") + "?" + merge_query(params), status_code=303)
    context = {"picker": await regions.picker(actor, f.region_code), "params": params, "region": params["region"]}
    response = render(request, "communities/_region_picker.html", context)
    response.headers["HX-Trigger-After-Settle"] = "region-picked"
    return response


@get("/communities/export.xlsx", name="export_communities", guards=[allow("bureau", "street")])
async def export_communities(request: Request) -> Response:
    actor = principal_of(request)
    f = _filter(request)
    rows = await communities.export_communities(actor, f)
    managers = await management.managers_on([row["id"] for row in rows], f.day)
    names = await regions.names([row["region_code"] for row in rows])
    content = community_workbook(rows, managers, names)
    filename = _("communities") + f"-{today_stamp(f.day)}.xlsx"
    return Response(content=content, media_type=XLSX_MEDIA_TYPE, headers={"Content-Disposition": disposition(filename)})


ROUTES = [list_communities, show_region_picker, export_communities]
