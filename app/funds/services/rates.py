"""The county rates of the first deposit (fen per m²), set by the bureau over the county."""

from __future__ import annotations

from datetime import date

from app import clock
from app.accounts.logic import Principal
from app.audit.services import record
from app.db import transaction
from app.errors import FieldError
from app.funds import access
from app.funds.tables import FundRate
from app.i18n import gettext as _
from app.regions import services as regions

MAX_RATE_FEN = 1_000_000  # 10,000 yuan per m²: more is a typing slip


async def counties(actor: Principal) -> list[dict]:
    """The counties whose rate the actor may set (code and name)."""
    if not access.may_set_rates(actor):
        return []
    return [row for row in await regions.options_within(actor, "county") if row["level"] == "county"]


async def rates(actor: Principal) -> list[dict]:
    """Every rate set in the actor's area, newest first by county."""
    if not access.may_set_rates(actor):
        return []
    query = FundRate.select(FundRate.id, FundRate.region_code, FundRate.rate_fen_per_m2, FundRate.effective_from,
                            FundRate.set_by.username.as_alias("set_by_name"), FundRate.created_at)
    if not actor.is_system:
        query = query.where(FundRate.region_code.like((actor.region_prefix or "") + "%"))
    return await query.order_by(FundRate.region_code).order_by(FundRate.effective_from, ascending=False).limit(500)


async def set_rate(actor: Principal, county: str, rate_fen: int, effective_from: date) -> None:
    """The county's rate from ``effective_from`` on (one per county and day: setting it again
    replaces it). Households' first deposits already fixed keep theirs."""
    if not access.may_set_rate_for(actor, county) or not await regions.node_in_scope(actor, county, "county"):
        raise FieldError("county", _("Choose a county of your area."))
    async with transaction():
        # An upsert on the (county, day) unique index: two bureau users setting the same day at once
        # leave one rate, the later one, rather than an error.
        await FundRate.raw(
            "INSERT INTO fund_rate (region_code, rate_fen_per_m2, effective_from, set_by, created_at) "
            "VALUES ({}, {}, {}, {}, {}) ON CONFLICT (region_code, effective_from) "
            "DO UPDATE SET rate_fen_per_m2 = excluded.rate_fen_per_m2, set_by = excluded.set_by",
            county, rate_fen, effective_from, actor.id, clock.utcnow())
        await record(actor, "fund.rate", "fund_rate", county, {
            "county": county, "rate_fen_per_m2": rate_fen, "effective_from": effective_from}, county, county)
