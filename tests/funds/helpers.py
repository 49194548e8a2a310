"""A fund to post to: community A's register (three units of exact areas, 王芳 linked to erin), one unit
in community B, and the county's rate; and postings made the way the services are called."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import count

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.communities.tables import Building, Household, Owner
from app.db import transaction
from app.funds.services.ledger import Draft, post_entries
from app.funds.tables import FundRate
from app.owners.tables import OwnerLink
from tests.factories import World, make_world

RATE = 3333  # fen per m² (33.33 yuan): 85.55 m² owe 2,851.38 yuan (half up from 2,851.3815)
_keys = count(1)


@dataclass
class Fund:
    world: World
    community: int
    units: dict[str, int]  # unit number -> household id (community A)
    other_unit: int  # community B's household
    other_building: int  # community B's building


async def principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def _unit(community: int, building: int, unit: str, area: str, owner: int | None) -> int:
    rows = await Household.insert(Household(community=community, building=building, unit_number=unit,
                                            floor_area=Decimal(area), owner=owner)).returning(Household.id)
    return rows[0]["id"]


async def make_fund() -> Fund:
    world = await make_world()
    async with transaction():
        a, b = world.community_a, world.community_b
        building = (await Building.insert(Building(community=a, number="1号楼")).returning(Building.id))[0]["id"]
        other = (await Building.insert(Building(community=b, number="9号楼")).returning(Building.id))[0]["id"]
        wang = (await Owner.insert(Owner(community=a, name="王芳", phone="13900000000")).returning(Owner.id))[0]["id"]
        li = (await Owner.insert(Owner(community=a, name="李强")).returning(Owner.id))[0]["id"]
        zhou = (await Owner.insert(Owner(community=b, name="周平")).returning(Owner.id))[0]["id"]
        units = {"1-101": await _unit(a, building, "1-101", "85.55", wang),
                 "1-102": await _unit(a, building, "1-102", "100.00", li),
                 "1-103": await _unit(a, building, "1-103", "60.00", None)}
        other_unit = await _unit(b, other, "9-901", "70.00", zhou)
        erin = await Account.select(Account.id).where(Account.username == "erin").first()
        await OwnerLink.insert(OwnerLink(account=erin["id"], owner=wang))
        await FundRate.insert(FundRate(region_code="630102", rate_fen_per_m2=RATE, effective_from=date(2020, 1, 1)))
    return Fund(world, a, units, other_unit, other)


def key() -> str:
    return f"test-{next(_keys)}"


async def post(actor, community: int, kind: str, amount_fen: int, household: int | None = None, **extra):
    """One entry, with a fresh key unless given one."""
    draft = Draft(kind, amount_fen, extra.pop("idempotency_key", None) or key(), household, **extra)
    return await post_entries(actor, community, [draft])
