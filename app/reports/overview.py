"""The management overview of an area (street and bureau): who manages its communities today."""

from __future__ import annotations

from datetime import date

from app.accounts.logic import Principal
from app.communities.tables import Community
from app.management.queries import managers
from app.settings import get_settings


async def current_modes(region_prefix: str, day: date) -> list[dict]:
    """Each managed community of the area with its manager's mode on ``day`` (management's one rule)."""
    return await Community.raw(
        "SELECT m.community, m.mode, c.year_built, COALESCE(co.is_red_property, FALSE) AS red "
        "FROM ({}) m JOIN community c ON c.id = m.community LEFT JOIN company co ON co.id = m.company",
        managers(day, region_prefix=region_prefix),
    )


async def area_overview(actor: Principal, day: date) -> dict:
    prefix = actor.region_prefix or ""
    old_by = get_settings().policy.old_built_by_year
    total = await Community.count().where(Community.region_code.like(prefix + "%"))
    old_total = await Community.count().where(
        Community.region_code.like(prefix + "%") & (Community.year_built <= old_by)
    )
    rows = await current_modes(prefix, day)
    by_mode = {"professional": 0, "self_managed": 0, "street_proxy": 0, "unit_managed": 0, "shared_service": 0}
    old_professional = old_professional_red = 0
    for row in rows:
        by_mode[row["mode"]] = by_mode.get(row["mode"], 0) + 1
        if row["mode"] == "professional" and row["year_built"] <= old_by:
            old_professional += 1
            old_professional_red += 1 if row["red"] else 0
    managed = sum(by_mode.values())
    return {
        "total": total,
        "by_mode": by_mode,
        "unmanaged": total - managed,
        "old_total": old_total,
        "old_professional": old_professional,
        "old_professional_red": old_professional_red,
        "day": day,
    }
