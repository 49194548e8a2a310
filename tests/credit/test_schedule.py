"""The nightly recompute: the current cycle every night, and the cycle just ended once more on the
first day of the next (its last day's records came after the last night's run)."""

from datetime import datetime

import pytest

from app.jobs import services as jobs
from app.jobs.tables import Job
from workers.scheduler import cron_table, recompute_credit


@pytest.fixture
def sent():
    ids: list[int] = []
    previous = jobs._dispatcher
    jobs.set_dispatcher(lambda kind, job_id: ids.append(job_id))
    yield ids
    jobs.set_dispatcher(previous)


async def _cycles() -> list:
    rows = await Job.select(Job.params).where(Job.kind == "recompute_credit").order_by(Job.id).output(load_json=True)
    return [row["params"]["cycle"] for row in rows]


async def test_the_schedule_recomputes_every_night(clock, sent):
    assert recompute_credit in [func for func, _ in cron_table()]
    clock.set(datetime(2026, 12, 31, 3, 5))
    await recompute_credit()
    assert await _cycles() == [2026] and len(sent) == 1


async def test_on_a_cycles_first_day_the_one_just_ended_is_recomputed_too(clock, sent):
    clock.set(datetime(2027, 1, 1, 3, 5))
    await recompute_credit()
    assert await _cycles() == [2027, 2026]
    await Job.delete(force=True)
    clock.set(datetime(2027, 1, 2, 3, 5))
    await recompute_credit()
    assert await _cycles() == [2027]


async def test_a_cycle_starting_in_july_ends_on_the_30th_of_june(clock, sent, configure):
    configure(CREDIT_CYCLE_START_MONTH="7")
    clock.set(datetime(2027, 6, 30, 3, 5))
    await recompute_credit()
    assert await _cycles() == [2026]
    clock.set(datetime(2027, 7, 1, 3, 5))
    await recompute_credit()
    assert await _cycles() == [2026, 2027, 2026]
