"""The scan as a whole: raises and clears with times, changes nothing the second time, writes all or
nothing when it dies half-way, keeps acknowledged flags until their cause is gone, and leaves alone
the kinds nobody has registered a source for yet."""

from datetime import timedelta

import pytest

from app.accounts.logic import SYSTEM
from app.flags.services import scan as scanning
from app.flags.services import views
from app.flags.services.scan import scan
from app.flags.tables import Flag
from app.jobs import services as jobs
from app.jobs.tables import Job
from app.management.tables import Arrangement
from tests.committees.helpers import principal
from tests.factories import make_world
from tests.flags.helpers import TODAY, arrange, morning, open_flags, subjects
from workers.jobs import run_job

pytestmark = pytest.mark.usefixtures("clock")


async def test_a_scan_raises_with_its_time_and_a_second_scan_changes_nothing():
    world = await make_world()
    first = await scan(TODAY, morning(TODAY))
    assert first["raised"] == 8 and first["cleared"] == 0  # four communities: nobody manages them, no committee
    rows = await Flag.select(Flag.kind, Flag.subject_id, Flag.region_code, Flag.raised_at, Flag.community_id).where(
        Flag.subject_id == world.community_a)
    assert {row["kind"] for row in rows} == {"no_arrangement", "committee_missing"}
    assert all(row["raised_at"] == morning(TODAY) and row["region_code"] == "630102001001"
               and row["community_id"] == world.community_a for row in rows)
    before = await Flag.select().order_by(Flag.id)
    second = await scan(TODAY, morning(TODAY) + timedelta(hours=1))
    assert (second["raised"], second["cleared"], second["open"]) == (0, 0, 8)
    assert await Flag.select().order_by(Flag.id) == before


async def test_a_flag_clears_with_its_time_once_its_cause_is_gone_and_a_returning_cause_raises_a_new_one():
    world = await make_world()
    await scan(TODAY, morning(TODAY))
    arrangement = await arrange(world.community_a, mode="street_proxy", start=TODAY)
    tomorrow = TODAY + timedelta(days=1)
    done = await scan(tomorrow, morning(tomorrow))
    assert done["cleared"] == 1 and world.community_a not in await subjects("no_arrangement")
    cleared = await Flag.select(Flag.cleared_at).where(
        (Flag.kind == "no_arrangement") & (Flag.subject_id == world.community_a)).first()
    assert cleared["cleared_at"] == morning(tomorrow)
    await Arrangement.update({Arrangement.end_date: tomorrow}).where(Arrangement.id == arrangement)
    later = TODAY + timedelta(days=2)
    await scan(later, morning(later))
    assert world.community_a in await subjects("no_arrangement")
    assert await Flag.count().where((Flag.kind == "no_arrangement") & (Flag.subject_id == world.community_a)) == 2


async def test_an_acknowledged_flag_stays_marked_until_its_cause_is_gone():
    world = await make_world()
    await scan(TODAY, morning(TODAY))
    flag = await Flag.select(Flag.id).where((Flag.kind == "no_arrangement") & (Flag.subject_id == world.community_a)).first()
    bob = await principal("bob")
    await views.acknowledge(bob, flag["id"], "  calling the owners' meeting  ")
    tomorrow = TODAY + timedelta(days=1)
    await scan(tomorrow, morning(tomorrow))
    kept = await Flag.select().where(Flag.id == flag["id"]).first()
    assert kept["cleared_at"] is None and kept["note"] == "calling the owners' meeting"
    assert kept["acknowledged_by"] == bob.id and kept["raised_at"] == morning(TODAY)
    await arrange(world.community_a, mode="street_proxy", start=tomorrow)
    after = TODAY + timedelta(days=2)
    await scan(after, morning(after))
    gone = await Flag.select().where(Flag.id == flag["id"]).first()
    assert gone["cleared_at"] == morning(after) and gone["note"] == "calling the owners' meeting"


async def test_kinds_without_a_source_are_left_alone(monkeypatch):
    from app.flags import sources

    sources.sources()  # every hook imported: the source taken out below stays out
    monkeypatch.delitem(sources._SOURCES, "no_service")  # as when its domain was not installed yet
    world = await make_world()
    await Flag.insert(Flag(kind="no_service", subject_type="community", subject_id=world.community_a,
                           region_code="630102001001", raised_at=morning(TODAY)))
    done = await scan(TODAY, morning(TODAY))
    assert ("no_service", world.community_a) in await open_flags() and done["cleared"] == 0


class Killed(BaseException):
    """What a worker's death looks like to the code it was running: nothing after it runs."""


async def test_a_scan_killed_while_writing_writes_nothing_and_the_next_one_does_it_all():
    await make_world()
    calls = []

    async def dies_while_writing(percent: int, note: str = "") -> None:
        calls.append(percent)
        if percent >= 95:  # inside the transaction, after the first statement wrote
            raise Killed()

    await scan(TODAY, morning(TODAY))
    await Flag.delete(force=True)  # start again from nothing, so the second scan has many writes
    await scan(TODAY, morning(TODAY), kinds=["committee_missing"])
    with pytest.raises(Killed):
        await scan(TODAY + timedelta(days=1), morning(TODAY + timedelta(days=1)), progress=dies_while_writing)
    assert await open_flags() == {("committee_missing", s) for s in await subjects("committee_missing")}
    assert await Flag.count().where(Flag.cleared_at.is_not_null()) == 0
    done = await scan(TODAY + timedelta(days=1), morning(TODAY + timedelta(days=1)))
    assert done["raised"] == 4 and len(await open_flags()) == 8


async def test_a_scan_job_whose_worker_died_is_taken_over_and_finishes(clock, configure):
    await make_world()
    job_id = await scanning.start_scan(SYSTEM)
    assert await scanning.start_scan(SYSTEM) == job_id  # one waiting already: no second job
    first = await jobs.claim(job_id)  # a worker took it, then died: no heartbeat since
    assert first["attempts"] == 1
    clock.set(clock.moment + timedelta(minutes=1))
    await run_job(job_id, scanning.run_scan)
    job = await Job.select(Job.state, Job.attempts, Job.result).where(Job.id == job_id).output(load_json=True).first()
    assert job["state"] == "done" and job["attempts"] == 2 and job["result"]["raised"] == 8
