"""A fund's figures over time: inflow and outflow by month for the fund page's chart. One aggregate
query per figure, grouped in the database, whatever the ledger's size."""

from __future__ import annotations

from datetime import date, datetime, timezone

from app import clock
from app.db import is_postgres
from app.funds import charts
from app.funds.tables import FundEntry


def month_sql(column: str = "posted_at") -> str:
    """The month ("2026-03") of a stored moment in China's time, as each database writes it. China
    keeps no summer time, so SQLite's fixed eight hours are exact."""
    if is_postgres():
        return f"to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
    return f"strftime('%Y-%m', {column}, '+8 hours')"


def china_midnight(day: date) -> datetime:
    """The first moment of a day in China, as the UTC moment the database compares with."""
    return datetime(day.year, day.month, day.day, tzinfo=clock.CHINA).astimezone(timezone.utc)


async def monthly_flows(community_id: int, balance_now: int) -> list[charts.Month]:
    """The last twelve months (this one included) of the community's fund: money in, money out and
    the balance each month closed at."""
    firsts = charts.last_months(clock.today())
    rows = await FundEntry.raw(
        f"SELECT {month_sql()} AS month, "
        "SUM(CASE WHEN amount_fen > 0 THEN amount_fen ELSE 0 END) AS inflow, "
        "SUM(CASE WHEN amount_fen < 0 THEN -amount_fen ELSE 0 END) AS outflow "
        "FROM fund_entry WHERE community = {} AND posted_at >= {} GROUP BY 1",
        community_id, china_midnight(firsts[0]))
    sums = {row["month"]: (int(row["inflow"] or 0), int(row["outflow"] or 0)) for row in rows}
    return charts.months_of(firsts, sums, balance_now)

