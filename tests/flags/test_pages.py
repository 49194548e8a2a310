"""The flag pages: lists by kind and area inside the user's scope, each flag linking to what raised
it, acknowledgement with a note, the street's to-do list on its home page and the bureau's counts."""

from datetime import timedelta

import pytest

from app.audit.tables import AuditEntry
from app.flags.tables import Flag
from app.jobs.tables import Job
from tests.factories import csrf_from, login, make_world, post_form
from tests.flags.helpers import TODAY, committee, morning

pytestmark = pytest.mark.usefixtures("clock")


async def _scanned():
    from app.flags.services.scan import scan

    world = await make_world()
    await committee(world.community_a, members=6)
    await scan(TODAY, morning(TODAY))
    return world


async def _flag(kind: str, subject: int) -> int:
    return (await Flag.select(Flag.id).where((Flag.kind == kind) & (Flag.subject_id == subject)).first())["id"]


async def test_the_street_sees_its_areas_flags_each_linking_to_what_raised_it(client):
    world = await _scanned()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get("/flags")
    assert page.status_code == 200
    assert "幸福小区" in page.text and "和平家园" in page.text and "清真巷小区" not in page.text  # another street's
    assert f'href="/communities/{world.community_b}"' in page.text
    assert f'href="/communities/{world.community_a}/committee"' in page.text  # the committee's size
    assert "Committee size out of rule" in page.text and "4 open flags" in page.text


async def test_the_list_filters_by_kind_and_area_as_a_page_and_as_a_fragment(client):
    world = await _scanned()
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get("/flags?kind=no_arrangement&region=630102001004")
    assert "1 open flag" in page.text and "和平家园" in page.text and "幸福小区" not in page.text
    assert '<option value="no_arrangement" selected>' in page.text
    fragment = await client.get("/flags?kind=committee_missing", headers={"HX-Request": "true", "HX-Target": "flag-results"})
    assert "<h1>" not in fragment.text and "清真巷小区" in fragment.text and "2 open flags" in fragment.text
    assert "HX-Request" in fragment.headers["vary"]
    # A kind or an area that is not one (or not in the user's area) shows the whole area.
    for query in ("kind=weather", "region=630103001", "region=63010２", "region=x" * 40, "page=abc"):
        assert (await client.get(f"/flags?{query}")).status_code == 200
    outside = await client.get("/flags?region=630103001003")
    assert "人民街小区" not in outside.text and world.community_other_county


async def test_a_flag_is_acknowledged_with_a_note_and_stays_marked(client):
    world = await _scanned()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    flag_id = await _flag("no_arrangement", world.community_a)
    path = f"/flags/{flag_id}/acknowledge"
    empty = await post_form(client, path, {"note": "   "}, page=f"/flags/{flag_id}")
    assert empty.status_code == 422 and "Say what is being done about it." in empty.text
    long = await post_form(client, path, {"note": "长" * 501}, page=f"/flags/{flag_id}")
    assert long.status_code == 422 and "At most 500 characters." in long.text
    assert (await Flag.select(Flag.acknowledged_at).where(Flag.id == flag_id).first())["acknowledged_at"] is None
    done = await post_form(client, path, {"note": "grid member visiting on Monday"}, page=f"/flags/{flag_id}")
    assert done.status_code == 303
    shown = await client.get(done.headers["location"])
    assert "It stays on the list until its cause is gone." in shown.text and "grid member visiting on Monday" in shown.text
    listed = await client.get("/flags")
    assert "flag-acknowledged" in listed.text and "Seen" in listed.text
    assert await AuditEntry.count().where(AuditEntry.action == "flag.acknowledge") == 1


async def test_a_flag_outside_the_users_area_is_not_found(client):
    world = await _scanned()
    other = await _flag("no_arrangement", world.community_other_street)
    await login(client, "bob")
    assert (await client.get(f"/flags/{other}")).status_code == 404
    token = csrf_from((await client.get("/flags")).text)
    refused = await client.post(f"/flags/{other}/acknowledge", data={"note": "x", "_csrf_token": token})
    assert refused.status_code == 404
    assert (await client.get("/flags/99999999999")).status_code == 404
    client.cookies.clear()
    await login(client, "carol")  # a company user: no flags page
    assert (await client.get("/flags")).status_code == 403


async def test_a_cleared_flag_cannot_be_acknowledged_and_says_why(client):
    world = await _scanned()
    flag_id = await _flag("no_arrangement", world.community_a)
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get(f"/flags/{flag_id}")
    await Flag.update({Flag.cleared_at: morning(TODAY + timedelta(days=1))}).where(Flag.id == flag_id)
    late = await client.post(f"/flags/{flag_id}/acknowledge", data={"note": "on it", "_csrf_token": csrf_from(page.text)})
    assert late.status_code == 422 and "This flag was cleared already" in late.text
    assert "Cleared" in (await client.get(f"/flags/{flag_id}")).text


async def test_the_street_home_leads_with_its_to_do_list(client):
    await _scanned()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    home = (await client.get("/")).text
    assert home.index("To do") < home.index("<h1>") and "4 open flags" in home
    assert "No active management arrangement" in home


async def test_the_bureau_sees_counts_by_kind_and_area_with_the_trend_and_starts_a_scan(client, clock):
    await _scanned()
    clock.set(clock.moment + timedelta(days=1))
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get("/flags/overview")
    assert page.status_code == 200
    assert "东关大街街道" in page.text and "清真巷街道" in page.text and "人民街街道" not in page.text
    assert 'href="/flags?kind=no_arrangement&amp;region=630102001"' in page.text
    assert "No service logged" in page.text and "Company under the credit grade" in page.text  # every kind is scanned
    assert "Not scanned yet" not in page.text
    assert page.text.count("<rect ") == 28
    started = await client.post("/flags/scan", data={"_csrf_token": csrf_from(page.text)},
                                headers={"HX-Request": "true", "HX-Target": "scan-status"})
    assert started.status_code == 200 and "Scan for flags" in started.text and "hx-trigger" in started.text
    assert await Job.count().where(Job.kind == "scan_flags") == 1
    client.cookies.clear()
    await login(client, "bob")
    refused = await client.post("/flags/scan", data={"_csrf_token": csrf_from((await client.get("/")).text)})
    assert refused.status_code == 403 and await Job.count().where(Job.kind == "scan_flags") == 1
