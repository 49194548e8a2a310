"""The schedule: the daily scan is in the one cron table, runs in the embedded mode (inside the web
process) and with a separate scheduler and worker processes (Redis), and the street's to-do list
shows a new unmanaged community the morning after, and clears it once a manager is assigned."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from datetime import datetime, timedelta

import pytest

from app import clock as app_clock
from app.communities.tables import Community
from app.flags.tables import Flag
from app.jobs.tables import Job
from app.settings import get_settings
from tests.committees.helpers import principal
from tests.factories import login, make_world, post_form
from tests.flags.helpers import morning
from tests.management.test_assignment import _post as assign
from tests.processes import child_env, kill, start, start_server, start_worker, stop, tail
from workers.scheduler import cron_table, make_scheduler

NEW = {"code": "630102001004109", "name": "新华里小区", "address": "新华路1号", "year_built": "1992",
       "total_area": "5000", "renovation_year": "", "renovation_status": "none", "household_count": "40"}


def test_the_daily_scan_is_in_the_one_cron_table_at_half_past_one_in_china():
    (trigger,) = [trigger for func, trigger in cron_table() if func.__name__ == "scan_flags"]
    evening = datetime(2026, 11, 25, 21, 0, tzinfo=app_clock.CHINA)
    assert trigger.get_next_fire_time(None, evening) == datetime(2026, 11, 26, 1, 30, tzinfo=app_clock.CHINA)


async def _wait_for_scan(after_id: int = 0, seconds: float = 30) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = await Job.select().where((Job.kind == "scan_flags") & (Job.id > after_id)).order_by(Job.id).output(
            load_json=True).first()
        if job and job["state"] in ("done", "failed"):
            assert job["state"] == "done", job["error"]
            return job
        await asyncio.sleep(0.1)
    raise AssertionError(f"no scan finished within {seconds}s: {job}")


async def _the_scheduled_scan_runs(clock, day) -> dict:
    """The scheduler's job at its time on the morning of ``day`` (the clock moved there), run through
    the real worker; answers the finished job."""
    clock.set(morning(day))
    scheduled = {job.id: job for job in make_scheduler().get_jobs()}["scan_flags"]
    last = await Job.select(Job.id).where(Job.kind == "scan_flags").order_by(Job.id, ascending=False).first()
    await scheduled.func()
    return await _wait_for_scan(last["id"] if last else 0)


async def test_the_to_do_list_shows_a_new_unmanaged_community_the_morning_after_and_clears_it(client, clock, real_worker):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    registered = await post_form(client, "/communities", NEW, page="/communities/new")
    assert registered.status_code == 303
    community = (await Community.select(Community.id).where(Community.code == NEW["code"]).first())["id"]
    home = await client.get("/")
    assert "新华里小区" not in home.text  # not until the scan has run

    tomorrow = clock.today() + timedelta(days=1)
    job = await _the_scheduled_scan_runs(clock, tomorrow)
    assert job["result"]["raised"] >= 1
    home = await client.get("/")
    todo = home.text[home.text.index("To do"):home.text.index("<h1>")]
    unmanaged = f'<strong>No active management arrangement</strong> · <a href="/communities/{community}">新华里小区</a>'
    assert unmanaged in todo

    me = await principal("bob")
    done = await assign(client, community, step="confirm", mode="street_proxy", responsible_id=str(me.id),
                        start_date=tomorrow.isoformat())
    assert done.status_code == 303, done.text[-1500:]
    await _the_scheduled_scan_runs(clock, tomorrow + timedelta(days=1))
    home = await client.get("/")
    todo = home.text[home.text.index("To do"):home.text.index("<h1>")]
    assert unmanaged not in todo and "新华里小区" in todo  # still without an owner committee
    flag = await Flag.select().where((Flag.kind == "no_arrangement") & (Flag.subject_id == community)).first()
    assert flag["cleared_at"] is not None


def _start_scheduler(env: dict, log_path) -> object:
    return start([sys.executable, "-m", "app.cli", "scheduler"], env, log_path)


def _wait_for_line(process, log_path, text: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in tail(log_path, 400):
            return
        if process.poll() is not None:
            pytest.fail(f"the process exited:\n{tail(log_path)}")
        time.sleep(0.1)
    pytest.fail(f"no {text!r} within {seconds}s:\n{tail(log_path)}")


async def _queue_scan() -> int:
    """A scan job as the cron's tick writes it, whose message was never sent (the scheduler's tick
    must find it and send it)."""
    rows = await Job.insert(Job(kind="scan_flags", created_at=app_clock.utcnow())).returning(Job.id)
    return rows[0]["id"]


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="the SQLite leg (the Redis leg runs processes of its own)")
async def test_the_embedded_mode_runs_the_schedule_and_the_scan_inside_the_web_process(tmp_path):
    await make_world()
    log_path = tmp_path / "server.log"
    server, _url = await asyncio.to_thread(start_server, child_env(without=("BROKER_URL", "REDIS_URL")), log_path)
    try:
        job_id = await _queue_scan()
        job = await _wait_for_scan(job_id - 1)
        assert job["id"] == job_id and job["result"]["raised"] == 8
    finally:
        stop(server)


@pytest.mark.skipif(not os.environ.get("TEST_BROKER_URL") and not os.environ.get("TEST_REQUIRE_LEGS"), reason="the Redis leg")
async def test_changxiao_scheduler_and_a_worker_process_run_the_scan():
    assert get_settings().broker.is_redis
    await make_world()
    from tests.conftest import _VAR

    log_path = _VAR / "schedule.log"
    worker = start_worker(child_env(), log_path)
    scheduler = None
    try:
        await asyncio.to_thread(_wait_for_line, worker, log_path, "Worker process is ready")
        scheduler = _start_scheduler(child_env(), log_path)
        await asyncio.to_thread(_wait_for_line, scheduler, log_path, "scheduler running")
        job_id = await _queue_scan()
        job = await _wait_for_scan(job_id - 1)
        assert job["id"] == job_id and job["result"]["raised"] == 8
    finally:
        if scheduler is not None:
            stop(scheduler)
        kill(worker)
