"""Actors for credit scores."""

import dramatiq

from app.credit.services import recompute
from workers import broker as _broker  # noqa: F401  (the broker must exist before an actor is declared)
from workers.jobs import run_job


@dramatiq.actor(queue_name="default", max_retries=0, time_limit=60 * 60 * 1000)
async def recompute_credit(job_id: int) -> None:
    await run_job(job_id, recompute.recompute)

JOB_ACTORS = {recompute.JOB_KIND: recompute_credit}
