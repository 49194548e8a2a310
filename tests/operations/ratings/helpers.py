"""Ratings to count: a community's owners (erin is 王芳 of community A, owning 1-101 and 1-102), a
committee at A, a company managing A, and many ratings made at once for the satisfaction figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import count

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.committees.tables import Committee
from app.communities.tables import Building, Community, Household, Owner
from app.db import transaction
from app.management.tables import Arrangement
from app.operations.ratings.services.tallies import refresh_tallies
from app.operations.ratings.tables import Rating
from app.owners.tables import OwnerLink
from tests.factories import World, make_account, make_world

_raters = count(10_000)


@dataclass
class Place:
    world: World
    units: dict[str, int]  # unit number -> household id at community A
    committee: int


async def principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def make_place() -> Place:
    world = await make_world()
    async with transaction():
        a, b = world.community_a, world.community_b
        building = (await Building.insert(Building(community=a, number="1号楼")).returning(Building.id))[0]["id"]
        wang = (await Owner.insert(Owner(community=a, name="王芳", phone="13900000000")).returning(Owner.id))[0]["id"]
        units = {}
        for unit in ("1-101", "1-102"):
            rows = await Household.insert(Household(community=a, building=building, unit_number=unit,
                                                    floor_area=Decimal("80.00"), owner=wang)).returning(Household.id)
            units[unit] = rows[0]["id"]
        erin = await Account.select(Account.id).where(Account.username == "erin").first()
        await OwnerLink.insert(OwnerLink(account=erin["id"], owner=wang))
        committee = (await Committee.insert(Committee(
            community=a, region_code="630102001001", elected_on=date(2025, 1, 1), term_start=date(2025, 1, 1),
            term_end=date(2029, 12, 31), member_count=5)).returning(Committee.id))[0]["id"]
        await make_account("dan", "committee", community_id=a)  # a second member of A's committee
        for community, region in ((a, "630102001001"), (b, "630102001004")):
            await Arrangement.insert(Arrangement(
                community=community, region_code=region, mode="professional", start_date=date(2024, 1, 1),
                end_date=date(2028, 12, 31), company=world.company_a, contract_number=f"HT-{community}",
                service_level="star1", fee_fen_per_m2_month=80))
    return Place(world, units, committee)


async def add_ratings(community: int, scores: dict[int, int], *, period: str = "2026-11", company: int | None = None,
                      refresh: bool = True) -> None:
    """``scores``: score -> how many household ratings of it, given in ``period`` (a month)."""
    row = await Community.select(Community.region_code).where(Community.id == community).first()
    start = date(int(period[:4]), int(period[5:7]), 1)
    rows = [Rating(community=community, region_code=row["region_code"], period=period, period_start=start,
                   rater_kind="household", rater_id=next(_raters), score=score, company=company, rated_on=start)
            for score, n in scores.items() for _ in range(n)]
    if rows:
        await Rating.insert(*rows)
    if refresh:
        await refresh_tallies()
