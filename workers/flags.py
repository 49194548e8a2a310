"""Actors for flags: the scan, thin around ``app.flags.services.scan``."""

import dramatiq

from app.flags.services import scan
from workers import broker as _broker  # noqa: F401  (the broker must exist before an actor is declared)
from workers.jobs import run_job


@dramatiq.actor(queue_name="default", max_retries=0, time_limit=30 * 60 * 1000)
async def scan_flags(job_id: int) -> None:
    await run_job(job_id, scan.run_scan)

JOB_ACTORS = {scan.JOB_KIND: scan_flags}
