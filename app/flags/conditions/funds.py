"""The fund's condition: households under the 30% top-up line (Order No. 165), by funds' own SQL of
the rule, which its partial index serves."""

from __future__ import annotations

from datetime import date

from app.flags.sources import register_source
from app.funds.logic import under_line_sql
from app.funds.tables import FundHousehold
from app.settings import Settings

_UNDER = f"SELECT DISTINCT f.community AS id FROM fund_household f WHERE {under_line_sql('f.')}"


async def fund_under_line(today: date, settings: Settings) -> set[int]:
    return {row["id"] for row in await FundHousehold.raw(_UNDER)}


register_source("fund_under_line", fund_under_line)
