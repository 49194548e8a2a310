"""Owners with households at a community, and committees made of them, for the committee tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.committees import services as committees
from app.committees.logic import last_term_day
from app.committees.services import CommitteeInput, MemberInput
from app.communities.tables import Building, Household, Owner
from app.db import transaction


async def principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def make_households(community_id: int, n: int, *, phone_prefix: str = "139") -> list[int]:
    """``n`` households of the community, each owned by an owner of its own; answers their ids."""
    async with transaction():
        building = (await Building.insert(Building(community=community_id, number=f"{phone_prefix}号楼")).returning(Building.id))[0]["id"]
        ids = []
        for i in range(n):
            owner = (await Owner.insert(Owner(community=community_id, name=f"业主{i + 1}",
                                              phone=f"{phone_prefix}{i:08d}")).returning(Owner.id))[0]["id"]
            row = await Household.insert(Household(
                community=community_id, building=building, unit_number=f"{phone_prefix}-{101 + i}", floor_area=Decimal("80.00"),
                owner=owner,
            )).returning(Household.id)
            ids.append(row[0]["id"])
    return ids


def members(households: list[int]) -> list[MemberInput]:
    posts = ["chair", "vice_chair"] + ["member"] * (len(households) - 2)
    return [MemberInput(household_id=h, post=post, party_member=i % 2 == 0, phone=f"1380000{i:04d}")
            for i, (h, post) in enumerate(zip(households, posts))]


async def install(actor, community_id: int, households: list[int], elected: date, **dates) -> int:
    data = CommitteeInput(
        elected_on=elected, term_start=dates.pop("term_start", elected),
        term_end=dates.pop("term_end", last_term_day(dates.get("term_start", elected))),
        members=members(households), **dates,
    )
    return await committees.install_committee(actor, community_id, data)
