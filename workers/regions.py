"""Actors for the administrative tree."""

import json

import dramatiq

from app.regions import services as regions
from workers import broker as _broker  # noqa: F401  (the broker must exist before an actor is declared)
from workers.jobs import Progress, run_job


async def _recount(job: dict, progress: Progress) -> dict:
    """The whole tree, or only the branch of ``params["code"]`` (sent after a change that alters counts)."""
    params = json.loads(job["params"]) if isinstance(job["params"], str) else (job["params"] or {})
    return await regions.recount(progress, code=params.get("code") or None)


@dramatiq.actor(queue_name="default", max_retries=0)
async def recount_regions(job_id: int) -> None:
    await run_job(job_id, _recount)

JOB_ACTORS = {"recount_regions": recount_regions}
