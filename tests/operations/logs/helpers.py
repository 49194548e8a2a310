"""Service logs' test world: company A (carol) manages community A for 2026 up to 30 November, company B
(its user "bella") takes over on that day; a log made the way the service is called."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.clock import CHINA
from app.db import transaction
from app.management.tables import Arrangement, SharedService
from app.operations.logs.services import LogInput, log_service
from tests.factories import World, make_account, make_world

FIRST_DAY = date(2026, 1, 1)
LAST_DAY = date(2026, 11, 30)  # also company B's first day: a handover


async def principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def arrange(community: int, company: int, start: date, end: date | None = None, region: str = "630102001001") -> None:
    await Arrangement.insert(Arrangement(community=community, region_code=region, mode="professional",
                                         start_date=start, end_date=end, company=company)).run()


async def make_logs_world() -> World:
    world = await make_world()
    async with transaction():
        await arrange(world.community_a, world.company_a, FIRST_DAY, LAST_DAY)
        await arrange(world.community_a, world.company_b, LAST_DAY)
        await make_account("bella", "company", company_id=world.company_b)
    return world


async def share(community: int, provider: int, company: int, start: date, end: date | None = None) -> None:
    await SharedService.insert(SharedService(community=community, provider_community=provider, company=company,
                                             region_code="630102001004", start_date=start, end_date=end)).run()


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA)


async def log(username: str, community: int, when: datetime, **overrides) -> int:
    values = {"category": "cleaning", "staff_count": 2, "hours": Decimal("1.5"), "notes": "", "photos": []}
    values.update(overrides)
    return await log_service(await principal(username), LogInput(community_id=community, started_at=when, **values))
