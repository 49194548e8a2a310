"""Management's conditions: nobody manages the community, or its company's contract is ending or
lapsed. "Who manages on day D" is management's own SQL (``app.management.queries``)."""

from __future__ import annotations

from datetime import date, timedelta

from piccolo.querystring import QueryString

from app.communities.tables import Community
from app.flags.sources import register_source
from app.management.logic import CONTRACT_MODES
from app.management.queries import managers, unmanaged
from app.settings import Settings


async def no_arrangement(today: date, settings: Settings) -> set[int]:
    rows = await Community.select(Community.id).where(unmanaged(today))
    return {row["id"] for row in rows}


# The company serving each community today (management's rule), with its contract's last day, the
# end already recorded, and whether a next manager starts after today. ``rules.contract_state`` in SQL.
_LAST_DAY = ("CASE WHEN a.end_date IS NOT NULL AND (a.contract_end_date IS NULL OR a.end_date < a.contract_end_date) "
             "THEN a.end_date ELSE a.contract_end_date END")
_CONTRACTS = f"""
SELECT m.community AS id FROM ({{}}) m JOIN arrangement a ON a.id = m.arrangement
WHERE a.mode IN ({', '.join(repr(mode) for mode in CONTRACT_MODES)}) AND {{}}
"""
_LAPSED = "a.contract_end_date < {}"
_ENDING = (f"(a.contract_end_date IS NULL OR a.contract_end_date >= {{}}) AND {_LAST_DAY} <= {{}} "
           "AND NOT EXISTS (SELECT 1 FROM arrangement n WHERE n.community = m.community AND n.start_date > {}) "
           "AND NOT EXISTS (SELECT 1 FROM shared_service s WHERE s.community = m.community AND s.start_date > {})")


async def _contracts(today: date, condition: str, *args) -> set[int]:
    rows = await Community.raw(_CONTRACTS, managers(today), QueryString(condition, *args))
    return {row["id"] for row in rows}


async def contract_lapsed(today: date, settings: Settings) -> set[int]:
    return await _contracts(today, _LAPSED, today)


async def contract_ending(today: date, settings: Settings) -> set[int]:
    last = today + timedelta(days=settings.flags.contract_ending_days)
    return await _contracts(today, _ENDING, today, last, today, today)


register_source("no_arrangement", no_arrangement)
register_source("contract_ending", contract_ending)
register_source("contract_lapsed", contract_lapsed)
