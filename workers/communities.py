"""Actors for the community register."""


import dramatiq

from app import clock
from app.communities.services import imports
from workers import broker as _broker  # noqa: F401  (the broker must exist before an actor is declared)
from workers.jobs import Progress, run_job


async def _import(job: dict, progress: Progress) -> dict:
    return await imports.run_import(job, progress, clock.this_year())


@dramatiq.actor(queue_name="default", max_retries=0, time_limit=30 * 60 * 1000)
async def import_registry(job_id: int) -> None:
    await run_job(job_id, _import)

JOB_ACTORS = {"import_registry": import_registry}
