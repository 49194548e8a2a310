"""A recompute whose worker dies mid-cycle: the chunks that committed stay, the one in flight leaves
nothing, and the attempt that takes the job over carries on and ends with every company scored once,
exactly as an uninterrupted run scores them."""

from datetime import date, timedelta

import pytest

from app.credit.services import recompute as service
from app.credit.tables import CreditScore, CreditScoreLine
from app.jobs.tables import Job
from app.settings import get_settings
from tests.credit.helpers import arrange, record, run_recompute, score_of
from tests.factories import make_company, make_world
from workers.jobs import run_job


class Killed(BaseException):
    """The process dying: nothing after it runs (not even the job's failure is recorded)."""


async def _scores() -> dict[int, tuple]:
    rows = await CreditScore.select(CreditScore.company, CreditScore.total, CreditScore.grade)
    return {row["company"]: (row["total"], row["grade"]) for row in rows}


async def test_a_recompute_killed_mid_cycle_is_taken_over_and_scores_each_company_once(clock, monkeypatch):
    world = await make_world()
    for _ in range(5):
        await make_company()
    await arrange(world.community_a, world.company_a, date(2020, 1, 1))
    await record(world.company_b, "penalty", date(2026, 2, 1), date(2027, 1, 31))
    monkeypatch.setattr(service, "CHUNK", 2)  # 7 companies: 4 chunks
    await run_recompute()
    want = await _scores()
    lines_wanted = await CreditScoreLine.count()
    await CreditScoreLine.delete(force=True)
    await CreditScore.delete(force=True)

    job_id = (await Job.insert(Job(kind=service.JOB_KIND, params={"cycle": 2026})).returning(Job.id))[0]["id"]
    reports = []

    async def dies_in_the_third_chunk(job, progress):
        async def report(percent, note=""):
            reports.append(percent)
            if len(reports) == 3:  # two chunks committed; the process dies before the third's report
                raise Killed()
            await progress(percent, note)
        return await service.recompute(job, report)

    with pytest.raises(Killed):
        await run_job(job_id, dies_in_the_third_chunk)
    killed = await Job.select(Job.state, Job.attempts, Job.checkpoint).where(Job.id == job_id).output(load_json=True).first()
    assert killed["state"] == "running" and killed["attempts"] == 1 and killed["checkpoint"]["written"] == 4
    assert len(await _scores()) == 4  # the committed chunks stay, whole

    clock.set(clock.moment + timedelta(seconds=get_settings().broker.job_lease_seconds + 1))  # its lease runs out
    await run_job(job_id, service.recompute)
    job = await Job.select(Job.state, Job.attempts, Job.result).where(Job.id == job_id).output(load_json=True).first()
    assert job == {"state": "done", "attempts": 2, "result": {"cycle": "2026", "companies": 7}}
    assert await _scores() == want
    assert await CreditScoreLine.count() == lines_wanted
    assert (await score_of(world.company_b))["grade"] == "B"


async def test_a_chunk_that_fails_writes_nothing_of_itself(clock, monkeypatch):
    world = await make_world()
    monkeypatch.setattr(service, "CHUNK", 1)
    await run_recompute()
    before = await _scores()
    await record(world.company_a, "commendation", date(2026, 2, 1), date(2027, 1, 31))
    await record(world.company_b, "commendation", date(2026, 2, 1), date(2027, 1, 31))
    original = service._write

    async def breaks_on_the_second(cycle, scores):
        await original(cycle, scores)
        if world.company_b in scores:
            raise RuntimeError("disk full")

    monkeypatch.setattr(service, "_write", breaks_on_the_second)
    job_id = await run_recompute()
    after = await _scores()
    assert after[world.company_a] == (720, "A") and after[world.company_b] == before[world.company_b]
    job = await Job.select(Job.state, Job.error).where(Job.id == job_id).first()
    assert job["state"] == "failed" and "disk full" in job["error"]
