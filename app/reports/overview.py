"""The management overview of an area (street and bureau): who manages its communities today."""

from __future__ import annotations

from datetime import date

from app.accounts.logic import Principal
from app.communities.tables import Community
from app.management.logic import MANAGER_MODES
from app.management.queries import managers
from app.settings import get_settings

# Counted in the database, one row per mode of today's manager (management's one rule) and one row,
# mode NULL, for the whole area: a province's 5,000 communities never travel to Python to be counted.
_FIGURES = """
SELECT m.mode AS mode, COUNT(*) AS communities,
       SUM(CASE WHEN c.year_built <= {} THEN 1 ELSE 0 END) AS old,
       SUM(CASE WHEN c.year_built <= {} AND co.is_red_property THEN 1 ELSE 0 END) AS old_red
FROM ({}) m JOIN community c ON c.id = m.community LEFT JOIN company co ON co.id = m.company
GROUP BY m.mode
UNION ALL
SELECT NULL, COUNT(*), SUM(CASE WHEN year_built <= {} THEN 1 ELSE 0 END), 0
FROM community WHERE region_code LIKE {}
"""


async def area_overview(actor: Principal, day: date) -> dict:
    prefix = actor.region_prefix or ""
    old_by = get_settings().policy.old_built_by_year
    rows = await Community.raw(_FIGURES, old_by, old_by, managers(day, region_prefix=prefix), old_by, prefix + "%")
    by_mode = dict.fromkeys(MANAGER_MODES, 0)
    total = old_total = old_professional = old_professional_red = 0
    for row in rows:
        if row["mode"] is None:
            total, old_total = row["communities"], int(row["old"] or 0)
            continue
        by_mode[row["mode"]] = row["communities"]
        if row["mode"] == "professional":
            old_professional, old_professional_red = int(row["old"] or 0), int(row["old_red"] or 0)
    return {
        "total": total,
        "by_mode": by_mode,
        "unmanaged": total - sum(by_mode.values()),
        "old_total": old_total,
        "old_professional": old_professional,
        "old_professional_red": old_professional_red,
        "day": day,
    }
