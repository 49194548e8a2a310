"""The recompute queue end to end: a bureau user starts it from the rankings page, a real worker runs
it (the app's threads on the embedded leg, a `changxiao worker` process on the Redis leg), and the
job's page shows it done with every company scored."""

from datetime import date

from app import clock
from tests.credit.helpers import arrange, line, score_of
from tests.factories import login, make_world, post_form
from tests.workers.test_recount_job import _wait_for


async def test_a_bureau_user_recomputes_through_a_real_worker(client, real_worker):
    world = await make_world()
    await arrange(world.community_a, world.company_a, date(2020, 1, 1))
    await login(client, "alice")
    started = await post_form(client, "/credit/recompute", page="/credit")
    assert started.status_code == 303
    job_id = int(started.headers["location"].rsplit("/", 1)[1])
    row = await _wait_for(job_id)
    assert row["state"] == "done", row["error"]
    assert line(await score_of(world.company_a, clock.today().year), "old_community")["units"] == 1
    shown = await client.get(started.headers["location"])
    assert "job-done" in shown.text
