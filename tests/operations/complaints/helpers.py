"""A world for complaints: community A managed by company A until a handover to company B on
2026-10-09 (the handover day is B's), community B managed by its street office (proxy), and the
community in the neighbouring street managed by nobody; a user of company B (fred) beside carol, another owner of A (gina) and an owner of B (hank)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.clock import CHINA
from app.db import transaction
from app.management.tables import Arrangement
from app.operations.grievances.services.complaints import ComplaintInput, act, file_complaint
from tests.factories import World, make_account, make_world

HANDOVER = date(2026, 10, 9)


@dataclass
class Complaints:
    world: World


async def principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def make_complaints_world() -> World:
    world = await make_world()
    async with transaction():
        common = {"community": world.community_a, "region_code": "630102001001", "mode": "professional"}
        await Arrangement.insert(
            Arrangement(**common, start_date=date(2024, 1, 1), end_date=HANDOVER, company=world.company_a,
                        end_reason="expiry", contract_end_date=HANDOVER),
            Arrangement(**common, start_date=HANDOVER, end_date=date(2029, 12, 31), company=world.company_b,
                        contract_end_date=date(2029, 12, 31)),
            Arrangement(community=world.community_b, region_code="630102001004", mode="street_proxy",
                        start_date=date(2024, 1, 1)),
        )
        await make_account("fred", "company", company_id=world.company_b)
        await make_account("gina", "owner", community_id=world.community_a)
        await make_account("hank", "owner", community_id=world.community_b)
    return world


def china(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHINA)


async def file_as(username: str, community: int, subject: str = "楼道灯坏了", **overrides) -> int:
    data = ComplaintInput(subject=subject, text="三号楼二单元楼道灯一周没亮。", **overrides)
    return await file_complaint(await principal(username), community, data)


async def act_as(username: str, complaint_id: int, action: str, text: str = "已更换灯泡。", **kwargs) -> None:
    await act(await principal(username), complaint_id, action, text, **kwargs)
