"""The register's forms: a community's details, its buildings and its households (street and bureau staff).

An invalid form comes back as its partial with a 422 and the messages next to the fields; a
success goes to the community's page. Anything outside the user's scope is a 404.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from app import clock
from app.communities import services as communities
from app.communities.forms import (
    decimal_text,
    parse_building_form,
    parse_community_form,
    parse_household_form,
)
from app.communities.logic import RENOVATION_STATUS
from app.communities.services import households
from app.communities.services import register as registry
from app.errors import FieldError
from app.forms import Form
from app.i18n import gettext as _
from app.i18n import lazy
from app.web.auth import STAFF, allow, principal_of
from app.web.rendering import query_str, redirect, render


def this_year() -> int:
    return clock.this_year()


def _page(request: Request, context: dict, partial: str, target: str, title: str, status_code: int = 200) -> Template:
    context = {"partial": partial, "title": title, "renovation_status": RENOVATION_STATUS, **context}
    return render(request, "communities/edit.html", context, fragment=partial, target=target, status_code=status_code)


def _community_url(request: Request, community_id: int, anchor: str = "") -> str:
    return request.app.route_reverse("show_community", community_id=community_id) + anchor


async def _community_or_404(request: Request, community_id: int) -> dict:
    community = await communities.get_community(principal_of(request), community_id)
    if community is None:
        raise NotFoundException()
    return community


# A community's details

_COMMUNITY_FORM = "communities/_community_form.html"


def _community_values(community: dict) -> dict:
    return {
        "name": community["name"], "address": community["address"], "year_built": str(community["year_built"]),
        "total_area": decimal_text(community["total_area"]),
        "renovation_year": str(community["renovation_year"] or ""), "renovation_status": community["renovation_status"],
        "building_count": str(community["building_count"]), "household_count": str(community["household_count"]),
    }


@get("/communities/new", name="new_community", guards=[allow(*STAFF)])
async def new_community(request: Request) -> Template:
    form = Form(values={"renovation_status": "none"})
    return _page(request, {"form": form, "community": None, "counted": False}, _COMMUNITY_FORM, "community-form",
                 title=_("Register a community"))


@post("/communities", name="create_community", guards=[allow(*STAFF)])
async def create_community(request: Request) -> Template | Response:
    form = parse_community_form(await request.form(), this_year(), with_code=True)
    if not form.errors:
        try:
            community_id = await registry.create_community(principal_of(request), form.clean)
        except (registry.RegistryError, FieldError) as exc:
            form.errors[exc.field] = exc.message
        else:
            return redirect(request, _community_url(request, community_id))
    return _page(request, {"form": form, "community": None, "counted": False}, _COMMUNITY_FORM, "community-form",
                 title=_("Register a community"), status_code=422)


@get("/communities/{community_id:int}/edit", name="edit_community", guards=[allow(*STAFF)])
async def edit_community(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community_or_404(request, community_id)
    context = {"form": Form(values=_community_values(community)), "community": community,
               "counted": await registry.has_register(community_id)}
    return _page(request, context, _COMMUNITY_FORM, "community-form", title=_("Change the community's details"))


@post("/communities/{community_id:int}/edit", name="update_community", guards=[allow(*STAFF)])
async def update_community(request: Request, community_id: FromPath[int]) -> Template | Response:
    community = await _community_or_404(request, community_id)
    form = parse_community_form(await request.form(), this_year(), with_code=False)
    if not form.errors:
        if not await registry.update_community(principal_of(request), community_id, form.clean):
            raise NotFoundException()
        return redirect(request, _community_url(request, community_id))
    context = {"form": form, "community": community, "counted": await registry.has_register(community_id)}
    return _page(request, context, _COMMUNITY_FORM, "community-form", title=_("Change the community's details"), status_code=422)


# Buildings

_BUILDING_FORM = "communities/_building_form.html"


@get("/communities/{community_id:int}/buildings/new", name="new_building", guards=[allow(*STAFF)])
async def new_building(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community_or_404(request, community_id)
    return _page(request, await _building_context(request, community, Form(), None), _BUILDING_FORM,
                 "building-form", title=_("Add a building"))


@post("/communities/{community_id:int}/buildings", name="create_building", guards=[allow(*STAFF)])
async def create_building(request: Request, community_id: FromPath[int]) -> Template | Response:
    return await _save(request, community_id, None, BUILDING)


@get("/communities/{community_id:int}/buildings/{building_id:int}/edit", name="edit_building", guards=[allow(*STAFF)])
async def edit_building(request: Request, community_id: FromPath[int], building_id: FromPath[int]) -> Template:
    community = await _community_or_404(request, community_id)
    building = await registry.get_building(principal_of(request), community_id, building_id)
    if building is None:
        raise NotFoundException()
    form = Form(values={"number": building["number"], "floors": str(building["floors"] or "")})
    return _page(request, await _building_context(request, community, form, building), _BUILDING_FORM,
                 "building-form", title=_("Change a building"))


@post("/communities/{community_id:int}/buildings/{building_id:int}/edit", name="update_building", guards=[allow(*STAFF)])
async def update_building(request: Request, community_id: FromPath[int], building_id: FromPath[int]) -> Template | Response:
    return await _save(request, community_id, building_id, BUILDING)


# Households

_HOUSEHOLD_FORM = "communities/_household_form.html"


async def _household_context(request: Request, community: dict, form: Form, household: dict | None) -> dict:
    buildings = await registry.buildings_of(principal_of(request), community["id"])
    return {"form": form, "community": community, "household": household, "buildings": buildings}


@get("/communities/{community_id:int}/households/new", name="new_household", guards=[allow(*STAFF)])
async def new_household(request: Request, community_id: FromPath[int]) -> Template:
    community = await _community_or_404(request, community_id)
    form = Form(values={"building": query_str(request, "building", 10)})  # the building to preselect
    return _page(request, await _household_context(request, community, form, None), _HOUSEHOLD_FORM,
                 "household-form", title=_("Add a household"))


@post("/communities/{community_id:int}/households", name="create_household", guards=[allow(*STAFF)])
async def create_household(request: Request, community_id: FromPath[int]) -> Template | Response:
    return await _save(request, community_id, None, HOUSEHOLD)


@get("/communities/{community_id:int}/households/{household_id:int}/edit", name="edit_household", guards=[allow(*STAFF)])
async def edit_household(request: Request, community_id: FromPath[int], household_id: FromPath[int]) -> Template:
    community = await _community_or_404(request, community_id)
    household = await households.get_household(principal_of(request), community_id, household_id)
    if household is None:
        raise NotFoundException()
    form = Form(values={
        "building": str(household["building"]), "unit_number": household["unit_number"],
        "floor_area": decimal_text(household["floor_area"]), "owner_name": household["owner_name"] or "",
        "owner_phone": household["owner_phone"] or "", "is_developer_stock": "on" if household["is_developer_stock"] else "",
    })
    return _page(request, await _household_context(request, community, form, household), _HOUSEHOLD_FORM,
                 "household-form", title=_("Change a household"))


@post("/communities/{community_id:int}/households/{household_id:int}/edit", name="update_household", guards=[allow(*STAFF)])
async def update_household(request: Request, community_id: FromPath[int], household_id: FromPath[int]) -> Template | Response:
    return await _save(request, community_id, household_id, HOUSEHOLD)


# One save path for buildings and households: the two differ only in what the table below names.

@dataclass(frozen=True)
class _Item:
    get: Callable[..., Awaitable[dict | None]]
    parse: Callable[..., Form]
    save: Callable[..., Awaitable[object]]
    context: Callable[..., Awaitable[dict]]
    template: str
    target: str
    add_title: str
    change_title: str


async def _building_context(request: Request, community: dict, form: Form, building: dict | None) -> dict:
    return {"form": form, "community": community, "building": building}


BUILDING = _Item(registry.get_building, parse_building_form, registry.save_building, _building_context,
                 _BUILDING_FORM, "building-form", lazy("Add a building"), lazy("Change a building"))
HOUSEHOLD = _Item(households.get_household, parse_household_form, households.save_household, _household_context,
                  _HOUSEHOLD_FORM, "household-form", lazy("Add a household"), lazy("Change a household"))


async def _save(request: Request, community_id: int, item_id: int | None, item: _Item) -> Template | Response:
    actor = principal_of(request)
    community = await _community_or_404(request, community_id)
    current = None
    if item_id is not None:
        current = await item.get(actor, community_id, item_id)
        if current is None:
            raise NotFoundException()
    form = item.parse(await request.form())
    if not form.errors:
        try:
            saved = await item.save(actor, community_id, form.clean, item_id)
        except (registry.RegistryError, FieldError) as exc:
            form.errors[exc.field] = exc.message
        else:
            if saved is None:
                raise NotFoundException()
            return redirect(request, _community_url(request, community_id, "#register"))
    title = _(item.change_title if current else item.add_title)
    return _page(request, await item.context(request, community, form, current), item.template, item.target,
                 title=title, status_code=422)


ROUTES = [
    new_community, create_community, edit_community, update_community,
    new_building, create_building, edit_building, update_building,
    new_household, create_household, edit_household, update_household,
]
