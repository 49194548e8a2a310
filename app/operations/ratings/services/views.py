"""What the ratings' pages and sections read. A community's own figures come from its ratings (an
index on community and period); an area's or a company's from the tallies (``tallies``), with the
time they were refreshed. Every figure is judged by ``satisfaction.judge``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app import clock
from app.accounts.logic import Principal
from app.operations.ratings import access
from app.operations.ratings.logic import Span, last_periods, period_span
from app.operations.ratings.services.giving import current_period
from app.operations.ratings.services.tallies import TOTAL_SQL, below_target_sql, good_sql
from app.operations.ratings.tables import Rating, RatingTally
from app.operations.satisfaction import COUNTS_SQL, Satisfaction, judge
from app.pagination import clamp_page
from app.settings import get_settings

PER_PAGE = 25
BY = ("community", "street", "company")
STREET_DIGITS = 9  # a street office's code: the first 9 digits of a residents' community's


def judged(good: int | None, total: int | None) -> Satisfaction:
    policy = get_settings().policy
    return judge(int(good or 0), int(total or 0), min_ratings=policy.satisfaction_min_ratings,
                 target_percent=policy.satisfaction_target_percent)


async def community_satisfaction(community_id: int, spans: list[Span]) -> list[tuple[Span, Satisfaction]]:
    """The community's satisfaction in each span, from its ratings (one query)."""
    good = get_settings().policy.satisfaction_good_score
    rows = await Rating.raw(
        f"SELECT period_start, {COUNTS_SQL.format('{}')} FROM rating WHERE community = {{}} "
        "AND period_start >= {} AND period_start <= {} GROUP BY period_start",
        good, community_id, spans[0].start, spans[-1].end,
    )
    by_start = {_day(row["period_start"]): row for row in rows}
    result = []
    for span in spans:
        counted = [row for start, row in by_start.items() if span.start <= start <= span.end]
        result.append((span, judged(sum(row["good"] for row in counted), sum(row["total"] for row in counted))))
    return result


async def community_section(actor: Principal, community: dict) -> dict:
    """The community page's block: this period and the last one, live (one query)."""
    period = period_span(current_period())
    figures = await community_satisfaction(community["id"], [period.previous(), period])
    return {"rating_figures": figures, "may_print_feedback_notice": access.may_print_notice(actor, community)}


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _moment(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


@dataclass(frozen=True)
class AreaRow:
    key: object
    name: str
    satisfaction: Satisfaction


@dataclass(frozen=True)
class AreaFigures:
    span: Span
    by: str
    overall: Satisfaction
    rows: list[AreaRow]
    page: int
    pages: int
    count: int
    refreshed_at: datetime | None


_GROUPS = {
    # by: (what the rows are grouped by, the table naming a group: joined to the page's rows only)
    "community": ("t.community", "community x ON x.id = g.key"),
    "street": (f"substr(t.region_code, 1, {STREET_DIGITS})", "region x ON x.code = g.key"),
    "company": ("t.company", "company x ON x.id = g.key"),
}


async def area_figures(actor: Principal, span: Span, by: str, page: int, *, whole: bool = True) -> AreaFigures:
    """The actor's area (or company) over ``span``: the whole (unless ``whole`` is false: a page of the
    table alone), and one row per community, street or company, lowest satisfaction first (two
    queries, whatever the number of ratings)."""
    where, args = access.tally_filter(actor)
    where, args = f"t.span = {{}} AND {where}", ["year" if span.kind == "year" else "period", *args]
    good, weights = good_sql()
    head: dict = {}
    if whole:
        overall = await RatingTally.raw(
            f"SELECT SUM({good}) AS good, SUM({TOTAL_SQL}) AS total, MAX(t.refreshed_at) AS refreshed_at "
            f"FROM rating_tally t WHERE {where} AND t.period_start >= {{}} AND t.period_start <= {{}}",
            *weights, *args, span.start, span.end,
        )
        head = overall[0] if overall else {}
    group, names = _GROUPS[by if by in BY else "community"]
    page = max(1, page)
    rows = await RatingTally.raw(
        f"SELECT g.key, x.name, g.good, g.total, g.groups FROM (SELECT {group} AS key, SUM({good}) AS good, "
        f"SUM({TOTAL_SQL}) AS total, COUNT(*) OVER () AS groups FROM rating_tally t "
        f"WHERE {where} AND t.period_start >= {{}} AND t.period_start <= {{}} GROUP BY {group} "
        f"ORDER BY 1.0 * SUM({good}) / SUM({TOTAL_SQL}), {group} LIMIT {{}} OFFSET {{}}) g "
        f"LEFT JOIN {names} ORDER BY 1.0 * g.good / g.total, g.key",
        *weights, *args, span.start, span.end, *weights, PER_PAGE, (page - 1) * PER_PAGE,
    )
    count = int(rows[0]["groups"]) if rows else 0
    return AreaFigures(
        span=span, by=by, overall=judged(head.get("good"), head.get("total")),
        rows=[AreaRow(row["key"], row["name"] or "", judged(row["good"], row["total"])) for row in rows],
        page=clamp_page(page, count, PER_PAGE), pages=max(1, -(-count // PER_PAGE)), count=count,
        refreshed_at=_moment(head.get("refreshed_at")),
    )


async def company_trend(actor: Principal) -> dict:
    """The company home's trend: its satisfaction in each of the last six rating periods (one query)."""
    spans = last_periods(clock.today(), get_settings().policy.rating_period, 6)
    if actor.company_id is None:
        return {"rating_trend": []}
    good, weights = good_sql()
    rows = await RatingTally.raw(
        f"SELECT t.period_start, SUM({good}) AS good, SUM({TOTAL_SQL}) AS total FROM rating_tally t "
        "WHERE t.span = 'period' AND t.company = {} AND t.period_start >= {} GROUP BY t.period_start",
        *weights, actor.company_id, spans[0].start,
    )
    by_start = {_day(row["period_start"]): row for row in rows}
    trend = [(span, judged(by_start.get(span.start, {}).get("good"), by_start.get(span.start, {}).get("total")))
             for span in spans]
    return {"rating_trend": trend}


async def street_below(actor: Principal) -> dict:
    """The street home's list: its communities under the target in the last closed period (one query)."""
    span = period_span(current_period()).previous()
    if not actor.region_prefix:
        return {"below_span": span, "below_rows": [], "below_count": 0}
    good, weights = good_sql()
    having, having_args = below_target_sql(get_settings().policy)
    rows = await RatingTally.raw(
        f"SELECT t.community AS key, MIN(c.name) AS name, SUM({good}) AS good, SUM({TOTAL_SQL}) AS total, "
        "COUNT(*) OVER () AS groups FROM rating_tally t JOIN community c ON c.id = t.community "
        "WHERE t.span = 'period' AND t.region_code LIKE {} AND t.period_start = {} GROUP BY t.community "
        f"HAVING {having} ORDER BY 1.0 * SUM({good}) / SUM({TOTAL_SQL}), MIN(c.name) LIMIT 20",
        *weights, actor.region_prefix + "%", span.start, *having_args, *weights,
    )
    return {
        "below_span": span,
        "below_rows": [AreaRow(row["key"], row["name"], judged(row["good"], row["total"])) for row in rows],
        "below_count": int(rows[0]["groups"]) if rows else 0,
    }
