"""A job whose worker died: taken for dead after a few missed beats, sent again, shown as
interrupted until it resumes, and given up when it keeps dying. (The whole story with real
processes killed mid-import is in tests/workers/test_crash_recovery.py.)"""

import asyncio
from datetime import timedelta

import pytest

from app import clock as app_clock
from app.jobs import services as jobs
from app.jobs.logic import RESEND_UNCLAIMED_AFTER
from app.jobs.tables import Job
from app.settings import get_settings
from tests.conftest import serve
from tests.factories import login, make_world
from workers.jobs import run_job
from workers.scheduler import cron_table, resend_abandoned_jobs

SETTINGS = get_settings().broker
HTMX = {"HX-Request": "true"}


async def _job(**values) -> int:
    rows = await Job.insert(Job(kind="recount_regions", region_code="630102", **values)).returning(Job.id)
    return rows[0]["id"]


@pytest.fixture
def sent():
    """The job ids the services send, in order (the broker is the outside world here)."""
    ids: list[int] = []
    previous = jobs._dispatcher
    jobs.set_dispatcher(lambda kind, job_id: ids.append(job_id))
    yield ids
    jobs.set_dispatcher(previous)


async def test_a_running_job_beats_while_its_work_is_silent():
    job_id = await _job()
    beats = []

    async def silent_work(job, progress):  # a long query, a big file: no progress to report
        for _ in range(5):
            await asyncio.sleep(SETTINGS.job_heartbeat_seconds / 2)
            beats.append((await Job.select(Job.heartbeat_at).where(Job.id == job_id).first())["heartbeat_at"])
            assert await jobs.claim(job_id) is None  # alive: nobody may take it over
        return {"nodes": 0}

    await run_job(job_id, silent_work)
    assert len(set(beats)) >= 2, beats  # the heartbeat moved with no progress reported
    row = await Job.select(Job.state, Job.attempts).where(Job.id == job_id).first()
    assert row == {"state": "done", "attempts": 1}


async def test_a_worker_taken_for_dead_writes_nothing_once_another_took_over(clock):
    job_id = await _job()
    first = await jobs.claim(job_id)
    clock.set(clock.moment + timedelta(seconds=SETTINGS.job_lease_seconds + 1))
    second = await jobs.claim(job_id)
    assert second["attempts"] == 2
    assert await jobs.heartbeat(first) is False
    for late_write in (jobs.report_progress(first, 50), jobs.save_checkpoint(first, {"chunks": 9}), jobs.finish(first, {})):
        with pytest.raises(jobs.LeaseLost):
            await late_write
    await jobs.save_checkpoint(second, {"chunks": 1})
    await jobs.finish(second, {"nodes": 3})
    row = await Job.select(Job.state, Job.result, Job.checkpoint).where(Job.id == job_id).output(load_json=True).first()
    assert row == {"state": "done", "result": {"nodes": 3}, "checkpoint": {"chunks": 1}}


async def test_an_attempt_carries_on_from_the_checkpoint_of_the_one_that_died(clock):
    job_id = await _job()
    first = await jobs.claim(job_id)
    assert first["checkpoint"] == {}
    await jobs.save_checkpoint(first, {"chunks": 3, "counts": {"created": 150}})
    clock.set(clock.moment + timedelta(seconds=SETTINGS.job_lease_seconds + 1))
    second = await jobs.claim(job_id)
    assert second["checkpoint"] == {"chunks": 3, "counts": {"created": 150}}


async def test_the_scheduler_sends_an_abandoned_job_again_once_not_every_tick(clock, sent):
    assert (resend_abandoned_jobs, SETTINGS.job_resend_seconds) in [
        (func, trigger.interval.total_seconds()) for func, trigger in cron_table() if hasattr(trigger, "interval")
    ]
    job_id = await _job(sent_at=app_clock.utcnow())
    job = await jobs.claim(job_id)
    await resend_abandoned_jobs()
    assert sent == []  # alive
    clock.set(clock.moment + timedelta(seconds=SETTINGS.job_lease_seconds + 1))
    await resend_abandoned_jobs()
    assert sent == [job_id]  # abandoned: sent again on the next tick
    await resend_abandoned_jobs()
    assert sent == [job_id]  # its message is on its way: not one more a minute
    clock.set(clock.moment + RESEND_UNCLAIMED_AFTER + timedelta(seconds=1))
    await resend_abandoned_jobs()
    assert sent == [job_id, job_id]  # still unclaimed: that message may have been lost
    assert await jobs.resend_unfinished(at_start_up=True) == 1  # a process starting sends it at once
    assert job["attempts"] == 1


