"""The credit sources fed by property operations (app/operations): owners' satisfaction per rating
period, complaints answered late or left open, and gaps in the service log. Each is one set-based
query for every company (see app/credit/sources.py); the rules are the pure ones in
app/credit/scoring.py and app/operations/satisfaction.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from app import clock
from app.companies.tables import Company
from app.credit.cycles import Cycle
from app.credit.scoring import Record, complaint_record, satisfaction_record
from app.credit.sources import register_source
from app.db import is_postgres
from app.management.logic import SHARED_SERVICE
from app.management.queries import managers_during
from app.operations.deadlines import china_time, start_of
from app.operations.ratings.services.tallies import TOTAL_SQL, good_sql
from app.operations.satisfaction import judge, period_of
from app.settings import CreditSettings, get_settings

# Satisfaction: the tally's rows of each rating period starting in the cycle, per company and
# community (0 is "no company"), the satisfied ratings summed for the current good score.
_SATISFACTION = """
SELECT t.company AS company, t.community AS community, t.period_start AS period_start,
       SUM({good}) AS good, SUM({total}) AS total
FROM rating_tally t
WHERE t.span = 'period' AND t.company <> 0 AND t.period_start >= {{}} AND t.period_start <= {{}}
GROUP BY t.company, t.community, t.period_start
"""


async def satisfaction(cycle: Cycle, settings: CreditSettings) -> dict[int, list[Record]]:
    """One line per company, community and rating period that started in the cycle and has ended by
    today (a period open for rating is not judged yet), judged by operations' rule: a period with fewer
    ratings than the minimum is too few to judge and makes no line."""
    policy = get_settings().policy
    good, weights = good_sql("t")
    today = clock.today()
    rows = await Company.raw(_SATISFACTION.format(good=good, total=TOTAL_SQL), *weights, cycle.start, cycle.end)
    result: dict[int, list[Record]] = {}
    for row in rows:
        period = period_of(_as_date(row["period_start"]), policy.rating_period)
        if period.end >= today:
            continue
        verdict = judge(int(row["good"]), int(row["total"]), min_ratings=policy.satisfaction_min_ratings,
                        target_percent=policy.satisfaction_target_percent)
        if not verdict.judged:
            continue
        record = satisfaction_record(row["community"], period.start, period.end, verdict.good, verdict.total,
                                     policy.satisfaction_target_percent)
        if record is not None:
            result.setdefault(row["company"], []).append(record)
    return result


# Complaints routed to a company whose current deadline's last day falls in the cycle, with the first
# response given since the deadline was set (filing, or the latest reopening).
_COMPLAINTS = """
SELECT c.id AS id, c.responsible_company AS company, c.due_at AS due_at, c.state AS state,
  (SELECT MIN(e.at) FROM complaint_event e WHERE e.complaint = c.id AND e.kind = 'respond'
     AND e.at >= COALESCE((SELECT MAX(r.at) FROM complaint_event r WHERE r.complaint = c.id AND r.kind = 'reopen'),
                          c.filed_at)) AS answered_at
FROM complaint c
WHERE c.responsible_kind = 'company' AND c.responsible_company IS NOT NULL AND c.due_at > {} AND c.due_at <= {}
"""


async def complaints(cycle: Cycle, settings: CreditSettings) -> dict[int, list[Record]]:
    """A complaint answered after its last day (``complaint_late``) or still unanswered after it as of
    today or the cycle's end, whichever is first (``complaint_open``). An answer given after that day
    does not count yet: the complaint was open then."""
    as_of = min(clock.today(), cycle.end)
    rows = await Company.raw(_COMPLAINTS, start_of(cycle.start), start_of(cycle.end + timedelta(days=1)))
    result: dict[int, list[Record]] = {}
    for row in rows:
        due_on = (_china(row["due_at"]) - timedelta(microseconds=1)).date()  # due_at: midnight after the last day
        answered_on = _china(row["answered_at"]).date() if row["answered_at"] and row["state"] != "open" else None
        if answered_on is not None and answered_on > as_of:
            answered_on = None
        record = complaint_record(row["id"], due_on, answered_on, as_of, settings.validity_days)
        if record is not None:
            result.setdefault(row["company"], []).append(record)
    return result


# Service gaps. The span each company served each community in the cycle: its arrangements and shared
# services there, for the (community, company) pairs management's rule names as manager on some day.
_SPANS = f"""
SELECT p.company AS company, p.community AS community, MIN(x.start_date) AS first, MAX(COALESCE(x.end_date, {{}})) AS last
FROM (SELECT DISTINCT company, community FROM ({{}}) m WHERE m.mode IN ('professional', '{SHARED_SERVICE}')) p
JOIN (SELECT community, company, start_date, end_date FROM arrangement WHERE mode = 'professional'
      UNION ALL SELECT community, company, start_date, end_date FROM shared_service) x
  ON x.community = p.community AND x.company = p.company
  AND x.start_date <= {{}} AND (x.end_date IS NULL OR x.end_date >= {{}})
