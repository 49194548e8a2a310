"""The recount queue end to end: a user starts the job, a real worker runs it, the page shows it done.

Embedded leg: the worker threads inside the app. Redis leg (TEST_BROKER_URL): a separate
`changxiao worker` process consuming from Redis.
"""

import asyncio
import time
from pathlib import Path

from app.jobs.tables import Job
from app.regions.tables import Region
from tests.factories import csrf_from, login, make_world

ROOT = Path(__file__).resolve().parents[2]


async def _wait_for(job_id: int, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = await Job.select(Job.state, Job.progress, Job.error).where(Job.id == job_id).first()
        if row["state"] in ("done", "failed"):
            return row
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {seconds}s: {row}")


async def test_a_bureau_user_recounts_the_tree_through_a_real_worker(client, real_worker):
    await make_world()
    await login(client, "alice")
    page = await client.get("/regions/630102")
    response = await client.post(
        "/regions/recount", data={"_csrf_token": csrf_from(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303
    job_id = int(response.headers["location"].rsplit("/", 1)[1])
    row = await _wait_for(job_id)
    assert row["state"] == "done", row["error"]
    assert row["progress"] == 100
    district = await Region.select(Region.community_count, Region.counted_at).where(Region.code == "630102").first()
    assert district["community_count"] == 3 and district["counted_at"] is not None
    shown = await client.get(response.headers["location"])
    assert "job-done" in shown.text


async def test_only_bureau_users_may_start_a_recount(client):
    await make_world()
    await login(client, "bob")
    page = await client.get("/regions/630102001")
    response = await client.post("/regions/recount", data={"_csrf_token": csrf_from(page.text)})
    assert response.status_code == 403
    assert await Job.count() == 0
