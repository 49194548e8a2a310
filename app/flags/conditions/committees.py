"""Committees' conditions, from the committees domain's own list conditions (the street's overview
counts the same committees): missing where the community could have one, term over, filing overdue,
size out of rule."""

from __future__ import annotations

from datetime import date

from app.committees.logic import MIN_MEMBERS, VALID_SIZES
from app.committees.services.views import condition
from app.committees.tables import Committee
from app.communities.tables import Community
from app.flags.sources import register_source
from app.settings import Settings


async def committee_missing(today: date, settings: Settings) -> set[int]:
    rows = await Community.select(Community.id).where(
        (Community.household_count >= MIN_MEMBERS)  # rules.committee_possible
        & Community.id.not_in(Committee.select(Committee.community).where(condition("current", today)))
    )
    return {row["id"] for row in rows}


async def _committees(where) -> set[int]:
    return {row["id"] for row in await Committee.select(Committee.id).where(where)}


async def committee_term_over(today: date, settings: Settings) -> set[int]:
    return await _committees(condition("expired", today))


async def committee_filing_overdue(today: date, settings: Settings) -> set[int]:
    return await _committees(condition("overdue", today))


async def committee_size(today: date, settings: Settings) -> set[int]:
    return await _committees(condition("current", today) & Committee.member_count.not_in(list(VALID_SIZES)))


register_source("committee_missing", committee_missing)
register_source("committee_term_over", committee_term_over)
register_source("committee_filing_overdue", committee_filing_overdue)
register_source("committee_size", committee_size)
