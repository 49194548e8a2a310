"""The job table: user-visible background work.

A job row is written in the transaction that asks for the work, and its message is sent only after
that commits (``dispatch``). A worker claims the row by a conditional update, so a message
delivered twice, or re-sent at start-up, runs the work once. A running job keeps a heartbeat; one
whose heartbeat is older than the lease was abandoned by a dead worker and may be claimed again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.db import on_commit, transaction
from app.errors import NotFound
from app.jobs import access
from app.jobs.logic import DONE, FAILED, QUEUED, RUNNING, clamp_progress
from app.jobs.tables import Job

# Set by the broker set-up (workers.broker): how a job id reaches its actor. Services never import workers.
_dispatcher: Callable[[str, int], None] | None = None


def set_dispatcher(dispatcher: Callable[[str, int], None] | None) -> None:
    global _dispatcher
    _dispatcher = dispatcher


def dispatch(kind: str, job_id: int) -> None:
    if _dispatcher is None:
        raise RuntimeError("no broker is set up: import workers.broker before starting jobs")
    _dispatcher(kind, job_id)


async def start_job(
    actor: Principal, kind: str, params: dict | None = None, region_code: str | None = None, *, audited: bool = True
) -> int:
    """Record a job and send it once the row is committed (after the caller's transaction, when the
    job is started inside one). Returns the job id. ``audited=False`` for upkeep a change sets off
    by itself (a recount after an edit): the change is in the audit log already."""
    async with transaction():
        rows = await Job.insert(
            Job(kind=kind, params=params or {}, created_by=actor.id, region_code=region_code)
        ).returning(Job.id)
        job_id = rows[0]["id"]
        if audited:
            await audit.record(actor, "job.start", "job", job_id, {"kind": kind}, region_code)
        on_commit(lambda: dispatch(kind, job_id))
    return job_id


async def get_job(actor: Principal, job_id: int) -> dict:
    """The job, if the actor may see it (``access.may_see``); NotFound otherwise."""
    job = await Job.select().where(Job.id == job_id).output(load_json=True).first()
    if job is None or not access.may_see(actor, job):
        raise NotFound(job_id)
    return job


async def claim(job_id: int, lease_seconds: int) -> dict | None:
    """Take the job for this worker; None when it is finished or another live worker has it."""
    now = clock.utcnow()
    stale = now - timedelta(seconds=lease_seconds)
    rows = await Job.update(
        {Job.state: RUNNING, Job.started_at: now, Job.heartbeat_at: now, Job.attempts: Job.attempts + 1},
    ).where(
        (Job.id == job_id) & ((Job.state == QUEUED) | ((Job.state == RUNNING) & (Job.heartbeat_at < stale)))
    ).returning(Job.id, Job.kind, Job.params, Job.created_by, Job.region_code)
    return rows[0] if rows else None


async def report_progress(job_id: int, percent: int, note: str = "") -> None:
    await Job.update(
        {Job.progress: clamp_progress(percent), Job.progress_note: note[:255], Job.heartbeat_at: clock.utcnow()}
    ).where((Job.id == job_id) & (Job.state == RUNNING))


async def finish(job_id: int, result: dict) -> None:
    await Job.update(
        {Job.state: DONE, Job.progress: 100, Job.result: result, Job.finished_at: clock.utcnow()}
    ).where(Job.id == job_id)


async def fail(job_id: int, error: str) -> None:
    await Job.update({Job.state: FAILED, Job.error: error[:2000], Job.finished_at: clock.utcnow()}).where(Job.id == job_id)


async def resend_unfinished(lease_seconds: int) -> int:
    """Send again every job a crash or a lost message left behind. Safe to call from any process."""
    stale = clock.utcnow() - timedelta(seconds=lease_seconds)
    rows = await Job.select(Job.id, Job.kind).where(
        (Job.state == QUEUED) | ((Job.state == RUNNING) & (Job.heartbeat_at < stale))
    )
    for row in rows:
        dispatch(row["kind"], row["id"])
    return len(rows)
