"""Operations' conditions: no service logged, satisfaction under the target, complaints overdue. Each
is one statement over the operations tables, by the operations domain's own rules (the manager is
management's "manager on day D"; satisfaction is judged as the satisfaction pages judge it, from the
ratings' tally; a complaint is overdue as its lists say)."""

from __future__ import annotations

from datetime import date, timedelta

from app.flags.rules import COMPLAINT
from app.flags.sources import SubjectType, register_source, register_subject
from app.management.queries import managers
from app.operations.deadlines import start_of
from app.operations.grievances.tables import Complaint
from app.operations.logs.tables import ServiceLog
from app.operations.ratings.logic import period_span
from app.operations.ratings.services.tallies import below_target_sql
from app.operations.ratings.tables import RatingTally
from app.operations.satisfaction import period_of
from app.settings import Settings

# A community a company serves today (any mode with a company: whoever may log its service,
# logs.logic.served_as) whose manager took over before the cutoff and that has no log since the cutoff:
# rules.no_service, with the cutoff ``today - days`` (a log on that day, or a takeover then, is in time).
_NO_SERVICE = """
SELECT m.community AS id FROM ({}) m
LEFT JOIN arrangement a ON a.id = m.arrangement LEFT JOIN shared_service s ON s.id = m.shared
WHERE m.company IS NOT NULL AND COALESCE(a.start_date, s.start_date) < {}
  AND NOT EXISTS (SELECT 1 FROM service_log l WHERE l.community = m.community AND l.service_date >= {})
"""


async def no_service(today: date, settings: Settings) -> set[int]:
    cutoff = today - timedelta(days=settings.flags.no_service_days)
    return {row["id"] for row in await ServiceLog.raw(_NO_SERVICE, managers(today), cutoff, cutoff)}


async def satisfaction_low(today: date, settings: Settings) -> set[int]:
    """Judged (at least the minimum number of ratings) and under the target in the last closed rating
    period: the street home's list of communities below the target, for the whole installation."""
    period = period_span(period_of(today, settings.policy.rating_period)).previous()
    having, args = below_target_sql(settings.policy)
    rows = await RatingTally.raw(
        f"SELECT t.community AS id FROM rating_tally t WHERE t.span = 'period' AND t.period_start = {{}} "
        f"GROUP BY t.community HAVING {having}", period.start, *args)
    return {row["id"] for row in rows}


async def complaint_overdue(today: date, settings: Settings) -> set[int]:
    """Still awaiting a response at the start of today, past its due moment (complaints.overdue: a
    complaint due by the end of yesterday is overdue from midnight)."""
    rows = await Complaint.select(Complaint.id).where((Complaint.state == "open") & (Complaint.due_at <= start_of(today)))
    return {row["id"] for row in rows}


register_subject(SubjectType(COMPLAINT, "complaint", "t.region_code", "t.community",
                             ("show_complaint", "complaint_id", "subject")))
register_source("no_service", no_service)
register_source("satisfaction_low", satisfaction_low)
register_source("complaint_overdue", complaint_overdue)
