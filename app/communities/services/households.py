"""Households and their owners: the one way the register's households are written (form and import).
The community page reads them through ``register_view``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app import clock
from app.accounts.logic import Principal, mask_phone
from app.audit import services as audit
from app.communities.forms import check_household_fields
from app.communities.logic.importing import changed_fields
from app.communities.services.owner_uses import owner_uses
from app.communities.services.register import (
    UNIQUE_ERRORS,
    RegistryError,
    changeable_community,
    sync_counts,
)
from app.communities.tables import Building, Household, Owner
from app.db import transaction
from app.errors import NotFound
from app.i18n import gettext as _
from app.regions.services import recount_after_change

# What makes a household differ from its registered row: owners compare by name and phone, as they are matched.
HOUSEHOLD_FIELDS = ("building", "unit_number", "floor_area", "owner_name", "owner_phone", "is_developer_stock")


async def get_household(actor: Principal, community_id: int, household_id: int) -> dict | None:
    """A household as its edit form shows it (phone whole: only staff edit)."""
    if await changeable_community(actor, community_id) is None:
        return None
    return await Household.select(
        Household.id, Household.building, Household.unit_number, Household.floor_area, Household.is_developer_stock,
        Household.owner.name.as_alias("owner_name"), Household.owner.phone.as_alias("owner_phone"),
    ).where((Household.id == household_id) & (Household.community == community_id)).first()


_HOUSEHOLD_COLUMNS = (
    Household.id, Household.building, Household.unit_number, Household.floor_area, Household.is_developer_stock,
    Household.owner, Household.owner.name.as_alias("owner_name"), Household.owner.phone.as_alias("owner_phone"),
)


def _household_row(row: dict) -> dict:
    row["owner_name"], row["owner_phone"] = row["owner_name"] or "", row["owner_phone"] or ""
    return row


class HouseholdRegister:
    """One community's register as writing households needs it: buildings, owners and households by
    their natural keys (building number; owner name and phone; building and unit number).

    ``complete`` loads it whole in three queries, for an import that writes many households in
    chunks; otherwise each look-up asks for its one key, for a form that writes one. Either way
    ``upsert_household`` reads it and keeps it current, and ``flush`` ends each transaction's work.
    ``audited`` is False for an import, which is audited once as a whole."""

    def __init__(self, community: dict, *, complete: bool = False, audited: bool = True) -> None:
        self.community = community
        self.complete = complete
        self.audited = audited
        self.buildings: dict[str, int] = {}  # number -> id
        self.numbers: dict[int, str] = {}  # id -> number
        self.owners: dict[tuple[str, str], int] = {}
        self.households: dict[tuple[int, str], dict] = {}
        self._created = False
        self._replaced_owners: set[int] = set()

    @classmethod
    async def open(cls, actor: Principal, community_id: int, *, complete: bool = False, audited: bool = True):
        """The register of a community the actor may change; NotFound otherwise."""
        community = await changeable_community(actor, community_id)
        if community is None:
            raise NotFound()
        register = cls(community, complete=complete, audited=audited)
        if complete:
            await register.load()
        return register

    async def load(self) -> None:
        community_id = self.community["id"]
        for row in await Building.select(Building.id, Building.number).where(Building.community == community_id):
            self.buildings[row["number"]], self.numbers[row["id"]] = row["id"], row["number"]
        for row in await Owner.select(Owner.id, Owner.name, Owner.phone).where(Owner.community == community_id):
            self.owners[(row["name"], row["phone"])] = row["id"]
        for row in await Household.select(*_HOUSEHOLD_COLUMNS).where(Household.community == community_id):
            self.households[(row["building"], row["unit_number"])] = _household_row(row)

    async def building_number(self, building_id: object) -> str | None:
        """The number of one of this community's buildings, or None."""
        if not isinstance(building_id, int):
            return None
        if building_id not in self.numbers and not self.complete:
            row = await Building.select(Building.number).where(
                (Building.id == building_id) & (Building.community == self.community["id"])
            ).first()
            if row:
                self.buildings[row["number"]], self.numbers[building_id] = building_id, row["number"]
        return self.numbers.get(building_id)

    async def building_for(self, number: str) -> tuple[int, bool]:
        """The building with this number, made if new (an import names buildings by number): (id, made)."""
        if number not in self.buildings and not self.complete:
            row = await Building.select(Building.id).where(
                (Building.community == self.community["id"]) & (Building.number == number)
            ).first()
            if row:
                self.buildings[number], self.numbers[row["id"]] = row["id"], number
        if number in self.buildings:
            return self.buildings[number], False
        rows = await Building.insert(Building(community=self.community["id"], number=number)).returning(Building.id)
        self.buildings[number], self.numbers[rows[0]["id"]] = rows[0]["id"], number
        self._created = True
        return rows[0]["id"], True

    async def household_at(self, building_id: int, unit: str) -> dict | None:
        key = (building_id, unit)
        if key not in self.households and not self.complete:
            row = await Household.select(*_HOUSEHOLD_COLUMNS).where(
                (Household.building == building_id) & (Household.unit_number == unit)
            ).first()
            if row:
                self.households[key] = _household_row(row)
        return self.households.get(key)

    async def household(self, household_id: int) -> dict | None:
        found = next((row for row in self.households.values() if row["id"] == household_id), None)
        if found is None and not self.complete:
            row = await Household.select(*_HOUSEHOLD_COLUMNS).where(
                (Household.id == household_id) & (Household.community == self.community["id"])
            ).first()
            if row:
                found = self.households[(row["building"], row["unit_number"])] = _household_row(row)
        return found

    async def owner_id(self, name: str, phone: str) -> int:
        """The owner with this name and phone in the community, made if new: one owner may hold
        several units and is one head in a vote (Civil Code art. 278)."""
        key = (name, phone)
        if key not in self.owners and not self.complete:
            row = await Owner.select(Owner.id).where(
                (Owner.community == self.community["id"]) & (Owner.name == name) & (Owner.phone == phone)
            ).first()
            if row:
                self.owners[key] = row["id"]
        if key not in self.owners:
            rows = await Owner.insert(Owner(community=self.community["id"], name=name, phone=phone)).returning(Owner.id)
            self.owners[key] = rows[0]["id"]
        return self.owners[key]

    async def flush(self, *, refuse_in_use: bool = True) -> None:
        """End a transaction's writes: counts from the register, and owners left with no unit removed
        (they would count as heads in a vote). Call inside the writing transaction.

        An owner another domain still refers to (``owner_uses``: a committee member, a slate's
        candidate) is not removed: a use that ``blocks`` refuses the change with its message
        (RegistryError on ``owner_name``) when ``refuse_in_use``; an import, which must not stop on
        one unit, keeps the record instead, as it does for the uses that do not block."""
        if self._replaced_owners:
            ids = sorted(self._replaced_owners)
            kept = {row["owner"] for row in await Household.select(Household.owner).where(Household.owner.is_in(ids))}
            gone = [owner for owner in ids if owner not in kept]
            uses = await owner_uses(gone)
            blocking = next((use for use in uses if use.blocks), None)
            if blocking is not None and refuse_in_use:
                raise RegistryError("owner_name", blocking.message)
            in_use = {use.owner_id for use in uses}
            gone = [owner for owner in gone if owner not in in_use]
            if gone:
                await Owner.delete().where(Owner.id.is_in(gone) & (Owner.community == self.community["id"]))
                self.owners = {key: owner for key, owner in self.owners.items() if owner not in gone}
            self._replaced_owners.clear()
        if self._created:
            await sync_counts([self.community["id"]])
            self._created = False


