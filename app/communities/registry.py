"""The register: a community's details, its buildings, its households and their owners.

Only street and bureau staff change it, each within their scope; anything outside the scope is
None here and a 404 to the user. Every change is audited in its own transaction, and once a
community has buildings on the register its building and household counts come from the register.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from decimal import Decimal

from asyncpg.exceptions import UniqueViolationError
from piccolo.query.functions.aggregate import Count

from app import clock
from app.accounts.logic import Principal, mask_phone, sees_phone_numbers
from app.audit import services as audit
from app.communities.importing import changed_fields
from app.communities.services import get_community
from app.communities.tables import Building, Community, Household, Owner
from app.db import transaction
from app.i18n import gettext as _
from app.regions.services import can_see, recount_after_change
from app.regions.tables import Region

# A natural key taken between our check and our insert (two users at once) ends here, not in a 500.
UNIQUE_ERRORS = (sqlite3.IntegrityError, UniqueViolationError)
EDITABLE = ("name", "address", "year_built", "total_area", "renovation_year", "renovation_status")
HOUSEHOLD_FIELDS = ("building", "unit_number", "floor_area", "owner", "is_developer_stock")
COUNTED = {"year_built", "household_count"}  # what the region figures count: a change recounts the branch


class RegistryError(ValueError):
    """Input the register refuses for a reason only the database knows; ``field`` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def jsonable(values: dict) -> dict:
    """Values for the audit log's JSON: exact decimals as text, pairs of old and new values kept."""

    def one(value):
        if isinstance(value, Decimal):
            return format(value, "f")
        if isinstance(value, (list, tuple)):
            return [one(item) for item in value]
        return value

    return {key: one(value) for key, value in values.items()}


def may_change(actor: Principal) -> bool:
    return actor.is_staff or actor.is_system


async def _changeable_community(actor: Principal, community_id: int) -> dict | None:
    return await get_community(actor, community_id) if may_change(actor) else None


async def residents_community_in_scope(actor: Principal, region_code: str) -> bool:
    """Whether ``region_code`` is a residents' community of the tree inside the actor's scope."""
    if not can_see(actor, region_code):
        return False
    return await Region.exists().where((Region.code == region_code) & (Region.level == "community"))


# Communities


async def create_community(actor: Principal, clean: dict) -> int:
    """Register a community. RegistryError when its code is taken or names no residents' community in the area."""
    code, region_code = clean["code"], clean["region_code"]
    if not may_change(actor) or not await residents_community_in_scope(actor, region_code):
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
            await audit.record(actor, "community.create", "community", community_id, jsonable({"code": code, **values}), region_code)
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
        current = await _changeable_community(actor, community_id)
        if current is None:
            return False
        names = EDITABLE
        if not await has_register(community_id):
            names += tuple(name for name in ("building_count", "household_count") if clean.get(name) is not None)
        changes = changed_fields(current, clean, names)
        if changes:
            await Community.update({**changes, "updated_at": clock.utcnow()}).where(Community.id == community_id)
            summary = {name: (current[name], value) for name, value in changes.items()}
            await audit.record(actor, "community.update", "community", community_id,
                               jsonable({"code": current["code"], **summary}), current["region_code"])
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
            community = await _changeable_community(actor, community_id)
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
                                   {"community": community["code"], "number": number, "floors": clean["floors"]}, community["region_code"])
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
                                   {"community": community["code"], **{k: [current[k], v] for k, v in changes.items()}},
                                   community["region_code"])
            return building_id
    except UNIQUE_ERRORS:
        raise _building_taken(number) from None


# Households and their owners


@dataclass(frozen=True)
class RegisterPage:
    buildings: list[dict]  # id, number, floors, households
    rows: list[dict]  # households, the phone masked unless the viewer is staff
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


