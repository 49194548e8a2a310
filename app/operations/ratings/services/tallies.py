"""The rollup behind the area and company pages: per community, period and managing company, how many
ratings of each score (``RatingTally``). At province scale a year holds millions of ratings; a
year's tallies are a few thousand rows per area, read by index (region prefix or company, then
period), summed in SQL. Closed periods never change (a rating can only be changed while its period
is open), so the job rebuilds only the periods from the previous one on.
"""

from __future__ import annotations

from datetime import date, datetime

from app import clock
from app.db import transaction
from app.operations.ratings.logic import good_weights, period_span
from app.operations.ratings.services.giving import current_period
from app.operations.ratings.tables import Rating, RatingTally
from app.settings import PolicySettings, get_settings

_REBUILD = (
    "INSERT INTO rating_tally (community, region_code, span, period_start, company, s1, s2, s3, s4, s5, refreshed_at) "
    "SELECT community, MIN(region_code), 'period', period_start, COALESCE(company, 0), "
    "SUM(CASE WHEN score = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN score = 2 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN score = 3 THEN 1 ELSE 0 END), SUM(CASE WHEN score = 4 THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN score = 5 THEN 1 ELSE 0 END), {} "
    "FROM rating WHERE period_start >= {} GROUP BY community, period_start, COALESCE(company, 0)"
)
# A year's rows from its periods' rows (the first placeholder is the year's 1 January).
_YEAR = (
    "INSERT INTO rating_tally (community, region_code, span, period_start, company, s1, s2, s3, s4, s5, refreshed_at) "
    "SELECT community, MIN(region_code), 'year', {}, company, SUM(s1), SUM(s2), SUM(s3), SUM(s4), SUM(s5), {} "
    "FROM rating_tally WHERE span = 'period' AND period_start >= {} AND period_start <= {} GROUP BY community, company"
)


async def refresh_tallies(since: date | None = None, now: datetime | None = None) -> int:
    """Rebuild the tallies of the periods starting on or after ``since`` (all of them when None) from
    the ratings, and the year rows of the years they fall in, in one transaction; returns how many
    tally rows there are now from that year on."""
    now = now or clock.utcnow()
    if since is None:
        first = await Rating.select(Rating.period_start).order_by(Rating.period_start).first()
        since = first["period_start"] if first else clock.today()
    years = range(since.year, max(since.year, clock.today().year) + 1)
    async with transaction():
        await RatingTally.delete().where(
            ((RatingTally.span == "period") & (RatingTally.period_start >= since))
            | ((RatingTally.span == "year") & (RatingTally.period_start >= date(since.year, 1, 1)))
        )
        await Rating.raw(_REBUILD, now, since)
        for year in years:
            await Rating.raw(_YEAR, date(year, 1, 1), now, date(year, 1, 1), date(year, 12, 31))
    return await RatingTally.count().where(RatingTally.period_start >= date(since.year, 1, 1))


async def refresh_open_periods(today: date | None = None) -> int:
    """What the scheduled job does: today's rating period and the one before (which may have closed
    since the last run, with ratings given up to its last minute)."""
    since = period_span(current_period(today)).previous().start
    return await refresh_tallies(since)


def good_sql(alias: str = "t", policy: PolicySettings | None = None) -> tuple[str, list[int]]:
    """SQL summing a tally's satisfied ratings for the current good score, and its parameters."""
    weights = good_weights((policy or get_settings().policy).satisfaction_good_score)
    return " + ".join(f"{alias}.s{score} * {{}}" for score in range(1, 6)), weights


TOTAL_SQL = "t.s1 + t.s2 + t.s3 + t.s4 + t.s5"


def below_target_sql(policy: PolicySettings) -> tuple[str, list[int]]:
    """A HAVING condition on tally rows grouped by community: judged (at least the minimum number of
    ratings) and under the target, in satisfaction.meets_target's integers; and its parameters."""
    good, weights = good_sql(policy=policy)
    return (f"SUM({TOTAL_SQL}) >= {{}} AND 100 * SUM({good}) < {{}} * SUM({TOTAL_SQL})",
            [policy.satisfaction_min_ratings, *weights, policy.satisfaction_target_percent])
