"""The region browser: a node, its children and their figures."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.jobs import services as jobs
from app.regions import access
from app.regions import services as regions
from app.regions.logic import InvalidRegionCode, level_of
from app.web.auth import STAFF, allow, principal_of
from app.web.rendering import render


@get("/regions", name="browse_regions", guards=[allow(*STAFF)])
async def browse_regions(request: Request) -> Redirect:
    actor = principal_of(request)
    return Redirect(path=request.app.route_reverse("show_region", code=actor.region_code), status_code=303)


@get("/regions/{code:str}", name="show_region", guards=[allow(*STAFF)])
async def show_region(request: Request, code: FromPath[str]) -> Template:
    actor = principal_of(request)
    try:
        level_of(code)
    except InvalidRegionCode:
        raise NotFoundException() from None
    node, children = await regions.node_and_children(actor, code)
    if node is None:
        raise NotFoundException()
    context = {
        "node": node,
        "children": children,
        "crumbs": await regions.breadcrumbs(actor, node["code"]),
        "may_recount": access.may_recount(actor),
    }
    return render(request, "regions/show.html", context)


@post("/regions/recount", name="recount_regions", guards=[allow("bureau")])
async def recount_regions(request: Request) -> Template | Redirect:
    actor = principal_of(request)
    job_id = await jobs.start_job(actor, "recount_regions", region_code=actor.region_code)
    job = await jobs.get_job(actor, job_id)
    if request.headers.get("hx-target") == "recount-status":
        return render(request, "jobs/_status.html", {"job": job})
    return Redirect(path=request.app.route_reverse("show_job", job_id=job_id), status_code=303)


ROUTES = [browse_regions, show_region, recount_regions]