async def register_page(actor: Principal, community_id: int, page: int = 1, per_page: int = 50) -> RegisterPage | None:
    if await get_community(actor, community_id) is None:
        return None
    buildings = await Building.select(Building.id, Building.number, Building.floors).where(
        Building.community == community_id
    ).order_by(Building.number)
    per_building = await Household.select(Household.building, Count(Household.id, alias="households")).where(
        Household.community == community_id
    ).group_by(Household.building)
    counts = {row["building"]: row["households"] for row in per_building}
    for building in buildings:
        building["households"] = counts.get(building["id"], 0)
    total = sum(counts.values())
    page = max(1, min(page, max(1, -(-total // per_page))))
    rows = await Household.select(
        Household.id,
        Household.unit_number,
        Household.floor_area,
        Household.is_developer_stock,
        Household.building.number.as_alias("building_number"),
        Household.owner.name.as_alias("owner_name"),
        Household.owner.phone.as_alias("owner_phone"),
    ).where(Household.community == community_id).order_by(Household.building.number).order_by(
        Household.unit_number
    ).limit(per_page).offset((page - 1) * per_page)
    if not sees_phone_numbers(actor):
        for row in rows:
            row["owner_phone"] = mask_phone(row["owner_phone"] or "")
    return RegisterPage(buildings=buildings, rows=rows, total=total, page=page, per_page=per_page)


async def get_household(actor: Principal, community_id: int, household_id: int) -> dict | None:
    """A household as its edit form shows it (phone whole: only staff edit)."""
    if await _changeable_community(actor, community_id) is None:
        return None
    return await Household.select(
        Household.id, Household.building, Household.unit_number, Household.floor_area, Household.is_developer_stock,
        Household.owner.name.as_alias("owner_name"), Household.owner.phone.as_alias("owner_phone"),
    ).where((Household.id == household_id) & (Household.community == community_id)).first()


async def owner_for(community_id: int, name: str, phone: str) -> int:
    """The owner with this name and phone in the community, made if new: one owner may hold several units."""
    row = await Owner.select(Owner.id).where(
        (Owner.community == community_id) & (Owner.name == name) & (Owner.phone == phone)
    ).first()
    if row:
        return row["id"]
    rows = await Owner.insert(Owner(community=community_id, name=name, phone=phone)).returning(Owner.id)
    return rows[0]["id"]


def _unit_taken(unit: str, building: str) -> RegistryError:
    return RegistryError("unit_number", _("Unit %(unit)s of %(building)s is already registered.", unit=unit, building=building))


async def save_household(actor: Principal, community_id: int, clean: dict, household_id: int | None = None) -> int | None:
    """Add a household (``household_id`` None) or change one; None when it is not the actor's to change."""
    unit = clean["unit_number"]
    building_number = ""
    try:
        async with transaction():
            community = await _changeable_community(actor, community_id)
            if community is None:
                return None
            building = await Building.select(Building.id, Building.number).where(
                (Building.id == clean["building"]) & (Building.community == community_id)
            ).first()
            if building is None:
                raise RegistryError("building", _("Choose one of this community's buildings."))
            building_number = building["number"]
            same_unit = Household.select(Household.id).where(
                (Household.building == building["id"]) & (Household.unit_number == unit)
            )
            if household_id is not None:
                same_unit = same_unit.where(Household.id != household_id)
            if await same_unit.first():
                raise _unit_taken(unit, building_number)
            stock = clean["is_developer_stock"]
            owner = None if stock else await owner_for(community_id, clean["owner_name"], clean["owner_phone"])
            values = {"building": building["id"], "unit_number": unit, "floor_area": clean["floor_area"],
                      "owner": owner, "is_developer_stock": stock}
            summary = {"community": community["code"], "building": building_number, "unit": unit,
                       "floor_area": clean["floor_area"], "owner": clean["owner_name"], "developer_stock": stock}
            if household_id is None:
                rows = await Household.insert(Household(community=community_id, **values)).returning(Household.id)
                household_id = rows[0]["id"]
                await sync_counts([community_id])
                await audit.record(actor, "household.create", "household", household_id, jsonable(summary), community["region_code"])
                await recount_after_change(actor, community["region_code"])
                return household_id
            current = await Household.select().where((Household.id == household_id) & (Household.community == community_id)).first()
            if current is None:
                return None
            changes = changed_fields(current, values, HOUSEHOLD_FIELDS)
            if changes:
                await Household.update({**changes, "updated_at": clock.utcnow()}).where(Household.id == household_id)
                await audit.record(actor, "household.update", "household", household_id,
                                   jsonable({**summary, "changed": sorted(changes)}), community["region_code"])
            return household_id
    except UNIQUE_ERRORS:
        raise _unit_taken(unit, building_number) from None