async def test_the_web_process_sends_abandoned_and_waiting_jobs_again_as_it_starts(app, clock, sent):
    stale = clock.moment - timedelta(seconds=SETTINGS.job_lease_seconds + 1)
    abandoned = await _job(state="running", heartbeat_at=stale, attempts=1, sent_at=app_clock.utcnow())
    waiting = await _job(sent_at=app_clock.utcnow())  # its message died with the embedded broker
    await _job(state="running", heartbeat_at=clock.moment, attempts=1)  # alive, in another process
    async with serve(app):
        assert sorted(sent) == [abandoned, waiting]


async def test_a_waiting_job_is_sent_again_only_when_its_message_may_be_lost(clock, sent):
    job_id = await _job(sent_at=app_clock.utcnow())
    await resend_abandoned_jobs()
    assert sent == []  # a queue that is merely long gets no copies
    clock.set(clock.moment + RESEND_UNCLAIMED_AFTER + timedelta(seconds=1))
    await resend_abandoned_jobs()
    assert sent == [job_id]


async def test_a_job_killed_on_every_attempt_fails_with_a_clear_message(client, clock, sent):
    await make_world()
    stale = clock.moment - timedelta(seconds=SETTINGS.job_lease_seconds + 1)
    last_try = await _job(state="running", heartbeat_at=stale, attempts=SETTINGS.job_max_attempts)
    one_more = await _job(state="running", heartbeat_at=stale, attempts=SETTINGS.job_max_attempts - 1)
    assert await jobs.resend_unfinished() == 1
    assert sent == [one_more]
    assert await jobs.claim(last_try) is None
    row = await Job.select(Job.state, Job.error).where(Job.id == last_try).first()
    assert row["state"] == "failed" and row["error"].startswith("interrupted too often")
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get(f"/jobs/{last_try}", headers={**HTMX, "HX-Target": f"job-{last_try}"})
    assert f"interrupted {SETTINGS.job_max_attempts} times without finishing and was given up" in page.text
    assert "hx-trigger" not in page.text  # it has ended: no more polling


async def test_the_page_says_interrupted_resuming_and_keeps_polling_until_it_resumes(client, clock):
    await make_world()
    job_id = await _job()
    job = await jobs.claim(job_id)
    await jobs.report_progress(job, 31, "31/100")
    await login(client, "alice")
    headers = {**HTMX, "HX-Target": f"job-{job_id}"}
    running = await client.get(f"/jobs/{job_id}", headers=headers)
    assert "中断" not in running.text and "hx-trigger" in running.text

    clock.set(clock.moment + timedelta(seconds=SETTINGS.job_lease_seconds + 1))  # its worker died
    interrupted = await client.get(f"/jobs/{job_id}", headers=headers)
    assert "中断，正在恢复" in interrupted.text and "hx-trigger" in interrupted.text
    assert 'value="31"' in interrupted.text  # what it had done is still shown
    full = await client.get(f"/jobs/{job_id}")
    assert "中断，正在恢复" in full.text and "<html" in full.text

    resumed = await jobs.claim(job_id)
    client.cookies.set("cx_lang", "en")
    page = await client.get(f"/jobs/{job_id}", headers=headers)
    assert "Interrupted" not in page.text and f"attempt 2 of at most {SETTINGS.job_max_attempts}" in page.text
    await jobs.finish(resumed, {"nodes": 3})
    done = await client.get(f"/jobs/{job_id}", headers=headers)
    assert "resumed by itself (2 attempts in all)" in done.text and "hx-trigger" not in done.text


async def test_a_job_given_up_while_its_page_is_open_stops_saying_resuming(client, clock):
    await make_world()
    stale = clock.moment - timedelta(seconds=SETTINGS.job_lease_seconds + 1)
    job_id = await _job(state="running", heartbeat_at=stale, attempts=SETTINGS.job_max_attempts)
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get(f"/jobs/{job_id}", headers={**HTMX, "HX-Target": f"job-{job_id}"})
    assert "Interrupted, resuming" not in page.text and "given up" in page.text

