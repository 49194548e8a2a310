"""The register: a community's details, its buildings, its households and their owners.

Only street and bureau staff change it, each within their scope; anything outside the scope is
None (or NotFound) here and a 404 to the user. Every change made through a form is audited in its
own transaction (an import is audited once, by the import), and once a community has buildings on
the register its building and household counts come from the register.

Households are written in one place, ``upsert_household``, by the form and by the import alike.
"""

from __future__ import annotations

import sqlite3

from asyncpg.exceptions import UniqueViolationError

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.communities import access
from app.communities.logic.importing import changed_fields
from app.communities.services import get_community
from app.communities.tables import Building, Community, Household
from app.db import transaction
from app.errors import FieldError
from app.i18n import gettext as _
from app.regions.services import node_in_scope, recount_after_change

# A natural key taken between our check and our insert (two users at once) ends here, not in a 500.
UNIQUE_ERRORS = (sqlite3.IntegrityError, UniqueViolationError)
EDITABLE = ("name", "address", "year_built", "total_area", "renovation_year", "renovation_status")
COUNTED = {"year_built", "household_count"}  # what the region figures count: a change recounts the branch


class RegistryError(FieldError):
    """Input the register refuses for a reason only the database knows; ``field`` names the form field."""


async def changeable_community(actor: Principal, community_id: int) -> dict | None:
    return await get_community(actor, community_id) if access.may_register(actor) else None


# Communities


async def create_community(actor: Principal, clean: dict) -> int:
    """Register a community. RegistryError when its code is taken or names no residents' community in the area."""
    code, region_code = clean["code"], clean["region_code"]
    if not access.may_register(actor) or not await node_in_scope(actor, region_code, "community"):
        raise RegistryError("code", _("There is no residents' community %(code)s in your area.", code=region_code))
    values = {name: clean[name] for name in EDITABLE}
    counts = {name: clean.get(name) or 0 for name in ("building_count", "household_count")}
    taken = RegistryError("code", _("Community %(code)s is already registered.", code=code))
    try:
        async with transaction():
            if await Community.exists().where(Community.code == code):
                raise taken
            rows = await Community.insert(Community(code=code, region_code=region_code, **values, **counts)).returning(Community.id)
            community_id = rows[0]["id"]
            await audit.record(actor, "community.create", "community", community_id, {"code": code, **values}, region_code,
                               object_name=values["name"])
            await recount_after_change(actor, region_code)
    except UNIQUE_ERRORS:
        raise taken from None
    return community_id


async def has_register(community_id: int) -> bool:
    return await Building.exists().where(Building.community == community_id)


async def update_community(actor: Principal, community_id: int, clean: dict) -> bool:
    """Change a community's details; False when it is not the actor's to change. Typed building and
    household counts apply only while the community has no register of its own."""
    async with transaction():
        current = await changeable_community(actor, community_id)
        if current is None:
            return False
        names = EDITABLE
        if not await has_register(community_id):
            names += tuple(name for name in ("building_count", "household_count") if clean.get(name) is not None)
        changes = changed_fields(current, clean, names)
        if changes:
            await Community.update({**changes, "updated_at": clock.utcnow()}).where(Community.id == community_id)
            summary = {name: (current[name], value) for name, value in changes.items()}
            await audit.record(actor, "community.update", "community", community_id, {"code": current["code"], **summary},
                               current["region_code"], object_name=changes.get("name", current["name"]))
            if changes.keys() & COUNTED:
                await recount_after_change(actor, current["region_code"])
    return True


async def sync_counts(community_ids) -> None:
    """Counts from the register, for communities that have one. Call inside the changing transaction."""
    for community_id in set(community_ids):
        buildings = await Building.count().where(Building.community == community_id)
        if not buildings:
            continue
        households = await Household.count().where(Household.community == community_id)
        await Community.update({Community.building_count: buildings, Community.household_count: households}).where(
            (Community.id == community_id)
            & ((Community.building_count != buildings) | (Community.household_count != households))
        )


# Buildings


async def get_building(actor: Principal, community_id: int, building_id: int) -> dict | None:
    if await get_community(actor, community_id) is None:
        return None
    return await Building.select(Building.id, Building.number, Building.floors).where(
        (Building.id == building_id) & (Building.community == community_id)
    ).first()


async def buildings_of(actor: Principal, community_id: int) -> list[dict]:
    if await get_community(actor, community_id) is None:
        return []
    return await Building.select(Building.id, Building.number).where(Building.community == community_id).order_by(Building.number)


def _building_taken(number: str) -> RegistryError:
    return RegistryError("number", _("%(number)s is already registered in this community.", number=number))


async def save_building(actor: Principal, community_id: int, clean: dict, building_id: int | None = None) -> int | None:
    """Add a building (``building_id`` None) or change one; None when it is not the actor's to change."""
    number = clean["number"]
    try:
        async with transaction():
            community = await changeable_community(actor, community_id)
            if community is None:
                return None
            same_number = Building.select(Building.id).where((Building.community == community_id) & (Building.number == number))
            if building_id is None:
                if await same_number.first():
                    raise _building_taken(number)
                rows = await Building.insert(Building(community=community_id, number=number, floors=clean["floors"])).returning(Building.id)
                building_id = rows[0]["id"]
                await sync_counts([community_id])
                await audit.record(actor, "building.create", "building", building_id,
                                   {"community": community["name"], "number": number, "floors": clean["floors"]},
                                   community["region_code"], object_name=f"{community['name']} {number}")
                await recount_after_change(actor, community["region_code"])
                return building_id
            current = await Building.select().where((Building.id == building_id) & (Building.community == community_id)).first()
            if current is None:
                return None
            other = await same_number.where(Building.id != building_id).first()
            if other:
                raise _building_taken(number)
            changes = changed_fields(current, clean, ("number", "floors"))
            if changes:
                await Building.update(changes).where(Building.id == building_id)
                await audit.record(actor, "building.update", "building", building_id,
                                   {"community": community["name"], **{k: [current[k], v] for k, v in changes.items()}},
                                   community["region_code"], object_name=f"{community['name']} {number}")
            return building_id
    except UNIQUE_ERRORS:
        raise _building_taken(number) from None