def _unit_taken(unit: str, building: str) -> RegistryError:
    return RegistryError("unit_number", _("Unit %(unit)s of %(building)s is already registered.", unit=unit, building=building))


def _check_household(clean: dict) -> None:
    """The form's and the file's checks once more, so no caller can write what they refuse: unit
    number, area bounds (logic.parse_area), an owner with a valid phone, or developer stock with none."""
    raw = {**clean, "floor_area": "" if clean.get("floor_area") is None else format(Decimal(clean["floor_area"]), "f")}
    _clean, errors = check_household_fields(raw)
    if errors:
        field, message = next(iter(errors.items()))
        raise RegistryError(field, message)


CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"


@dataclass(frozen=True)
class Upserted:
    id: int
    outcome: str  # CREATED · CHANGED · UNCHANGED


async def upsert_household(
    actor: Principal,
    community_id: int,
    clean: dict,
    household_id: int | None = None,
    *,
    match: bool = False,
    register: HouseholdRegister | None = None,
) -> Upserted:
    """Write one household: the one way the register's households are written (form and import).

    ``clean``: building (id), unit_number, floor_area (Decimal m²), owner_name, owner_phone (digits),
    is_developer_stock. With ``household_id`` that household is changed; without it one is added,
    and a unit already registered in the building is refused, unless ``match``: then the household
    at (building, unit number) is changed (an import, by natural key). The owner is found by name
    and phone within the community, or made; developer stock has no owner.
    NotFound: not the actor's community, or no such household; RegistryError: input refused.
    """
    _check_household(clean)
    unit, stock = clean["unit_number"], bool(clean["is_developer_stock"])
    building_label = ""
    try:
        async with transaction():
            own = register is None
            if own:
                register = await HouseholdRegister.open(actor, community_id)
            elif register.community["id"] != community_id:
                raise NotFound()
            community = register.community
            building_label = await register.building_number(clean.get("building"))
            if building_label is None:
                raise RegistryError("building", _("Choose one of this community's buildings."))
            current = None
            if household_id is not None:
                current = await register.household(household_id)
                if current is None:
                    raise NotFound()
            same_unit = await register.household_at(clean["building"], unit)
            if same_unit is not None:
                if match and household_id is None:
                    current = same_unit
                elif current is None or same_unit["id"] != current["id"]:
                    raise _unit_taken(unit, building_label)
            name, phone = ("", "") if stock else (clean["owner_name"], clean["owner_phone"])
            values = {"building": clean["building"], "unit_number": unit, "floor_area": clean["floor_area"],
                      "owner_name": name, "owner_phone": phone, "is_developer_stock": stock}
            changes = changed_fields(current, values, HOUSEHOLD_FIELDS) if current else values
            if not changes:
                return Upserted(current["id"], UNCHANGED)
            owner = None if stock else await register.owner_id(name, phone)
            columns = {"building": clean["building"], "unit_number": unit, "floor_area": clean["floor_area"],
                       "owner": owner, "is_developer_stock": stock}
            if current is None:
                rows = await Household.insert(Household(community=community_id, **columns)).returning(Household.id)
                saved, outcome = rows[0]["id"], CREATED
                register._created = True
            else:
                saved, outcome = current["id"], CHANGED
                await Household.update({**columns, "updated_at": clock.utcnow()}).where(Household.id == saved)
                del register.households[(current["building"], current["unit_number"])]
                if current["owner"] is not None and current["owner"] != owner:
                    register._replaced_owners.add(current["owner"])
            register.households[(clean["building"], unit)] = {"id": saved, **values, "owner": owner}
            if register.audited:
                await _audit_household(actor, community, saved, outcome, current, values,
                                       building_label, await register.building_number(current["building"]) if current else None)
            if own:
                await register.flush()
                if outcome == CREATED:
                    await recount_after_change(actor, community["region_code"])  # an import recounts once, at its end
            return Upserted(saved, outcome)
    except UNIQUE_ERRORS:
        raise _unit_taken(unit, building_label or "") from None


