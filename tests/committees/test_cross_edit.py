"""A cross-appointment is ended (its last day) or put right by the street or bureau of the area;
an ended one leaves the community's and the company's current lists; every edit is audited."""

from datetime import date

import pytest

from app.audit.tables import AuditEntry
from app.committees import services as committees
from app.committees.services import CrossInput
from app.committees.tables import CrossAppointment
from app.errors import FieldError, NotFound
from tests.committees.helpers import principal
from tests.factories import login, make_world, post_form


async def _appointment(world) -> int:
    return await committees.record_cross_appointment(
        await principal("bob"), world.community_a, kind="company_head", company_id=world.company_a,
        person_name="张经理", role_title="项目经理", start_date=date(2026, 1, 1))


def _data(world, **changes) -> CrossInput:
    values = {"kind": "company_head", "company_id": world.company_a, "person_name": "张经理",
              "role_title": "项目经理", "start_date": date(2026, 1, 1), "end_date": None}
    return CrossInput(**{**values, **changes})


@pytest.mark.parametrize(("end", "accepted"), [
    (date(2025, 12, 31), False),  # before it started
    (date(2026, 1, 1), True),  # the day it started
    (date(2026, 11, 25), True),  # today (FROZEN_NOW)
    (date(2026, 11, 26), False),  # tomorrow
])
async def test_an_appointment_ends_between_its_first_day_and_today(clock, end, accepted):
    world = await make_world()
    cross_id = await _appointment(world)
    bob = await principal("bob")
    if accepted:
        await committees.update_cross_appointment(bob, cross_id, _data(world, end_date=end))
        assert (await CrossAppointment.select(CrossAppointment.end_date).first())["end_date"] == end
        assert await AuditEntry.count().where(AuditEntry.action == "committee.cross_update") == 1
    else:
        with pytest.raises(FieldError) as refused:
            await committees.update_cross_appointment(bob, cross_id, _data(world, end_date=end))
        assert refused.value.field == "end_date"
        assert (await CrossAppointment.select(CrossAppointment.end_date).first())["end_date"] is None


async def test_an_ended_appointment_leaves_the_current_lists_but_stays_on_the_committee_page(clock):
    world = await make_world()
    cross_id = await _appointment(world)
    bob = await principal("bob")
    await committees.update_cross_appointment(bob, cross_id, _data(world, end_date=date(2026, 10, 31),
                                                                   person_name="张建国"))
    community = {"id": world.community_a, "region_code": "630102001001"}
    assert (await committees.community_section(bob, community))["committee_cross"] == []
    assert (await committees.views.company_section(bob, {"id": world.company_a}))["company_cross"] == []
    page = await committees.committee_page(bob, world.community_a)
    assert [(x["person_name"], x["end_date"]) for x in page["cross"]] == [("张建国", date(2026, 10, 31))]


async def test_a_correction_must_change_something_and_name_a_company(clock):
    world = await make_world()
    cross_id = await _appointment(world)
    bob = await principal("bob")
    with pytest.raises(FieldError):
        await committees.update_cross_appointment(bob, cross_id, _data(world))
    with pytest.raises(FieldError) as refused:
        await committees.update_cross_appointment(bob, cross_id, _data(world, company_id=999_999))
    assert refused.value.field == "company_id"


@pytest.mark.parametrize("username", ["mallory", "oscar", "carol", "dave", "erin"])
async def test_only_the_street_and_bureau_of_the_area_edit(clock, username):
    world = await make_world()
    cross_id = await _appointment(world)
    with pytest.raises(NotFound):
        await committees.update_cross_appointment(await principal(username), cross_id,
                                                  _data(world, end_date=date(2026, 11, 1)))
    await committees.update_cross_appointment(await principal("alice"), cross_id,
                                              _data(world, end_date=date(2026, 11, 1)))


async def test_the_edit_page_ends_an_appointment_and_refuses_as_a_clerk_reads_it(client, clock):
    world = await make_world()
    cross_id = await _appointment(world)
    assert (await login(client, "bob")).status_code == 303
    page = await client.get(f"/communities/{world.community_a}/committee")
    path = f"/cross-appointments/{cross_id}/edit"
    assert path in page.text
    form = await client.get(path)
    assert form.status_code == 200 and "张经理" in form.text
    data = {"kind": "company_head", "company_id": str(world.company_a), "person_name": "张经理", "role_title": "项目经理",
            "start_date": "2026-01-01", "end_date": "2025-12-01"}
    refused = await post_form(client, path, data, page=path)
    assert refused.status_code == 422 and "开始" in refused.text
    saved = await post_form(client, path, {**data, "end_date": "2026-11-01"}, page=path)
    assert saved.status_code == 303
    client.cookies.clear()
    assert (await login(client, "mallory")).status_code == 303
    assert (await client.get(path)).status_code == 404