GROUP BY p.company, p.community
"""
# The distinct log days of each pair within the cycle, each with the logged day before it (LAG), kept
# only where the days between make a gap, plus each pair's first and last logged day.
_GAPS = """
WITH days AS (SELECT DISTINCT company, community, service_date AS day FROM service_log
              WHERE service_date >= {} AND service_date <= {}),
steps AS (SELECT company, community, day, LAG(day) OVER (PARTITION BY company, community ORDER BY day) AS prev
          FROM days)
SELECT company, community, prev, day, 0 AS edge FROM steps WHERE prev IS NOT NULL AND %s >= {}
UNION ALL
SELECT company, community, MIN(day), MAX(day), 1 FROM days GROUP BY company, community
"""


def _day_gap_sql() -> str:
    """Days strictly between ``prev`` and ``day``."""
    if is_postgres():
        return "(day - prev - 1)"
    return "(CAST(julianday(day) - julianday(prev) AS INTEGER) - 1)"


async def service_gaps(cycle: Cycle, settings: CreditSettings) -> dict[int, list[Record]]:
    """Each run of at least ``service_gap_days`` days without a log in a community a company served,
    within the span it served it in the cycle up to today (``scoring.service_gaps``' rule: the days
    just outside the span count as logged). One line per gap, from its first to its last day."""
    gap_days = settings.service_gap_days
    last_day = min(clock.today(), cycle.end)
    if last_day < cycle.start:
        return {}
    spans = await Company.raw(_SPANS, cycle.end, managers_during(cycle.start, last_day), last_day, cycle.start)
    if not spans:
        return {}
    rows = await Company.raw(_GAPS % _day_gap_sql(), cycle.start, last_day, gap_days)
    inner: dict[tuple, list[tuple[date, date]]] = {}
    edges: dict[tuple, tuple[date, date]] = {}
    for row in rows:
        key = (row["company"], row["community"])
        prev, day = _as_date(row["prev"]), _as_date(row["day"])
        if row["edge"]:
            edges[key] = (prev, day)
        else:
            inner.setdefault(key, []).append((prev, day))
    result: dict[int, list[Record]] = {}
    for span in spans:
        key = (span["company"], span["community"])
        first = max(_as_date(span["first"]), cycle.start)
        last = min(_as_date(span["last"]), last_day)
        if last < first:
            continue
        gaps = _gaps_in(first, last, inner.get(key, []), edges.get(key), gap_days)
        for gap_first, gap_last in gaps:
            result.setdefault(span["company"], []).append(
                Record("service_gap", ("community", span["community"]), gap_first, gap_last))
    return result


def _gaps_in(first: date, last: date, steps: list[tuple[date, date]], edge: tuple[date, date] | None,
             gap_days: int) -> list[tuple[date, date]]:
    """The gaps in ``first`` … ``last`` from the logged days' long steps (consecutive logged days with
    at least ``gap_days`` between) and the first and last logged day; the same as
    ``scoring.service_gaps`` over every logged day, without holding them."""
    one = timedelta(days=1)
    # Logged days outside the span are ignored: the days just outside it count as logged instead.
    gaps = []
    if edge is None or edge[1] < first or edge[0] > last:
        candidates = [(first - one, last + one)]
    else:
        candidates = [(first - one, max(edge[0], first)), (min(edge[1], last), last + one)]
        candidates += steps
    for prev, day in sorted(candidates):
        prev, day = max(prev, first - one), min(day, last + one)
        if (day - prev).days - 1 >= gap_days:
            gaps.append((prev + one, day - one))
    return gaps


def _as_date(value) -> date:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def _china(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return china_time(value)


register_source("satisfaction", satisfaction)
register_source("complaints", complaints)
register_source("service_gaps", service_gaps)
