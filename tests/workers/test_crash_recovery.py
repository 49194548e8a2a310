"""A register import whose process is killed (kill -9) at about 30% resumes by itself within a
minute, and the register ends up exactly as the file says: no unit twice, none missing, and the
counts shown to the user count each row once.

Embedded leg: the real app under ``changxiao run`` (worker threads and scheduler inside), killed
and started again. Redis leg: a real ``changxiao worker`` process killed, and a new one started.
Both processes share the test's database; jobs beat every second and are taken for dead after
four silent beats (tests/conftest.py), so this takes seconds.
"""

from __future__ import annotations

import asyncio
import math
import os
import time
from decimal import Decimal

import httpx
import pytest

from app.audit.tables import AuditEntry
from app.communities.tables import Building, Community, Household, Owner
from app.jobs.tables import Job
from app.settings import get_settings
from tests.communities.sheets import community_row, many_households, xlsx
from tests.communities.test_import_pages import _confirm, _upload
from tests.factories import login, make_world
from tests.processes import child_env, kill, start_server, start_worker, stop, tail

HOUSEHOLDS = 1200  # seconds of import on either database (24 chunks): time to kill it mid-way
CODE = "630102001001101"
KILL_AT = 30  # percent
RESUME_SECONDS = 60


def _file() -> tuple[bytes, list[list]]:
    households = many_households(CODE, HOUSEHOLDS)
    return xlsx([community_row(CODE)], households), households


async def _start_import(client, data: bytes) -> int:
    await login(client, "bob")
    dry_run = await _upload(client, data)
    assert dry_run.status_code == 200, dry_run.text[-2000:]
    started = await _confirm(client, dry_run.text)
    assert started.status_code == 303, started.text[-2000:]
    return int(started.headers["location"].rsplit("/", 1)[1])


async def _kill_mid_way(process, job_id: int, log_path) -> None:
    """SIGKILL the process (its whole group) once the import has passed KILL_AT percent."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        row = await Job.select(Job.state, Job.progress).where(Job.id == job_id).first()
        assert row["state"] in ("queued", "running"), f"the import ended before it could be killed: {row}"
        if row["progress"] >= KILL_AT:
            kill(process)
            return
        if process.poll() is not None:
            pytest.fail(f"the process exited by itself:\n{tail(log_path)}")
        await asyncio.sleep(0.02)
    pytest.fail(f"the import never reached {KILL_AT}%: {row}\n{tail(log_path)}")


async def _killed_half_way(job_id: int) -> None:
    row = await Job.select(Job.state, Job.progress, Job.attempts).where(Job.id == job_id).first()
    assert row["state"] == "running" and KILL_AT <= row["progress"] < 100 and row["attempts"] == 1, row
    written = await Household.count()
    assert 0 < written < HOUSEHOLDS  # the committed chunks stay; the one in flight was rolled back


async def _resumed_and_finished(job_id: int, log_path) -> dict:
    deadline = time.monotonic() + RESUME_SECONDS
    while time.monotonic() < deadline:
        job = await Job.select().where(Job.id == job_id).output(load_json=True).first()
        if job["state"] in ("done", "failed"):
            assert job["state"] == "done", f"{job['error']}\n{tail(log_path)}"
            return job
        await asyncio.sleep(0.1)
    pytest.fail(f"the import did not resume and finish within {RESUME_SECONDS}s: {job}\n{tail(log_path)}")


async def _register_is_exactly_the_file(job: dict, households: list[list]) -> None:
    assert job["attempts"] == 2
    buildings = math.ceil(HOUSEHOLDS / 60)
    assert job["result"] == {  # each row counted once, as a run without the crash counts them
        "created": HOUSEHOLDS + 1, "changed": 0, "unchanged": 0, "communities_created": 1, "communities_changed": 0,
        "buildings_created": buildings, "households_created": HOUSEHOLDS, "households_changed": 0,
    }
    rows = await Household.select(
        Household.building.number, Household.unit_number, Household.floor_area, Household.owner.name, Household.owner.phone
    )
    got = sorted((r["building.number"], r["unit_number"], Decimal(str(r["floor_area"])), r["owner.name"], r["owner.phone"]) for r in rows)
    want = sorted((building, unit, Decimal(area), owner, phone) for _, building, unit, area, owner, phone, _ in households)
    assert got == want  # no unit twice, none missing, each as the file says
    community = await Community.select().where(Community.code == CODE).first()
    assert (community["household_count"], community["building_count"]) == (HOUSEHOLDS, buildings)
    assert await Building.count() == buildings
    assert await Owner.count() == len({(owner, phone) for *_, owner, phone, _ in households})
    entries = await AuditEntry.select(AuditEntry.summary).where(AuditEntry.action == "registry.import").output(load_json=True)
    assert len(entries) == 1 and entries[0]["summary"]["households_created"] == HOUSEHOLDS  # audited once, in full


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="the SQLite leg (the PostgreSQL leg kills a worker process)")
async def test_an_import_resumes_after_the_web_process_is_killed(tmp_path):
    """Embedded mode: the worker threads die with the web process; the next one picks the job up
    (at start-up, or on its scheduler's next tick once the lease has run out)."""
    await make_world()
    data, households = _file()
    env = child_env(without=("BROKER_URL", "REDIS_URL"))  # the embedded mode, on the test's database
    log_path = tmp_path / "server.log"
    first, url = await asyncio.to_thread(start_server, env, log_path)
    try:
        async with httpx.AsyncClient(base_url=url) as web:
            job_id = await _start_import(web, data)
        await _kill_mid_way(first, job_id, log_path)
    finally:
        kill(first)
    await _killed_half_way(job_id)

    second, url = await asyncio.to_thread(start_server, env, log_path)
    try:
        job = await _resumed_and_finished(job_id, log_path)
        await _register_is_exactly_the_file(job, households)
        async with httpx.AsyncClient(base_url=url) as web:
            await login(web, "bob")
            web.cookies.set("cx_lang", "en")
            page = await web.get(f"/jobs/{job_id}")
        assert "job-done" in page.text and "resumed by itself (2 attempts in all)" in page.text
    finally:
        stop(second)


@pytest.mark.skipif(
    not os.environ.get("TEST_BROKER_URL") and not os.environ.get("TEST_REQUIRE_LEGS"), reason="the Redis leg"
)
async def test_an_import_resumes_after_its_worker_process_is_killed(client, tmp_path):
    """Production mode: the worker process dies; the page says so while nobody holds the job, and
    a worker that starts picks it up."""
    assert get_settings().broker.is_redis  # the Redis leg runs this, or fails
    await make_world()
    data, households = _file()
    log_path = tmp_path / "worker.log"
    first = start_worker(child_env(), log_path)
    try:
        job_id = await _start_import(client, data)
        await _kill_mid_way(first, job_id, log_path)
    finally:
        kill(first)
    await _killed_half_way(job_id)

    headers = {"HX-Request": "true", "HX-Target": f"job-{job_id}"}
    deadline = time.monotonic() + get_settings().broker.job_lease_seconds + 5
    while "中断，正在恢复" not in (page := await client.get(f"/jobs/{job_id}", headers=headers)).text:
        assert time.monotonic() < deadline, page.text
        await asyncio.sleep(0.2)
    assert "hx-trigger" in page.text  # it keeps polling, and will show the resumed job

    second = start_worker(child_env(), log_path)
    try:
        job = await _resumed_and_finished(job_id, log_path)
        await _register_is_exactly_the_file(job, households)
    finally:
        kill(second)  # its work is done; a graceful stop would only cost seconds
