"""Rows that make each flag's condition true or false, written straight into the tables (the
domains' own services are tested on their own), and the open flags as a test reads them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from app.clock import CHINA
from app.committees.tables import Committee
from app.communities.tables import Building, Household
from app.credit.tables import CreditScore
from app.flags.tables import Flag
from app.funds.tables import FundHousehold
from app.management.tables import Arrangement, SharedService
from app.operations.deadlines import start_of
from app.operations.grievances.tables import Complaint
from app.operations.logs.tables import ServiceLog
from app.operations.ratings.tables import RatingTally

TODAY = date(2026, 11, 25)  # tests.factories.FROZEN_NOW's day


def morning(day: date, hour: int = 1, minute: int = 30) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA)


async def arrange(community: int, *, start: date = date(2025, 1, 1), end: date | None = None,
                  contract_end: date | None = None, company: int | None = None, mode: str = "professional") -> int:
    rows = await Arrangement.insert(Arrangement(
        community=community, region_code="630102001001", mode=mode, start_date=start, end_date=end,
        contract_end_date=contract_end, company=company)).returning(Arrangement.id)
    return rows[0]["id"]


async def share(community: int, provider: int, company: int, start: date = date(2025, 1, 1)) -> None:
    await SharedService.insert(SharedService(community=community, provider_community=provider, company=company,
                                             region_code="630102001001", start_date=start))


async def committee(community: int, *, members: int = 7, elected: date = date(2025, 3, 1), term_end: date = date(2030, 2, 28),
                    filed: bool = True, unfiled_change_since: date | None = None, region_code: str = "630102001001") -> int:
    rows = await Committee.insert(Committee(
        community=community, region_code=region_code, elected_on=elected, term_start=elected, term_end=term_end,
        member_count=members, filed_bureau_on=elected if filed else None, filed_street_on=elected if filed else None,
        unfiled_change_since=unfiled_change_since, meeting_due=elected + timedelta(days=7),
        filing_due=elected + timedelta(days=30), term_limit=term_end)).returning(Committee.id)
    return rows[0]["id"]


async def fund_household(community: int, *, first: int, paid: int, balance: int, unit: str = "1-101") -> None:
    building = (await Building.insert(Building(community=community, number=f"楼{unit}")).returning(Building.id))[0]["id"]
    household = (await Household.insert(Household(community=community, building=building, unit_number=unit,
                                                  floor_area=90)).returning(Household.id))[0]["id"]
    await FundHousehold.insert(FundHousehold(household=household, community=community, first_deposit_fen=first,
                                             paid_fen=paid, balance_fen=balance))


async def service_log(community: int, company: int, day: date) -> None:
    await ServiceLog.insert(ServiceLog(
        community=community, company=company, region_code="630102001001", category="cleaning", service_date=day,
        started_at=morning(day, 9), staff_count=2, hours_hundredths=150, served_as="professional"))


async def tally(community: int, period_start: date, *, good: int, bad: int, company: int = 0) -> None:
    """A community's ratings in a period as the tallies job counts them: ``good`` fives and ``bad`` ones."""
    await RatingTally.insert(RatingTally(community=community, region_code="630102001001", period_start=period_start,
                                         company=company, s1=bad, s5=good))


async def complaint(community: int, *, due_on: date, state: str = "open") -> int:
    """A complaint whose last day to respond is ``due_on`` (due at the midnight after it)."""
    filed = morning(due_on - timedelta(days=10), 9)
    rows = await Complaint.insert(Complaint(
        community=community, region_code="630102001001", street_code="630102001", channel="hotline_12345",
        subject="楼道灯不亮", text="三单元楼道灯坏了一周", responsible_kind="street", filed_at=filed,
        due_at=start_of(due_on + timedelta(days=1)), state=state)).returning(Complaint.id)
    return rows[0]["id"]


async def credit_score(company: int, grade: str, cycle: int = TODAY.year) -> None:
    await CreditScore.insert(CreditScore(company=company, cycle=cycle, base=600, total=600, band="B", grade=grade))


async def open_flags(kind: str | None = None) -> set[tuple[str, int]]:
    query = Flag.select(Flag.kind, Flag.subject_id).where(Flag.cleared_at.is_null())
    if kind:
        query = query.where(Flag.kind == kind)
    return {(row["kind"], row["subject_id"]) for row in await query}


async def subjects(kind: str) -> set[int]:
    return {subject for _kind, subject in await open_flags(kind)}
