"""A complaint's deadline (working days over the holiday calendar), overdue at its boundary, and the
states open → responded → closed, or reopened with a new deadline."""

from __future__ import annotations

import pytest

from app.errors import FieldError, NotFound
from app.operations.grievances.services import lists, views
from app.operations.grievances.services.complaints import get_complaint
from app.operations.grievances.tables import Complaint, ComplaintEvent
from tests.operations.complaints.helpers import act_as, china, file_as, make_complaints_world, principal


async def _state(complaint_id: int) -> dict:
    return await Complaint.select(Complaint.state, Complaint.due_at, Complaint.satisfied, Complaint.reopened,
                                  Complaint.responses).where(Complaint.id == complaint_id).first()


async def test_filed_before_national_day_it_is_due_at_the_end_of_the_make_up_saturday(clock):
    # Wed 2026-09-30 10:00 counts that day; 1 Oct – 7 Oct are off; the 3rd working day after it is
    # Sat 10 Oct, a make-up working day: the whole of it is in time.
    world = await make_complaints_world()
    clock.set(china(2026, 9, 30, 10, 0))
    complaint_id = await file_as("erin", world.community_a)
    assert (await _state(complaint_id))["due_at"] == china(2026, 10, 11, 0, 0)
    carol = await principal("carol")
    clock.set(china(2026, 10, 10, 23, 59, 59))
    assert not (await views.complaint_page(carol, complaint_id))["overdue"]
    assert (await lists.list_complaints(carol, lists.Filters(overdue=True), 1))["complaints"].total == 0
    clock.set(china(2026, 10, 11, 0, 0))
    assert (await views.complaint_page(carol, complaint_id))["overdue"]
    overdue = await lists.list_complaints(carol, lists.Filters(overdue=True), 1)
    assert [row["id"] for row in overdue["complaints"].rows] == [complaint_id]
    assert overdue["complaints"].rows[0]["overdue"]


async def test_filed_at_the_end_of_the_working_day_it_counts_from_the_next_one(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 9, 30, 17, 30))  # at the end of working hours: received on 8 Oct
    complaint_id = await file_as("erin", world.community_a)
    assert (await _state(complaint_id))["due_at"] == china(2026, 10, 13, 0, 0)  # 9, 10 (make-up), 12 Oct


async def test_a_response_in_the_last_second_is_in_time_and_one_a_second_later_is_late(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 9, 30, 10, 0))
    in_time = await file_as("erin", world.community_a)
    late = await file_as("erin", world.community_a, subject="垃圾清运不及时")
    clock.set(china(2026, 10, 10, 23, 59, 59))
    await act_as("carol", in_time, "respond")
    clock.set(china(2026, 10, 11, 0, 0))
    await act_as("carol", late, "respond")
    marks = await ComplaintEvent.select(ComplaintEvent.complaint, ComplaintEvent.late).where(
        ComplaintEvent.kind == "respond")
    assert {row["complaint"]: row["late"] for row in marks} == {in_time: False, late: True}
    assert not (await views.complaint_page(await principal("carol"), late))["overdue"]  # responded: not overdue


async def test_the_owner_reopens_a_response_that_does_not_settle_it_and_closes_the_next_one(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))  # Monday
    complaint_id = await file_as("hank", world.community_b, channel="online")  # proxy-managed: the street answers
    with pytest.raises(FieldError):
        await act_as("hank", complaint_id, "close", satisfied=True)  # nothing to close yet: no response
    await act_as("bob", complaint_id, "respond", "网格员已上门查看。")
    clock.set(china(2026, 11, 6, 16, 0))  # Friday
    await act_as("hank", complaint_id, "reopen", "灯还是不亮。")
    state = await _state(complaint_id)
    # A new deadline from the reopening: received Fri 6 Nov, due by the end of Wed 11 Nov.
    assert state["state"] == "open" and state["reopened"] == 1 and state["due_at"] == china(2026, 11, 12, 0, 0)
    await act_as("bob", complaint_id, "respond", "已更换灯具。")
    await act_as("hank", complaint_id, "close", "", satisfied=True)
    state = await _state(complaint_id)
    assert (state["state"], state["satisfied"], state["responses"]) == ("closed", True, 2)
    page = await views.complaint_page(await principal("hank"), complaint_id)
    assert [event["kind"] for event in page["events"]] == ["filed", "respond", "reopen", "respond", "close"]
    assert page["actions"] == []
    with pytest.raises(FieldError):
        await act_as("hank", complaint_id, "reopen", "again")  # closed is closed


async def test_a_complainant_cannot_close_as_unsatisfied_but_street_staff_mediating_can(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))
    complaint_id = await file_as("erin", world.community_a)
    await act_as("fred", complaint_id, "respond")
    with pytest.raises(FieldError):
        await act_as("erin", complaint_id, "close", satisfied=False)
    await act_as("bob", complaint_id, "close", "调解后结案。", satisfied=False)
    assert (await _state(complaint_id))["satisfied"] is False


async def test_who_may_not_act_is_refused_and_outsiders_see_nothing(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))
    complaint_id = await file_as("erin", world.community_a)  # company B's
    with pytest.raises(FieldError):
        await act_as("erin", complaint_id, "respond")  # the complainant does not answer himself
    with pytest.raises(FieldError):
        await act_as("alice", complaint_id, "respond")  # the bureau reads only
    for outsider in ("carol", "gina", "mallory", "oscar"):  # the former company, another owner, other areas
        with pytest.raises(NotFound):
            await get_complaint(await principal(outsider), complaint_id)
    assert (await lists.list_complaints(await principal("gina"), lists.Filters(), 1))["complaints"].total == 0
    dave = await principal("dave")  # the committee reads its community's, the complainant masked
    row = (await lists.list_complaints(dave, lists.Filters(), 1))["complaints"].rows[0]
    assert row["id"] == complaint_id and row["complainant_name"] == "E***"


async def test_owners_file_online_and_staff_record_the_other_channels(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))
    with pytest.raises(FieldError):
        await file_as("bob", world.community_a, channel="online")
    with pytest.raises(FieldError):
        await file_as("erin", world.community_a, channel="hotline_12345")
    for outsider, community in (("erin", world.community_b), ("carol", world.community_a),
                                ("dave", world.community_a), ("mallory", world.community_a)):
        with pytest.raises(NotFound):
            await file_as(outsider, community)
    recorded = await file_as("bob", world.community_a, channel="community_meeting", complainant_name="张大爷")
    row = await get_complaint(await principal("fred"), recorded)
    assert (row["channel"], row["complainant"], row["complainant_name"]) == ("community_meeting", None, "张大爷")
