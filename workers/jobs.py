"""Running a job row's work: claim it, report progress, record the outcome."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from app.jobs import services as jobs
from app.settings import get_settings

log = logging.getLogger("changxiao.workers")

Progress = Callable[[int, str], Awaitable[None]]


async def run_job(job_id: int, work: Callable[[dict, Progress], Awaitable[dict]]) -> None:
    """Safe to run twice: a job already finished, or held by a live worker, is left alone."""
    job = await jobs.claim(job_id, get_settings().broker.job_lease_seconds)
    if job is None:
        log.info("job %s: already taken or finished", job_id)
        return

    async def progress(percent: int, note: str = "") -> None:
        await jobs.report_progress(job_id, percent, note)

    try:
        result = await work(job, progress)
    except Exception as exc:  # the job row is where the user learns what went wrong
        log.exception("job %s (%s) failed", job_id, job["kind"])
        await jobs.fail(job_id, f"{type(exc).__name__}: {exc}")
        return
    await jobs.finish(job_id, result)
