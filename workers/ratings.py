"""Actors for ratings: the satisfaction figures' rollup."""

import dramatiq

from app.operations.ratings.services.tallies import refresh_open_periods
from workers import broker as _broker  # noqa: F401  (the broker must exist before an actor is declared)
from workers.jobs import Progress, run_job


async def _refresh(job: dict, progress: Progress) -> dict:
    return {"tallies": await refresh_open_periods()}


@dramatiq.actor(queue_name="default", max_retries=0)
async def refresh_rating_tallies(job_id: int) -> None:
    await run_job(job_id, _refresh)

JOB_ACTORS = {"refresh_rating_tallies": refresh_rating_tallies}
