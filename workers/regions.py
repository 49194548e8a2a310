"""Actors for the administrative tree."""

import dramatiq

from app.regions import services as regions
from workers import broker as _broker  # noqa: F401  (the broker must exist before an actor is declared)
from workers.jobs import Progress, run_job


async def _recount(job: dict, progress: Progress) -> dict:
    return await regions.recount(progress)


@dramatiq.actor(queue_name="default", max_retries=0)
async def recount_regions(job_id: int) -> None:
    await run_job(job_id, _recount)

JOB_ACTORS = {"recount_regions": recount_regions}
