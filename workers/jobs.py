"""Running a job row's work: claim it, keep its heartbeat, report progress, record the outcome."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from app.jobs import services as jobs
from app.settings import get_settings

log = logging.getLogger("changxiao.workers")

Progress = Callable[[int, str], Awaitable[None]]


async def _keep_alive(job: dict, every: float, lost: asyncio.Event) -> None:
    """Touch the job's heartbeat every few seconds for as long as its work runs, whether or not the
    work reports progress (a long query, a big file being read): silence means a dead worker.
    Runs on the work's own event loop, each beat a short query of its own outside the work's
    transactions. A beat that fails (the database busy for a moment) is logged and the next one
    tried; a beat that finds the job taken over tells the work to stop."""
    while True:
        await asyncio.sleep(every)
        try:
            if not await jobs.heartbeat(job):
                lost.set()
                return
        except Exception:  # the next beat may get through; the lease allows for a few missed ones
            log.warning("job %s: heartbeat failed", job["id"], exc_info=True)


async def run_job(job_id: int, work: Callable[[dict, Progress], Awaitable[dict]]) -> None:
    """Safe to run twice: a job already finished, or held by a live worker, is left alone. A job
    whose worker died is taken over (its ``attempts`` grows, and ``checkpoint`` holds what the
    dead attempt recorded), until its attempts run out and it fails."""
    job = await jobs.claim(job_id)
    if job is None:
        if await jobs.give_up_abandoned(job_id):
            log.error("job %s: interrupted too often; given up", job_id)
        else:
            log.info("job %s: already taken or finished", job_id)
        return
    if job["attempts"] > 1:
        log.warning("job %s (%s): resumed, attempt %d", job_id, job["kind"], job["attempts"])
    # Made before the work opens any transaction, so the beats run on connections of their own.
    lost = asyncio.Event()
    beat = asyncio.create_task(_keep_alive(job, get_settings().broker.job_heartbeat_seconds, lost))

    async def progress(percent: int, note: str = "") -> None:
        if lost.is_set():
            raise jobs.LeaseLost(f"job {job_id} was taken over")
        await jobs.report_progress(job, percent, note)

    try:
        try:
            result = await work(job, progress)
        except jobs.LeaseLost:
            log.warning("job %s: taken over by another worker; this attempt (%d) stops", job_id, job["attempts"])
            return
        except Exception as exc:  # the job row is where the user learns what went wrong
            log.exception("job %s (%s) failed", job_id, job["kind"])
            await jobs.fail(job, f"{type(exc).__name__}: {exc}")
            return
        await jobs.finish(job, result)
    except jobs.LeaseLost:
        log.warning("job %s: taken over by another worker before attempt %d could record its outcome", job_id, job["attempts"])
    finally:
        beat.cancel()
