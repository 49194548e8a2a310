"""The sources of credit records whose data the platform holds today (see app/credit/sources.py):
item 15's old communities, red-property designations, and the bureau's records (commendations,
penalties, blacklistings). Each is one set-based query for every company."""

from __future__ import annotations

from app.companies.tables import Company
from app.credit.cycles import Cycle
from app.credit.scoring import Record, old_communities_record, red_property_record
from app.credit.sources import register_source
from app.credit.tables import CreditRecord
from app.management.logic import SHARED_SERVICE
from app.management.queries import managers_during
from app.settings import CreditSettings, get_settings

# Item 15's communities taken over (scoring.TAKEOVER_MODES), old by the policy's year, counted once
# each per company however often its arrangement changed in the cycle. Every company gets its line,
# zero included, so its score says so.
_OLD_COMMUNITIES = f"""
SELECT c.id AS company, COUNT(DISTINCT m.community) AS n
FROM company c
LEFT JOIN ({{}}) m ON m.company = c.id AND m.mode IN ('professional', '{SHARED_SERVICE}')
  AND m.community IN (SELECT id FROM community WHERE year_built <= {{}})
GROUP BY c.id
"""


async def old_communities(cycle: Cycle, settings: CreditSettings) -> dict[int, list[Record]]:
    rows = await Company.raw(_OLD_COMMUNITIES, managers_during(cycle.start, cycle.end),
                             get_settings().policy.old_built_by_year)
    return {row["company"]: [old_communities_record(row["n"], cycle)] for row in rows}


async def red_property(cycle: Cycle, settings: CreditSettings) -> dict[int, list[Record]]:
    """A designation without a recorded day counts from the cycle's start."""
    rows = await Company.select(Company.id, Company.red_property_since).where(
        (Company.is_red_property == True)  # noqa: E712
        & (Company.red_property_since.is_null() | (Company.red_property_since <= cycle.end))
    )
    return {row["id"]: [red_property_record(row["id"], row["red_property_since"] or cycle.start)] for row in rows}


async def bureau_records(cycle: Cycle, settings: CreditSettings) -> dict[int, list[Record]]:
    """The bureau's records whose validity window overlaps the cycle (scoring.counts_in, in SQL)."""
    rows = await CreditRecord.select(
        CreditRecord.id, CreditRecord.company, CreditRecord.kind, CreditRecord.valid_from, CreditRecord.valid_until,
    ).where((CreditRecord.valid_from <= cycle.end) & (CreditRecord.valid_until >= cycle.start))
    result: dict[int, list[Record]] = {}
    for row in rows:
        record = Record(row["kind"], ("document", row["id"]), row["valid_from"], row["valid_until"], record_id=row["id"])
        result.setdefault(row["company"], []).append(record)
    return result


register_source("old_communities", old_communities)
register_source("red_property", red_property)
register_source("bureau_records", bureau_records)
