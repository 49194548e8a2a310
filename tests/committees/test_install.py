"""Installing a committee: members must own a household here, history is kept, the next one ends the
one before, an open preparatory group closes; refusals change nothing."""

from datetime import date

import pytest

from app.audit.tables import AuditEntry
from app.committees import services as committees
from app.committees.services import CommitteeInput, MemberInput
from app.committees.tables import Committee, CommitteeMember, PreparatoryGroup
from app.errors import FieldError, NotFound
from tests.committees.helpers import install, make_households, members, principal
from tests.factories import make_world


async def test_a_street_user_installs_an_elected_committee_with_its_members(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 5)
    committee_id = await install(bob, world.community_a, households, date(2026, 11, 1),
                                 first_meeting_on=date(2026, 11, 5))
    row = await Committee.select().where(Committee.id == committee_id).first()
    assert (row["member_count"], row["ended_on"], row["region_code"]) == (5, None, "630102001001")
    assert await CommitteeMember.count().where(CommitteeMember.committee == committee_id) == 5
    assert await AuditEntry.count().where(AuditEntry.action == "committee.install") == 1


async def test_the_next_committee_ends_the_one_in_office_and_both_stay_in_history(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 7)
    first = await install(bob, world.community_a, households[:5], date(2021, 6, 1))
    second = await install(bob, world.community_a, households[2:], date(2026, 5, 20), term_start=date(2026, 6, 1))
    rows = {row["id"]: row for row in await Committee.select()}
    assert rows[first]["ended_on"] == date(2026, 6, 1) and rows[second]["ended_on"] is None
    page = await committees.committee_page(bob, world.community_a)
    assert page["committee"]["id"] == second and [h["id"] for h in page["history"]] == [first]


async def test_a_new_term_cannot_start_before_the_one_in_office_began(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 5)
    await install(bob, world.community_a, households, date(2026, 6, 1))
    with pytest.raises(FieldError) as refused:
        await install(bob, world.community_a, households, date(2026, 5, 1))
    assert refused.value.field == "term_start"
    assert await Committee.count() == 1


async def test_a_member_must_own_a_household_of_this_community(clock):
    world = await make_world()
    bob = await principal("bob")
    here = await make_households(world.community_a, 5)
    elsewhere = await make_households(world.community_b, 1, phone_prefix="137")
    with pytest.raises(FieldError) as refused:
        await install(bob, world.community_a, here[:4] + elsewhere, date(2026, 11, 1))
    assert refused.value.field == "members"
    other_owner = await make_households(world.community_a, 1, phone_prefix="136")
    data = CommitteeInput(elected_on=date(2026, 11, 1), term_start=date(2026, 11, 1), term_end=date(2031, 10, 31),
                          members=[MemberInput(household_id=here[0], owner_id=999_999)] + members(here[1:]))
    with pytest.raises(FieldError):
        await committees.install_committee(bob, world.community_a, data)
    assert other_owner and await Committee.count() == 0 and await CommitteeMember.count() == 0


async def test_an_owner_holds_one_seat(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 5)
    with pytest.raises(FieldError):
        await install(bob, world.community_a, households[:4] + households[:1], date(2026, 11, 1))
    assert await Committee.count() == 0


async def test_an_election_in_the_future_or_a_term_ending_before_it_starts_is_refused(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 5)
    with pytest.raises(FieldError) as future:
        await install(bob, world.community_a, households, date(2026, 11, 26))  # FROZEN_NOW is 2026-11-25
    assert future.value.field == "elected_on"
    with pytest.raises(FieldError) as backwards:
        await install(bob, world.community_a, households, date(2026, 11, 1), term_end=date(2026, 10, 31))
    assert backwards.value.field == "term_end"
    assert await Committee.count() == 0


async def test_a_committee_of_four_is_recorded_as_elected_and_warns(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 4)
    await install(bob, world.community_a, households, date(2026, 11, 1), first_meeting_on=date(2026, 11, 2))
    page = await committees.committee_page(bob, world.community_a)
    assert [w.rule for w in page["warnings"]] == ["size"]


async def test_installing_closes_the_preparatory_group(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 5)
    await committees.form_preparatory_group(bob, world.community_a, formed_on=date(2026, 9, 1), guide_name="李明",
                                            member_names="")
    with pytest.raises(FieldError):  # one open group at a time
        await committees.form_preparatory_group(bob, world.community_a, formed_on=date(2026, 9, 2), guide_name="李明",
                                                member_names="")
    await install(bob, world.community_a, households, date(2026, 11, 1))
    assert (await PreparatoryGroup.select().first())["closed_on"] == date(2026, 11, 1)
    with pytest.raises(FieldError):  # a committee is in office
        await committees.form_preparatory_group(bob, world.community_a, formed_on=date(2026, 11, 20),
                                                guide_name="李明", member_names="")


async def test_outside_the_area_nobody_installs(clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    for username in ("mallory", "oscar", "carol", "dave", "erin"):
        with pytest.raises(NotFound):
            await install(await principal(username), world.community_a, households, date(2026, 11, 1))
    await install(await principal("alice"), world.community_a, households, date(2026, 11, 1))  # the bureau may
    assert await Committee.count() == 1


async def test_the_decision_that_elected_it_is_kept(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 5)
    data = CommitteeInput(elected_on=date(2026, 11, 1), term_start=date(2026, 11, 1), term_end=date(2031, 10, 31),
                          members=members(households))
    committee_id = await committees.install_committee(bob, world.community_a, data, decision_id=42)
    assert (await Committee.select(Committee.decision_id).where(Committee.id == committee_id).first())["decision_id"] == 42


async def test_a_replacement_keeps_the_member_who_left_in_history_and_is_to_be_filed(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 7)
    committee_id = await install(bob, world.community_a, households[:5], date(2026, 9, 1),
                                 first_meeting_on=date(2026, 9, 2), filed_bureau_on=date(2026, 9, 10),
                                 filed_street_on=date(2026, 9, 10))
    page = await committees.committee_page(bob, world.community_a)
    leaving = next(m for m in page["members"] if m["post"] == "member")
    await committees.record_change(bob, committee_id, changed_on=date(2026, 10, 1), description="委员辞职，补选",
                                   filed_on=None, leaving_id=leaving["id"],
                                   joining=MemberInput(household_id=households[5], post="member"))
    page = await committees.committee_page(bob, world.community_a)
    assert len(page["members"]) == 5 and [m["id"] for m in page["former_members"]] == [leaving["id"]]
    assert [(w.rule, w.days_over, w.pending) for w in page["warnings"]] == [("change_filing", 25, True)]
    # Only leaving: four remain, and the size rule is broken.
    await committees.record_change(bob, committee_id, changed_on=date(2026, 11, 1), description="委员迁出",
                                   filed_on=date(2026, 11, 2), leaving_id=page["members"][-1]["id"])
    page = await committees.committee_page(bob, world.community_a)
    assert "size" in [w.rule for w in page["warnings"]]
    assert (await Committee.select(Committee.member_count).first())["member_count"] == 4


async def test_a_change_cannot_seat_an_owner_twice_nor_a_second_chair(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 6)
    committee_id = await install(bob, world.community_a, households[:5], date(2026, 9, 1))
    for joining in (MemberInput(household_id=households[1]), MemberInput(household_id=households[5], post="chair")):
        with pytest.raises(FieldError) as refused:
            await committees.record_change(bob, committee_id, changed_on=date(2026, 10, 1), description="补选",
                                           filed_on=None, joining=joining)
        assert refused.value.field == "joining_household"
    assert await CommitteeMember.count() == 5 and (await Committee.select().first())["member_count"] == 5
