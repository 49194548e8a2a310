"""The job table: claimed once, re-sent after a crash, visible only to whom it concerns."""

from datetime import timedelta

from app.accounts.logic import SYSTEM
from app.jobs import services as jobs
from app.jobs.tables import Job
from app.settings import get_settings
from tests.factories import login, make_world

LEASE = get_settings().broker.job_lease_seconds


async def _queued_job(**values) -> int:
    rows = await Job.insert(Job(kind="recount_regions", **values)).returning(Job.id)
    return rows[0]["id"]


async def test_a_job_is_claimed_only_once():
    job_id = await _queued_job()
    assert await jobs.claim(job_id) is not None
    assert await jobs.claim(job_id) is None  # a second delivery is a no-op


async def test_a_finished_job_is_never_run_again():
    job_id = await _queued_job()
    job = await jobs.claim(job_id)
    await jobs.finish(job, {"ok": 1})
    assert await jobs.claim(job_id) is None


async def test_a_running_job_whose_worker_died_can_be_claimed_after_the_lease(clock):
    stale = clock.moment - timedelta(seconds=LEASE + 1)
    job_id = await _queued_job(state="running", heartbeat_at=stale, attempts=1)
    assert await jobs.claim(job_id) is not None
    row = await Job.select(Job.attempts).where(Job.id == job_id).first()
    assert row["attempts"] == 2


async def test_a_running_job_with_a_fresh_heartbeat_is_left_alone(clock):
    fresh = clock.moment - timedelta(seconds=LEASE - 1)
    job_id = await _queued_job(state="running", heartbeat_at=fresh)
    assert await jobs.claim(job_id) is None


async def test_unfinished_jobs_are_sent_again_at_start_up(clock):
    sent = []
    previous = jobs._dispatcher
    jobs.set_dispatcher(lambda kind, job_id: sent.append(job_id))
    try:
        waiting = await _queued_job()
        abandoned = await _queued_job(state="running", heartbeat_at=clock.moment - timedelta(hours=1))
        await _queued_job(state="running", heartbeat_at=clock.moment)
        await _queued_job(state="done")
        await _queued_job(state="failed")
        assert await jobs.resend_unfinished(at_start_up=True) == 2
        assert sorted(sent) == sorted([waiting, abandoned])
    finally:
        jobs.set_dispatcher(previous)


async def test_progress_is_clamped_and_recorded():
    job_id = await _queued_job()
    job = await jobs.claim(job_id)
    await jobs.report_progress(job, 150, "almost")
    row = await Job.select(Job.progress, Job.progress_note).where(Job.id == job_id).first()
    assert row == {"progress": 100, "progress_note": "almost"}


async def test_a_job_page_is_visible_to_its_starter_and_their_area_only(client):
    await make_world()
    job_id = await _queued_job(region_code="630102")
    await login(client, "alice")
    assert (await client.get(f"/jobs/{job_id}")).status_code == 200
    client.cookies.clear()
    await login(client, "oscar")  # another district
    assert (await client.get(f"/jobs/{job_id}")).status_code == 404
    client.cookies.clear()
    await login(client, "erin")
    assert (await client.get(f"/jobs/{job_id}")).status_code == 404


async def test_the_status_fragment_polls_until_the_job_ends(client):
    await make_world()
    job_id = await _queued_job(region_code="630102")
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    headers = {"HX-Request": "true", "HX-Target": f"job-{job_id}"}
    waiting = await client.get(f"/jobs/{job_id}", headers=headers)
    assert "<html" not in waiting.text and 'hx-trigger="load delay' in waiting.text
    await jobs.finish(await jobs.claim(job_id), {"nodes": 3})
    done = await client.get(f"/jobs/{job_id}", headers=headers)
    assert "hx-trigger" not in done.text and "Regions: 3" in done.text


async def test_start_job_records_the_row_and_the_audit_entry():
    sent = []
    previous = jobs._dispatcher
    jobs.set_dispatcher(lambda kind, job_id: sent.append((kind, job_id)))
    try:
        job_id = await jobs.start_job(SYSTEM, "recount_regions", region_code="630102")
    finally:
        jobs.set_dispatcher(previous)
    assert sent == [("recount_regions", job_id)]
    row = await Job.select(Job.state, Job.region_code).where(Job.id == job_id).first()
    assert row == {"state": "queued", "region_code": "630102"}
