"""The daily scan: every registered condition source asked for today's subjects, then one
transaction that raises and clears flags as ``rules.reconcile`` says.

- **Set-based**: each source is one or two SQL statements over the whole installation; Python holds
  the subjects for which a condition is true and the open flags (a few thousand at province scale),
  never the rows the conditions were computed from. New flags are written by ``INSERT … SELECT``
  from their subjects' tables (their region codes come along), cleared ones by ``UPDATE … IN``.
- **All or nothing**: the writes are one transaction. A scan killed before it commits has written
  nothing, and the next one (the job sent again, or tomorrow's) does the whole work.
- **Safe to run twice**: a second scan finds every true condition flagged and changes nothing. Two at
  once queue on a lock of the flag table (PostgreSQL; SQLite's write lock at BEGIN), and the one
  open flag per condition is a unique index besides.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from itertools import islice

from app import clock
from app.accounts.logic import Principal
from app.db import is_postgres, transaction
from app.flags import rules
from app.flags.sources import sources, subject_types
from app.flags.tables import Flag
from app.jobs import services as jobs
from app.jobs.logic import QUEUED, RUNNING
from app.jobs.tables import Job
from app.settings import get_settings

Progress = Callable[[int, str], Awaitable[None]]
CHUNK = 500  # ids per statement: under every database's limit of bound parameters
JOB_KIND = "scan_flags"


async def _no_progress(percent: int, note: str = "") -> None:
    return None


def _chunks(ids, size: int = CHUNK):
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


def _marks(values: list) -> str:
    return ", ".join("{}" for _ in values)


async def _open_flags(kinds: list[str]) -> list[rules.Flag]:
    rows = await Flag.select(Flag.id, Flag.kind, Flag.subject_id, Flag.raised_at, Flag.acknowledged_at, Flag.note).where(
        Flag.cleared_at.is_null() & Flag.kind.is_in(kinds))
    return [rules.Flag(row["id"], row["kind"], row["subject_id"], row["raised_at"], row["acknowledged_at"], row["note"])
            for row in rows]


_INSERT = ("INSERT INTO flag (kind, subject_type, subject_id, region_code, community_id, raised_at, note) "
           "SELECT {{}}, {{}}, t.id, {region}, {community}, {{}}, '' FROM {table} t WHERE t.id IN ({marks})")


async def _raise(kind: str, subject_ids: list[int], at: datetime) -> None:
    subject = subject_types()[rules.FLAG_KINDS[kind].subject]
    for chunk in _chunks(sorted(subject_ids)):
        sql = _INSERT.format(region=subject.region_sql, community=subject.community_sql, table=subject.table,
                             marks=_marks(chunk))
        await Flag.raw(sql, kind, subject.name, at, *chunk)


async def _clear(flag_ids: tuple[int, ...], at: datetime, progress: Progress) -> None:
    for chunk in _chunks(flag_ids):
        await Flag.raw(f"UPDATE flag SET cleared_at = {{}} WHERE cleared_at IS NULL AND id IN ({_marks(chunk)})", at, *chunk)
        await progress(95, "")


async def scan(today: date | None = None, now: datetime | None = None, *, kinds: list[str] | None = None,
               progress: Progress = _no_progress) -> dict:
    """Raise and clear flags for the registered kinds (or ``kinds`` of them). Returns what it did:
    raised, cleared, open (after the scan) and the kinds checked."""
    today = today or clock.today()
    now = now or clock.utcnow()
    settings = get_settings()
    found = sources()
    checked = [kind for kind in found if kinds is None or kind in kinds]
    true: set[rules.Condition] = set()
    for number, kind in enumerate(checked):
        await progress(80 * number // max(1, len(checked)), kind)
        true |= {(kind, subject) for subject in await found[kind](today, settings)}
    await progress(80, "")
    async with transaction():
        if is_postgres():  # a second scan waits here, then sees this one's flags and changes nothing
            await Flag.raw("LOCK TABLE flag IN SHARE ROW EXCLUSIVE MODE")
        open_flags = await _open_flags(checked)
        plan = rules.reconcile(true, open_flags, now, checked)
        await _clear(plan.clear, now, progress)
        by_kind: dict[str, list[int]] = {}
        for kind, subject in plan.raise_:
            by_kind.setdefault(kind, []).append(subject)
        for kind, subject_ids in by_kind.items():
            await _raise(kind, subject_ids, now)
            await progress(98, kind)
        still_open = await Flag.count().where(Flag.cleared_at.is_null())
    return {"raised": len(plan.raise_), "cleared": len(plan.clear), "open": still_open, "kinds": len(checked)}


async def start_scan(actor: Principal) -> int:
    """A scan job for a bureau user (the page shows its progress): the one already waiting or running
    when there is one, since a second would find nothing to change."""
    running = await Job.select(Job.id).where((Job.kind == JOB_KIND) & Job.state.is_in([QUEUED, RUNNING])).order_by(
        Job.id).first()
    if running is not None:
        return running["id"]
    return await jobs.start_job(actor, JOB_KIND, region_code=actor.region_code)


async def run_scan(job: dict, progress: Progress) -> dict:
    """The scan job's work (the actor in ``workers.flags``)."""
    return await scan(progress=progress)