async def _audit_household(actor, community, household_id, outcome, current, values, building, old_building) -> None:
    name = f"{community['name']} {building} {values['unit_number']}"
    if outcome == CREATED:
        summary = {"building": building, "unit_number": values["unit_number"], "floor_area": values["floor_area"],
                   "owner": values["owner_name"], "is_developer_stock": values["is_developer_stock"]}
        await audit.record(actor, "household.create", "household", household_id, summary, community["region_code"], name)
        return
    before = {**current, "building": old_building, "owner": current["owner_name"]}
    after = {**values, "building": building, "owner": values["owner_name"]}
    summary = {key: [before[key], after[key]] for key in ("building", "unit_number", "floor_area", "owner", "is_developer_stock")
               if changed_fields(before, after, (key,))}
    if before["owner_phone"] != after["owner_phone"] and "owner" not in summary:
        summary["owner_phone"] = [mask_phone(before["owner_phone"]), mask_phone(after["owner_phone"])]
    await audit.record(actor, "household.update", "household", household_id, summary, community["region_code"], name)


async def save_household(actor: Principal, community_id: int, clean: dict, household_id: int | None = None) -> int | None:
    """The register form's save: ``upsert_household``, None when it is not the actor's to change."""
    try:
        return (await upsert_household(actor, community_id, clean, household_id)).id
    except NotFound:
        return None

