"""A complaint goes to whoever is responsible for the community on the filing day (China time), by
management's one rule, and stays there after a change of manager; the new manager sees it."""

from __future__ import annotations

import pytest

from app.errors import FieldError
from app.operations.grievances.services import lists
from app.operations.grievances.services.complaints import get_complaint
from app.operations.grievances.tables import Complaint
from tests.operations.complaints.helpers import act_as, china, file_as, make_complaints_world, principal


async def _routed(complaint_id: int) -> dict:
    return await Complaint.select(Complaint.responsible_kind, Complaint.responsible_company, Complaint.street_code
                                  ).where(Complaint.id == complaint_id).first()


async def test_the_day_before_the_handover_it_goes_to_the_outgoing_company(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 10, 8, 23, 59, 59))
    routed = await _routed(await file_as("erin", world.community_a))
    assert routed == {"responsible_kind": "company", "responsible_company": world.company_a,
                      "street_code": "630102001"}


async def test_on_the_handover_day_it_goes_to_the_new_company(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 10, 9, 0, 0))  # 2026-10-08 16:00 UTC: the day is China's
    routed = await _routed(await file_as("erin", world.community_a))
    assert routed["responsible_company"] == world.company_b


async def test_a_proxy_managed_or_unmanaged_community_goes_to_its_street_office(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 10, 9, 10, 0))
    proxy = await _routed(await file_as("bob", world.community_b, channel="hotline_12345"))
    assert proxy == {"responsible_kind": "street", "responsible_company": None, "street_code": "630102001"}
    unmanaged = await _routed(await file_as("mallory", world.community_other_street, channel="wechat_group"))
    assert unmanaged == {"responsible_kind": "street", "responsible_company": None, "street_code": "630102002"}


async def test_after_the_handover_the_complaint_stays_with_the_old_company_and_the_new_one_reads_it(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 10, 8, 10, 0))
    complaint_id = await file_as("erin", world.community_a)
    clock.set(china(2026, 10, 12, 10, 0))  # company B manages the community now
    carol, fred = await principal("carol"), await principal("fred")
    assert (await get_complaint(carol, complaint_id))["responsible_company"] == world.company_a
    assert (await get_complaint(fred, complaint_id))["id"] == complaint_id  # the new manager sees it
    routed = await lists.list_complaints(fred, lists.Filters(), 1)
    inherited = await lists.list_complaints(fred, lists.Filters(view="inherited"), 1)
    assert routed["complaints"].total == 0
    assert [row["id"] for row in inherited["complaints"].rows] == [complaint_id]
    assert inherited["complaints"].rows[0]["complainant_name"] == "E***"  # who complained is not B's business
    with pytest.raises(FieldError, match="责任方"):
        await act_as("fred", complaint_id, "respond")
    await act_as("carol", complaint_id, "respond")  # the company responsible on the filing day answers
    assert (await get_complaint(carol, complaint_id))["state"] == "responded"


async def test_a_company_that_left_sees_only_what_was_routed_to_it(clock):
    world = await make_complaints_world()
    clock.set(china(2026, 10, 12, 10, 0))
    later = await file_as("erin", world.community_a)  # company B's
    carol = await principal("carol")
    from app.errors import NotFound
    with pytest.raises(NotFound):
        await get_complaint(carol, later)
    assert (await lists.list_complaints(carol, lists.Filters(), 1))["complaints"].total == 0
