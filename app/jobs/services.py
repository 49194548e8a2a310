"""The job table: user-visible background work.

A job row is written in the transaction that asks for the work, and its message is sent only after
that commits (``dispatch``). A worker claims the row by a conditional update, so a message
delivered twice, or re-sent at start-up, runs the work once. A running job keeps a heartbeat
(``workers.jobs``); one whose heartbeat is older than the lease was abandoned by a dead worker and
may be claimed again, up to ``job_max_attempts`` times in all.

Each claim counts an attempt, and the attempt is the claim's fencing token: a worker writes to its
job (heartbeat, progress, checkpoint, outcome) only while the row still carries its attempt, so a
worker that was taken for dead and wakes up again cannot overwrite the one that took over.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from app import clock
from app.accounts.logic import Principal
from app.audit import services as audit
from app.db import on_commit, transaction
from app.errors import NotFound
from app.jobs import access, logic
from app.jobs.logic import DONE, FAILED, QUEUED, RUNNING, clamp_progress
from app.jobs.tables import Job
from app.settings import get_settings

log = logging.getLogger("changxiao.jobs")


class LeaseLost(RuntimeError):
    """This worker no longer holds the job: it was taken for dead and another took the job over
    (or the job was given up). Its work must stop without writing further."""


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
            Job(kind=kind, params=params or {}, created_by=actor.id, region_code=region_code, sent_at=clock.utcnow())
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
    settings = get_settings().broker
    job["interrupted"] = logic.is_abandoned(job, clock.utcnow(), settings.job_lease_seconds)
    if job["interrupted"] and job["attempts"] >= settings.job_max_attempts and await give_up_abandoned(job_id):
        return await get_job(actor, job_id)  # not "resuming": it will not be run again
    job["gave_up"] = logic.gave_up(job)
    job["max_attempts"] = settings.job_max_attempts
    return job


def _silent(now):
    """Running, and silent past the lease: ``logic.is_abandoned`` in SQL."""
    return (Job.state == RUNNING) & (Job.heartbeat_at < logic.abandoned_before(now, get_settings().broker.job_lease_seconds))


def _abandoned(now):
    """Silent, with attempts left: another worker may take it over."""
    return _silent(now) & (Job.attempts < get_settings().broker.job_max_attempts)


def _held(job: dict):
    """The job's row, while it is still this claim's (see the module's docstring)."""
    return (Job.id == job["id"]) & (Job.state == RUNNING) & (Job.attempts == job["attempts"])


async def claim(job_id: int) -> dict | None:
    """Take the job for this worker; None when it is finished, another live worker has it, or its
    attempts ran out. The job's ``attempts`` is this claim's; ``checkpoint`` is what an earlier
    attempt recorded (see ``save_checkpoint``), ``{}`` on the first."""
    now = clock.utcnow()
    rows = await Job.update(
        {Job.state: RUNNING, Job.started_at: now, Job.heartbeat_at: now, Job.attempts: Job.attempts + 1},
    ).where(
        (Job.id == job_id) & ((Job.state == QUEUED) | _abandoned(now))
    ).returning(Job.id, Job.kind, Job.params, Job.created_by, Job.region_code, Job.attempts, Job.checkpoint)
    if not rows:
        return None
    job = rows[0]
    for key in ("params", "checkpoint"):
        if isinstance(job[key], str):
            job[key] = json.loads(job[key] or "{}")
    return job


async def heartbeat(job: dict) -> bool:
    """Tell the others this job's worker is alive; False when the claim was lost."""
    rows = await Job.update({Job.heartbeat_at: clock.utcnow()}).where(_held(job)).returning(Job.id)
    return bool(rows)


async def _update_held(job: dict, values: dict) -> None:
    rows = await Job.update(values).where(_held(job)).returning(Job.id)
    if not rows:
        raise LeaseLost(f"job {job['id']} attempt {job['attempts']} was taken over")


async def report_progress(job: dict, percent: int, note: str = "") -> None:
    await _update_held(
        job, {Job.progress: clamp_progress(percent), Job.progress_note: note[:255], Job.heartbeat_at: clock.utcnow()}
    )


async def save_checkpoint(job: dict, checkpoint: dict) -> None:
    """Record how far the work got, for a later attempt to carry on from. Call it inside the
    transaction that wrote that far: the two commit together or not at all (LeaseLost rolls both
    back when another worker has taken the job over)."""
    await _update_held(job, {Job.checkpoint: checkpoint, Job.heartbeat_at: clock.utcnow()})


async def finish(job: dict, result: dict) -> None:
    await _update_held(job, {Job.state: DONE, Job.progress: 100, Job.result: result, Job.finished_at: clock.utcnow()})


async def fail(job: dict, error: str) -> None:
    await _update_held(job, {Job.state: FAILED, Job.error: error[:2000], Job.finished_at: clock.utcnow()})


async def give_up_abandoned(job_id: int | None = None) -> int:
    """Fail the abandoned jobs (or the one job) whose attempts ran out: a job that keeps being
    killed must not be run for ever. Returns how many."""
    settings = get_settings().broker
    now = clock.utcnow()
    condition = _silent(now) & (Job.attempts >= settings.job_max_attempts)
    if job_id is not None:
        condition &= Job.id == job_id
    error = f"{logic.GAVE_UP}: {settings.job_max_attempts} attempts, each stopped without finishing (its worker died)"
    rows = await Job.update({Job.state: FAILED, Job.error: error, Job.finished_at: now}).where(condition).returning(Job.id)
    return len(rows)


async def resend_unfinished(*, at_start_up: bool = False) -> int:
    """Send again the jobs a crash or a lost message left behind; give up those out of attempts.
    Safe to call from any process, as often as wanted: a claim runs each attempt once.

    At start-up every waiting or abandoned job is sent (the embedded broker's messages died with the
    last process). On the scheduler's tick only those not sent since their worker was last seen
    alive, or not claimed for ``RESEND_UNCLAIMED_AFTER``: a queue that is merely long does not fill
    up with copies of the same message every minute."""
    given_up = await give_up_abandoned()
    if given_up:
        log.warning("gave up %d jobs interrupted %d times", given_up, get_settings().broker.job_max_attempts)
    now = clock.utcnow()
    waiting = (Job.state == QUEUED) | _abandoned(now)
    if not at_start_up:
        waiting &= (
            Job.sent_at.is_null()
            | (Job.sent_at <= Job.heartbeat_at)
            | (Job.sent_at < now - logic.RESEND_UNCLAIMED_AFTER)
        )
    rows = await Job.select(Job.id, Job.kind).where(waiting)
    if rows:
        await Job.update({Job.sent_at: now}).where(Job.id.is_in([row["id"] for row in rows]))
    for row in rows:
        dispatch(row["kind"], row["id"])
    return len(rows)
