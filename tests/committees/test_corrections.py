"""Correcting what a clerk typed wrong: a committee's dates and filing numbers, a member's record.
Each correction needs a reason and is audited before and after; the rules still hold afterwards,
checked at their boundaries; the warnings and the deadlines kept with the row recompute. Only the
street and bureau of the area correct; a committee elsewhere is not found."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.audit.tables import AuditEntry
from app.committees import services as committees
from app.committees.logic import last_term_day
from app.committees.services import CommitteeCorrection, MemberCorrection, MemberInput
from app.committees.tables import Committee, CommitteeMember
from app.errors import FieldError, NotFound
from tests.committees.helpers import install, make_households, principal
from tests.factories import login, make_world, post_form

ELECTED = date(2026, 11, 10)  # FROZEN_NOW is 2026-11-25


def _as_recorded(row: dict, **changes) -> CommitteeCorrection:
    values = {name: row[name] for name in ("elected_on", "term_start", "term_end", "first_meeting_on",
                                           "filed_bureau_on", "filed_street_on", "filed_bureau_number",
                                           "filed_street_number")}
    return CommitteeCorrection(**{**values, "reason": "录入错误", **changes})


async def _committee(n: int = 5, **dates):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, n + 2)
    committee_id = await install(bob, world.community_a, households[:n], dates.pop("elected", ELECTED), **dates)
    row = await Committee.select().where(Committee.id == committee_id).first()
    return world, bob, households, row


async def test_correcting_the_election_day_recomputes_the_deadlines_and_the_warnings(clock):
    world, bob, _households, row = await _committee()
    page = await committees.committee_page(bob, world.community_a)
    assert [w.rule for w in page["warnings"]] == ["first_meeting"]  # 8 days over
    await committees.correct_committee(bob, row["id"], _as_recorded(row, elected_on=date(2026, 11, 18),
                                                                      term_start=date(2026, 11, 18)))
    page = await committees.committee_page(bob, world.community_a)
    assert page["warnings"] == []  # its 7 days end on 2026-11-25: today, not over
    after = await Committee.select().where(Committee.id == row["id"]).first()
    assert (after["meeting_due"], after["filing_due"], after["term_limit"]) == (
        date(2026, 11, 25), date(2026, 12, 18), last_term_day(date(2026, 11, 18)))
    listed = await committees.committee_list(bob, "no_meeting", 1)
    assert listed.total == 0
    entry = await AuditEntry.select().where(AuditEntry.action == "committee.correct").first()
    assert "录入错误" in entry["summary"] and "2026-11-10" in entry["summary"] and "2026-11-18" in entry["summary"]


async def test_filing_numbers_and_days_are_corrected_and_a_wrong_day_taken_back(clock):
    world, bob, _households, row = await _committee(first_meeting_on=date(2026, 11, 12),
                                                    filed_bureau_on=date(2026, 11, 20))
    await committees.correct_committee(bob, row["id"], _as_recorded(
        row, filed_bureau_on=None, filed_street_on=date(2026, 11, 20), filed_street_number="西街备字2026-17"))
    after = await Committee.select().where(Committee.id == row["id"]).first()
    assert (after["filed_bureau_on"], after["filed_street_on"], after["filed_street_number"]) == (
        None, date(2026, 11, 20), "西街备字2026-17")


@pytest.mark.parametrize(("extra", "accepted"), [(0, True), (1, False)])
async def test_a_corrected_term_lasts_at_most_five_years(clock, extra, accepted):
    _world, bob, _households, row = await _committee()
    data = _as_recorded(row, term_end=last_term_day(ELECTED) + timedelta(days=extra))
    if row["term_end"] == data.term_end:
        data = replace(data, term_start=ELECTED, elected_on=ELECTED - timedelta(days=1))  # still a change
    if accepted:
        await committees.correct_committee(bob, row["id"], data)
    else:
        with pytest.raises(FieldError) as refused:
            await committees.correct_committee(bob, row["id"], data)
        assert refused.value.field == "term_end"
        assert await Committee.select(Committee.term_end).first() == {"term_end": row["term_end"]}


async def test_a_committee_elected_for_too_long_still_has_its_other_dates_put_right(clock):
    _world, bob, _households, row = await _committee(term_end=last_term_day(ELECTED) + timedelta(days=30))
    await committees.correct_committee(bob, row["id"], _as_recorded(row, first_meeting_on=date(2026, 11, 15)))
    assert (await Committee.select(Committee.first_meeting_on).first())["first_meeting_on"] == date(2026, 11, 15)


@pytest.mark.parametrize(("changes", "field"), [
    ({"elected_on": date(2026, 11, 26)}, "elected_on"),  # tomorrow
    ({"term_start": ELECTED - timedelta(days=1)}, "term_start"),
    ({"term_end": ELECTED - timedelta(days=1)}, "term_end"),
    ({"first_meeting_on": ELECTED - timedelta(days=1)}, "first_meeting_on"),
    ({"filed_street_on": date(2026, 11, 26)}, "filed_street_on"),
    ({"first_meeting_on": date(2026, 11, 11), "reason": ""}, "reason"),
    ({}, "reason"),  # nothing differs
])
async def test_a_correction_breaking_a_rule_is_refused_and_changes_nothing(clock, changes, field):
    _world, bob, _households, row = await _committee()
    with pytest.raises(FieldError) as refused:
        await committees.correct_committee(bob, row["id"], _as_recorded(row, **changes))
    assert refused.value.field == field
    assert await Committee.select().where(Committee.id == row["id"]).first() == row
    assert await AuditEntry.count().where(AuditEntry.action == "committee.correct") == 0


async def test_the_day_the_elected_on_day_itself_and_today_are_allowed(clock):
    _world, bob, _households, row = await _committee()
    await committees.correct_committee(bob, row["id"], _as_recorded(row, first_meeting_on=ELECTED,
                                                                      filed_bureau_on=date(2026, 11, 25)))


async def test_a_corrected_term_start_keeps_its_place_in_the_history(clock):
    world = await make_world()
    bob = await principal("bob")
    households = await make_households(world.community_a, 5)
    first = await install(bob, world.community_a, households, date(2021, 6, 1))
    second = await install(bob, world.community_a, households, date(2026, 5, 20), term_start=date(2026, 6, 1))
    rows = {row["id"]: row for row in await Committee.select()}
    with pytest.raises(FieldError) as refused:  # not on or before the first one's start
        await committees.correct_committee(bob, second, _as_recorded(rows[second], elected_on=date(2021, 5, 1),
                                                                       term_start=date(2021, 6, 1),
                                                                       term_end=date(2026, 5, 31)))
    assert refused.value.field == "term_start"
    with pytest.raises(FieldError):  # the first cannot move past the second
        await committees.correct_committee(bob, first, _as_recorded(rows[first], term_start=date(2026, 6, 1),
                                                                      elected_on=date(2026, 5, 1)))
    await committees.correct_committee(bob, second, _as_recorded(rows[second], term_start=date(2026, 5, 25)))
    assert (await Committee.select(Committee.ended_on).where(Committee.id == first).first())["ended_on"] == date(
        2026, 5, 25)


async def _members(bob, community_id):
    return {m["post"] if m["post"] != "member" else f"member{m['id']}": m
            for m in (await committees.committee_page(bob, community_id))["members"]}


async def test_a_member_s_post_party_and_phone_are_corrected_with_one_chair_and_one_vice_chair(clock):
    world, bob, _households, _row = await _committee()
    members = await _members(bob, world.community_a)
    vice = members["vice_chair"]
    fix = MemberCorrection(household_id=0, post="chair", party_member=True, phone="13912345678", reason="职务录错")
    vice_household = (await CommitteeMember.select(CommitteeMember.household).where(
        CommitteeMember.id == vice["id"]).first())["household"]
    with pytest.raises(FieldError) as refused:  # the chair is still there
        await committees.correct_member(bob, vice["id"], replace(fix, household_id=vice_household))
    assert refused.value.field == "post"
    chair = MemberCorrection(household_id=(await CommitteeMember.select(CommitteeMember.household).where(
        CommitteeMember.id == members["chair"]["id"]).first())["household"], post="member", party_member=True,
        phone="13800000000", reason="主任副主任录反")
    await committees.correct_member(bob, members["chair"]["id"], chair)
    await committees.correct_member(bob, vice["id"], replace(fix, household_id=vice_household))
    await committees.correct_member(bob, members["chair"]["id"], replace(chair, post="vice_chair"))
    after = await _members(bob, world.community_a)
    assert after["chair"]["id"] == vice["id"] and after["chair"]["party_member"] and after["chair"][
        "phone"] == "13912345678"
    assert after["vice_chair"]["id"] == members["chair"]["id"]
    entries = await AuditEntry.select(AuditEntry.summary).where(AuditEntry.action == "committee.member_correct").order_by(
        AuditEntry.id)
    assert len(entries) == 3 and "职务录错" in entries[1]["summary"] and "139****5678" in entries[1]["summary"]


async def test_a_member_s_household_is_corrected_to_another_owner_held_to_the_rules(clock):
    world, bob, households, _row = await _committee()
    member = next(m for m in (await committees.committee_page(bob, world.community_a))["members"]
                  if m["post"] == "member")
    fix = MemberCorrection(household_id=households[0], post="member", party_member=False, phone="", reason="选错户")
    with pytest.raises(FieldError) as refused:  # households[0] is the chair's
        await committees.correct_member(bob, member["id"], fix)
    assert refused.value.field == "household"
    elsewhere = await make_households(world.community_b, 1, phone_prefix="137")
    with pytest.raises(FieldError):
        await committees.correct_member(bob, member["id"], replace(fix, household_id=elsewhere[0]))
    await committees.correct_member(bob, member["id"], replace(fix, household_id=households[6]))
    row = await CommitteeMember.select(CommitteeMember.household, CommitteeMember.owner.name).where(
        CommitteeMember.id == member["id"]).first()
    assert row == {"household": households[6], "owner.name": "业主7"}


async def test_a_change_moves_a_staying_member_s_post(clock):
    world, bob, households, row = await _committee()
    members = await _members(bob, world.community_a)
    with pytest.raises(FieldError) as refused:  # the chair stays: two chairs
        await committees.record_change(bob, row["id"], changed_on=date(2026, 11, 20), description="副主任任主任",
                                       filed_on=None, moving_id=members["vice_chair"]["id"], moving_post="chair")
    assert refused.value.field == "moving_id"
    await committees.record_change(bob, row["id"], changed_on=date(2026, 11, 20), description="主任辞职，副主任任主任，补选副主任",
                                   filed_on=None, leaving_id=members["chair"]["id"],
                                   moving_id=members["vice_chair"]["id"], moving_post="chair",
                                   joining=MemberInput(household_id=households[5], post="vice_chair"))
    after = await _members(bob, world.community_a)
    assert after["chair"]["id"] == members["vice_chair"]["id"] and after["vice_chair"]["owner_name"] == "业主6"
    with pytest.raises(FieldError):  # the one leaving cannot also take a post
        await committees.record_change(bob, row["id"], changed_on=date(2026, 11, 21), description="x", filed_on=None,
                                       leaving_id=after["chair"]["id"], moving_id=after["chair"]["id"],
                                       moving_post="member")


@pytest.mark.parametrize("username", ["mallory", "oscar", "carol", "dave", "erin"])
async def test_only_the_street_and_bureau_of_the_area_correct(clock, username):
    world, _bob, _households, row = await _committee()
    actor = await principal(username)
    member = (await CommitteeMember.select(CommitteeMember.id, CommitteeMember.household).first())
    with pytest.raises(NotFound):
        await committees.correct_committee(actor, row["id"], _as_recorded(row, first_meeting_on=ELECTED))
    with pytest.raises(NotFound):
        await committees.correct_member(actor, member["id"], MemberCorrection(member["household"], "chair", True, "",
                                                                            "x"))
    await committees.correct_committee(await principal("alice"), row["id"], _as_recorded(row, first_meeting_on=ELECTED))


async def test_the_correction_pages_save_refuse_and_hide(client, clock):
    world, _bob, _households, row = await _committee()
    member = await CommitteeMember.select(CommitteeMember.id, CommitteeMember.household).where(
        CommitteeMember.post == "chair").first()
    assert (await login(client, "bob")).status_code == 303
    page = await client.get(f"/communities/{world.community_a}/committee")
    assert f"/committees/{row['id']}/correct" in page.text and f"/committee-members/{member['id']}/correct" in page.text
    path = f"/committees/{row['id']}/correct"
    form = (await client.get(path)).text
    assert "2026-11-10" in form
    data = {"elected_on": "2026-11-10", "term_start": "2026-11-10", "term_end": "2031-11-09",
            "first_meeting_on": "2026-11-11", "reason": ""}
    refused = await post_form(client, path, data, page=path)
    assert refused.status_code == 422 and "更正" in refused.text
    saved = await post_form(client, path, {**data, "reason": "漏录首次会议"}, page=path)
    assert saved.status_code == 303
    mpath = f"/committee-members/{member['id']}/correct"
    assert (await client.get(mpath)).status_code == 200
    refused = await post_form(client, mpath, {"household": str(member["household"]), "post": "chair",
                                              "phone": "12", "reason": "电话"}, page=mpath)
    assert refused.status_code == 422
    saved = await post_form(client, mpath, {"household": str(member["household"]), "post": "chair",
                                            "phone": "13711112222", "reason": "电话录错"}, page=mpath)
    assert saved.status_code == 303
    client.cookies.clear()
    assert (await login(client, "mallory")).status_code == 303
    assert (await client.get(path)).status_code == 404
    assert (await client.get(mpath)).status_code == 404
