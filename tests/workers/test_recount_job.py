"""The recount queue end to end: a user starts the job, a real worker runs it, the page shows it done.

Embedded leg: the worker threads inside the app. Redis leg (TEST_BROKER_URL): a separate
`changxiao worker` process consuming from Redis.
"""

import asyncio
import re
import time
from pathlib import Path

from app.jobs.tables import Job
from app.regions import services as regions
from app.regions.tables import Region
from tests.communities.sheets import community_row, household_row, xlsx
from tests.communities.test_import_pages import _import as import_file
from tests.factories import csrf_from, login, make_world, post_form

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


NEW_COMMUNITY = {
    "code": "630102001004101", "name": "五一路小区", "address": "五一路9号", "year_built": "1990",
    "total_area": "6000", "renovation_year": "", "renovation_status": "none", "household_count": "60",
}


def _figures(html: str) -> list[str]:
    """The headline figures of a page, in order (communities, old communities, households, …)."""
    return re.findall(r'<span class="figure-value">([^<]+)</span>', html)


def _row(html: str, code: str) -> list[str]:
    """The numbers in a table row of an area, by its code."""
    row = re.search(rf"<td[^>]*>{code}</td>(.*?)</tr>", html, re.S)
    assert row, f"no row for {code}"
    return re.findall(r'class="num">(?:<a [^>]+>)?([^<]+)', row.group(1))


async def test_a_community_registered_by_a_street_user_is_counted_on_every_page_at_once(client, real_worker):
    await make_world()
    await regions.recount()
    await login(client, "bob")
    home = await client.get("/")
    assert _figures(home.text)[:3] == ["2", "2", "240"]  # communities, old ones, households

    response = await post_form(client, "/communities", NEW_COMMUNITY, page="/communities/new")
    assert response.status_code == 303
    job = await Job.select(Job.id, Job.params, Job.region_code).where(Job.kind == "recount_regions").output(load_json=True).first()
    assert job["params"] == {"code": "630102001004"} and job["region_code"] == "630102001004"
    row = await _wait_for(job["id"])
    assert row["state"] == "done", row["error"]

    home = await client.get("/")
    assert _figures(home.text)[:3] == ["3", "3", "300"]
    assert _row(home.text, "630102001004") == ["2", "180"]  # the table of areas adds up to the headline
    region = await client.get("/regions/630102001")
    assert _figures(region.text) == ["3", "3", "300"]
    assert _row(region.text, "630102001004") == ["2", "2", "180"]
    # The bureau sees the same numbers for bob's street, and its own district moved with it.
    client.cookies.clear()
    await login(client, "alice")
    district = await client.get("/regions/630102")
    assert _row(district.text, "630102001") == ["3", "3", "300"]
    assert _figures(district.text) == ["4", "3", "420"]
    # Only the branch was recounted: another district's figures were not touched.
    other = await Region.select(Region.community_count, Region.counted_at).where(Region.code == "630103").first()
    assert other["community_count"] == 1


async def test_adding_a_building_recounts_the_branch(client, real_worker):
    world = await make_world()
    await regions.recount()
    await login(client, "bob")
    building = await post_form(client, f"/communities/{world.community_a}/buildings", {"number": "1号楼", "floors": "6"},
                               page=f"/communities/{world.community_a}/buildings/new")
    assert building.status_code == 303
    jobs = await Job.select(Job.id).where(Job.kind == "recount_regions")
    assert len(jobs) == 1
    assert (await _wait_for(jobs[0]["id"]))["state"] == "done"
    # The register now has a building and no household: the community counts 0 households.
    counted = await Region.select(Region.household_count).where(Region.code == "630102001001").first()
    assert counted["household_count"] == 0


async def test_a_register_import_recounts_the_importers_area_once_it_is_done(client, real_worker):
    await make_world()
    await regions.recount()
    await login(client, "bob")
    job = await import_file(client, xlsx([community_row()], [household_row(), household_row(unit="1-102")]))
    assert job["result"]["communities_created"] == 1
    recounts = await Job.select(Job.id, Job.params).where(Job.kind == "recount_regions").output(load_json=True)
    assert [row["params"] for row in recounts] == [{"code": "630102001"}]
    assert (await _wait_for(recounts[0]["id"]))["state"] == "done"
    home = await client.get("/")
    assert _figures(home.text)[:3] == ["3", "3", "242"]  # the new community's register holds 2 households
    again = await import_file(client, xlsx([community_row()], [household_row(), household_row(unit="1-102")]))
    assert again["result"]["unchanged"] == 3
    assert await Job.count().where(Job.kind == "recount_regions") == 1  # nothing changed, nothing to recount
