"""The renovation plan of a year (item 1): which communities, and whether 2001–2005 ones exceed their share."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.logic import Principal
from app.communities.logic import PlanSummary, age_band, summarise_plan
from app.communities.services import scope_condition
from app.communities.tables import Community
from app.regions.logic import prefix_of
from app.settings import get_settings


@dataclass(frozen=True)
class RenovationPlan:
    year: int
    rows: list[dict]  # each with its age "band": old · band · newer (not eligible)
    summary: PlanSummary


async def plan_years(actor: Principal) -> list[int]:
    """The renovation years found in the actor's area, latest first."""
    query = Community.select(Community.renovation_year).where(Community.renovation_year.is_not_null()).distinct()
    scope = scope_condition(actor)
    if scope is not None:
        query = query.where(scope)
    return sorted((row["renovation_year"] for row in await query), reverse=True)


async def renovation_plan(actor: Principal, year: int, region_code: str | None = None) -> RenovationPlan:
    """The communities of the actor's area (or of ``region_code`` within it) whose renovation year is ``year``."""
    policy = get_settings().policy
    query = Community.select(
        Community.id, Community.code, Community.name, Community.region_code, Community.year_built,
        Community.household_count, Community.renovation_status,
    ).where(Community.renovation_year == year)
    scope = scope_condition(actor)
    if scope is not None:
        query = query.where(scope)
    if region_code:
        query = query.where(Community.region_code.like(prefix_of(region_code) + "%"))
    rows = await query.order_by(Community.year_built).order_by(Community.code)
    for row in rows:
        row["band"] = age_band(row["year_built"], policy.old_built_by_year, policy.plan_band_end_year)
    summary = summarise_plan(
        [(row["year_built"], row["household_count"]) for row in rows],
        policy.old_built_by_year, policy.plan_band_end_year, policy.plan_band_max_percent,
    )
    return RenovationPlan(year=year, rows=rows, summary=summary)
