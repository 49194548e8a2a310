"""Small factories for the credit tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.clock import CHINA
from app.credit.services.recompute import JOB_KIND, recompute
from app.credit.tables import CreditRecord, CreditScore, CreditScoreLine
from app.jobs.tables import Job
from app.management.tables import Arrangement, SharedService
from app.operations.logs.tables import ServiceLog
from workers.jobs import run_job

CYCLE = 2026  # FROZEN_NOW's year: the current cycle
FIRST, LAST = date(2026, 1, 1), date(2026, 12, 31)


async def arrange(community: int, company: int | None, start: date, end: date | None = None,
                  mode: str = "professional") -> int:
    rows = await Arrangement.insert(Arrangement(
        community=community, region_code="630102001001", mode=mode, start_date=start, end_date=end,
        company=company if mode == "professional" else None,
    )).returning(Arrangement.id)
    return rows[0]["id"]


async def share(community: int, provider: int, company: int, start: date, end: date | None = None) -> int:
    rows = await SharedService.insert(SharedService(
        community=community, provider_community=provider, company=company, region_code="630102001001",
        start_date=start, end_date=end,
    )).returning(SharedService.id)
    return rows[0]["id"]


async def log(community: int, company: int, day: date) -> None:
    await ServiceLog.insert(ServiceLog(
        community=community, company=company, region_code="630102001001", category="cleaning", service_date=day,
        started_at=datetime.combine(day, time(9), tzinfo=CHINA), staff_count=2, hours_hundredths=150,
        served_as="professional",
    ))


async def keep_logging(community: int, company: int, first: date = FIRST, last: date = date(2026, 11, 25)) -> None:
    """A log every 20 days, so the company's service log has no gap (a test about other lines)."""
    day = first
    while day <= last:
        await log(community, company, day)
        day += timedelta(days=20)


async def record(company: int, kind: str, valid_from: date, valid_until: date, evidence: str = "青住建〔2026〕1号") -> int:
    rows = await CreditRecord.insert(CreditRecord(
        company=company, kind=kind, evidence=evidence, valid_from=valid_from, valid_until=valid_until,
        region_code="630102",
    )).returning(CreditRecord.id)
    return rows[0]["id"]


async def run_recompute(cycle: int = CYCLE) -> int:
    """A recompute job run to its end here, as a worker runs it; its job id."""
    rows = await Job.insert(Job(kind=JOB_KIND, params={"cycle": cycle}, region_code="630102")).returning(Job.id)
    await run_job(rows[0]["id"], recompute)
    return rows[0]["id"]


async def score_of(company: int, cycle: int = CYCLE) -> dict:
    row = await CreditScore.select().where((CreditScore.company == company) & (CreditScore.cycle == cycle)).first()
    assert row is not None, f"company {company} has no score for {cycle}"
    row["lines"] = await CreditScoreLine.select().where(CreditScoreLine.score == row["id"]).order_by(
        CreditScoreLine.position)
    return row


def line(score: dict, kind: str) -> dict | None:
    return next((row for row in score["lines"] if row["kind"] == kind), None)
