"""Who sees and who records committees: the street and bureau of the area record, the community's
committee account reads its own, a company sees its own cross-appointments; everyone else gets 404."""

from datetime import date

import pytest

from app.committees import access
from app.committees import services as committees
from app.committees.tables import CrossAppointment
from app.errors import NotFound
from tests.committees.helpers import install, make_households, principal
from tests.factories import make_world


@pytest.mark.parametrize(("username", "record", "see"), [
    ("alice", True, True), ("bob", True, True), ("mallory", False, False), ("oscar", False, False),
    ("carol", False, False), ("dave", False, True), ("erin", False, False),
])
async def test_who_may_record_and_who_may_see_a_committee(username, record, see):
    world = await make_world()
    actor = await principal(username)
    community = {"id": world.community_a, "region_code": "630102001001"}
    assert access.may_record(actor, community) is record
    assert access.may_see(actor, community) is see


async def test_a_committee_account_sees_only_its_own_community(clock):
    world = await make_world()
    bob = await principal("bob")
    await install(bob, world.community_a, await make_households(world.community_a, 5), date(2026, 11, 1))
    await install(bob, world.community_b, await make_households(world.community_b, 5, phone_prefix="137"),
                  date(2026, 11, 1))
    dave = await principal("dave")
    assert (await committees.committee_page(dave, world.community_a))["committee"] is not None
    with pytest.raises(NotFound):
        await committees.committee_page(dave, world.community_b)
    for username in ("carol", "erin", "mallory", "oscar"):
        with pytest.raises(NotFound):
            await committees.committee_page(await principal(username), world.community_a)


async def test_only_staff_see_members_phones_whole(clock):
    world = await make_world()
    await install(await principal("bob"), world.community_a, await make_households(world.community_a, 5),
                  date(2026, 11, 1))
    for username, phone in (("bob", "13800000001"), ("alice", "13800000001"), ("dave", "138****0001")):
        members = (await committees.committee_page(await principal(username), world.community_a))["members"]
        assert phone in [m["phone"] for m in members], username


async def test_a_company_sees_its_own_cross_appointments_and_staff_those_of_their_area(clock):
    world = await make_world()
    await CrossAppointment.insert(
        CrossAppointment(community=world.community_a, company=world.company_a, region_code="630102001001",
                         kind="company_head", person_name="张经理", start_date=date(2026, 1, 1)),
        CrossAppointment(community=world.community_other_county, company=world.company_b,
                         region_code="630103001003", kind="quality_supervisor", person_name="李监督",
                         start_date=date(2026, 1, 1)),
    )

    async def names(username: str) -> list[str]:
        return [row["person_name"] for row in (await committees.cross_appointments(await principal(username), 1)).rows]

    assert await names("carol") == ["张经理"]
    assert await names("bob") == ["张经理"]
    assert await names("oscar") == ["李监督"]
    assert await names("mallory") == []
    assert await names("erin") == []
