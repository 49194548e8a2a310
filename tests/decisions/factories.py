"""A register to vote on: buildings, owners and units of exact areas, and owner accounts linked to them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.communities.tables import Building, Household, Owner
from app.db import transaction
from app.decisions.services.decisions import DecisionInput, create_decision
from app.owners.tables import OwnerLink


async def principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def make_register(community_id: int, units: list[tuple], building: str = "1号楼",
                        owners: dict | None = None) -> dict:
    """``units``: (unit number, owner name or None, area, developer stock). Owners are made once per name,
    or taken from ``owners`` (an earlier answer: the same people owning units in another building).
    Answers {owner name: owner id, "building": building id, "households": {unit: id}}."""
    made: dict = {name: owner for name, owner in (owners or {}).items() if isinstance(owner, int)
                  and name != "building"} | {"households": {}}
    async with transaction():
        rows = await Building.insert(Building(community=community_id, number=building)).returning(Building.id)
        made["building"] = rows[0]["id"]
        for unit, name, area, developer in units:
            owner_id = None
            if name is not None:
                if name not in made:
                    found = await Owner.insert(Owner(community=community_id, name=name)).returning(Owner.id)
                    made[name] = found[0]["id"]
                owner_id = made[name]
            rows = await Household.insert(Household(
                community=community_id, building=made["building"], unit_number=unit, floor_area=Decimal(area),
                owner=owner_id, is_developer_stock=developer,
            )).returning(Household.id)
            made["households"][unit] = rows[0]["id"]
    return made


def equal_units(n: int, area: str = "80.00", prefix: str = "") -> list[tuple]:
    return [(f"{prefix}{i + 1:03d}", f"业主{prefix}{i + 1}", area, False) for i in range(n)]


async def link(account_id: int, owner_id: int) -> None:
    await OwnerLink.insert(OwnerLink(account=account_id, owner=owner_id))


def draft(matter: str = "other", **overrides) -> DecisionInput:
    values = {"matter": matter, "title": "更换小区大门", "body": "是否更换小区大门。",
              "opens_on": date(2026, 11, 20), "closes_on": date(2026, 11, 30)}
    values.update(overrides)
    return DecisionInput(**values)


async def make_decision(actor, community_id: int, matter: str = "other", **overrides) -> int:
    return await create_decision(actor, community_id, draft(matter, **overrides))
