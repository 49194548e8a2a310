"""A draft can be edited and deleted until voting opens, by those who may draft it; a decision can be
limited to units picked building by building, and then only those units' owners and area count."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from multidict import MultiDict

from app.audit.tables import AuditEntry
from app.committees.logic import last_term_day
from app.committees.services import slates
from app.committees.services.slates import SlateInput
from app.committees.tables import Slate, SlateMember
from app.decisions.forms import DECISION_FIELDS, parse_decision
from app.decisions.services import ballots, drafts
from app.decisions.services.decisions import get_decision, open_decision
from app.decisions.tables import Decision, DecisionHead
from app.errors import FieldError, NotFound
from tests.committees.helpers import make_households, members
from tests.decisions.factories import draft, make_decision, make_register, principal
from tests.factories import login, make_account, make_community, make_world, post_form

START = date(2026, 12, 10)  # an elected committee's term starts after the window (to 2026-11-30)


def _form(**overrides) -> dict:
    values = {"matter": "other", "title": "更换小区大门", "body": "是否更换小区大门。", "opens_on": "2026-11-20",
              "closes_on": "2026-11-30"}
    return {**values, **overrides}


async def _as(client, username: str) -> None:
    client.cookies.clear()
    assert (await login(client, username)).status_code == 303


async def test_a_committee_member_edits_his_draft_and_the_page_shows_the_change(client, clock):
    world = await make_world()
    reg = await make_register(world.community_a, [("1-101", "王芳", "80.00", False), ("1-102", "李强", "80.00", False)])
    decision_id = await make_decision(await principal("dave"), world.community_a)
    await _as(client, "dave")
    page = await client.get(f"/decisions/{decision_id}")
    assert "编辑草稿" in page.text and "删除草稿" in page.text
    form = await client.get(f"/decisions/{decision_id}/edit")
    assert form.status_code == 200 and 'value="更换小区大门"' in form.text
    response = await post_form(client, f"/decisions/{decision_id}/edit",
                               {**_form(title="更换小区东门", closes_on="2026-12-05"),
                                "household_ids": str(reg["households"]["1-102"])}, page=f"/decisions/{decision_id}/edit")
    assert response.status_code == 303 and response.headers["location"].startswith(f"/decisions/{decision_id}")
    saved = await Decision.select(Decision.title, Decision.closes_on, Decision.state).where(
        Decision.id == decision_id).first()
    assert (saved["title"], saved["closes_on"].isoformat(), saved["state"]) == ("更换小区东门", "2026-12-05", "draft")
    assert (await get_decision(await principal("dave"), decision_id))["household_ids"] == [reg["households"]["1-102"]]
    assert await AuditEntry.exists().where(AuditEntry.action == "decision.update")


async def test_an_edit_with_bad_input_gets_a_message_beside_the_field_and_changes_nothing(client, clock):
    world = await make_world()
    decision_id = await make_decision(await principal("dave"), world.community_a)
    other = await make_register(world.community_b, [("1-101", "外人", "80.00", False)])
    await _as(client, "dave")
    edit = f"/decisions/{decision_id}/edit"
    backwards = await post_form(client, edit, _form(title="改了", closes_on="2026-11-01"), page=edit)
    assert backwards.status_code == 422 and "表决截止日期不能早于开始日期" in backwards.text
    stranger = await post_form(client, edit, _form(title="改了", household_ids=str(other["households"]["1-101"])),
                               page=edit)
    assert stranger.status_code == 422 and "请选择本小区的房屋" in stranger.text
    empty = await post_form(client, edit, {"title": "", "matter": "nonsense", "opens_on": "x"}, page=edit)
    assert empty.status_code == 422
    assert (await Decision.select(Decision.title).where(Decision.id == decision_id).first())["title"] == "更换小区大门"


async def test_deleting_a_draft_asks_first_then_deletes_it(client, clock):
    world = await make_world()
    decision_id = await make_decision(await principal("dave"), world.community_a)
    await _as(client, "dave")
    page = f"/decisions/{decision_id}"
    question = await post_form(client, f"{page}/delete", {}, page=page)
    assert question.status_code == 200 and "删除草稿？" in question.text
    assert await Decision.exists().where(Decision.id == decision_id)
    done = await post_form(client, f"{page}/delete", {"confirm": "yes"}, page=page)
    assert done.status_code == 303 and done.headers["location"].startswith(f"/communities/{world.community_a}")
    assert not await Decision.exists().where(Decision.id == decision_id)
    assert await AuditEntry.exists().where(AuditEntry.action == "decision.delete")
    assert (await client.get(page)).status_code == 404


async def test_once_voting_has_opened_the_decision_can_no_longer_be_edited_or_deleted(client, clock):
    world = await make_world()
    await make_register(world.community_a, [("1-101", "王芳", "80.00", False)])
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    with pytest.raises(FieldError) as refused:  # the message's words are checked on the page below
        await drafts.get_draft(dave, decision_id)
    assert refused.value.field == "state"
    await _as(client, "dave")
    page = f"/decisions/{decision_id}"
    assert "编辑草稿" not in (await client.get(page)).text
    edit = await client.get(f"{page}/edit")
    assert edit.status_code == 422 and "不再是草稿（表决中），不能再编辑或删除" in edit.text
    changed = await post_form(client, f"{page}/edit", _form(title="偷改"), page=page)
    assert changed.status_code == 422 and "不能再编辑或删除" in changed.text
    deleted = await post_form(client, f"{page}/delete", {"confirm": "yes"}, page=page)
    assert deleted.status_code == 422
    assert (await get_decision(dave, decision_id))["title"] == "更换小区大门"


async def test_only_those_who_may_draft_for_the_community_edit_or_delete_its_draft(client, clock):
    world = await make_world()
    decision_id = await make_decision(await principal("dave"), world.community_a)
    await make_account("frank", "committee", community_id=world.community_b)  # another community's committee
    page = f"/decisions/{decision_id}"
    for username, status in (("erin", 403), ("alice", 403), ("carol", 403), ("mallory", 404), ("frank", 404)):
        await _as(client, username)
        assert (await client.get(f"{page}/edit")).status_code == status, username
        response = await post_form(client, f"{page}/delete", {"confirm": "yes"}, page="/account/password")
        assert response.status_code == status, username
    assert await Decision.exists().where(Decision.id == decision_id)
    await _as(client, "bob")  # the street office over the community
    assert (await client.get(f"{page}/edit")).status_code == 200
    response = await post_form(client, f"{page}/delete", {"confirm": "yes"}, page=page)
    assert response.status_code == 303 and not await Decision.exists().where(Decision.id == decision_id)
    with pytest.raises(NotFound):
        await drafts.get_draft(await principal("erin"), decision_id)


async def _election(world, prefix: str = "139") -> tuple:
    dave = await principal("dave")
    households = await make_households(world.community_a, 7, phone_prefix=prefix)
    decision_id = await make_decision(dave, world.community_a, "election", title="选举第二届业主委员会")
    await slates.save_slate(dave, decision_id, SlateInput(START, last_term_day(START), members(households[:5])))
    return dave, decision_id


async def test_deleting_a_draft_election_discards_its_slate(clock):
    world = await make_world()
    dave, decision_id = await _election(world)
    assert await SlateMember.count() == 5
    await drafts.delete_decision(dave, decision_id)
    assert await Slate.count() == 0 and await SlateMember.count() == 0


async def test_an_election_draft_turned_to_another_matter_loses_its_slate(clock):
    world = await make_world()
    dave, decision_id = await _election(world)
    await drafts.update_decision(dave, decision_id, draft("other", title="改为其他事项"))
    assert await Slate.count() == 0 and await SlateMember.count() == 0
    # An edit keeping the matter keeps the slate.
    dave, election_id = await _election(world, prefix="138")
    await drafts.update_decision(dave, election_id, draft("election", title="选举第三届业主委员会"))
    assert await Slate.count() == 1


async def test_only_the_chosen_units_and_their_area_count_when_units_are_picked(client, clock):
    """王芳 owns 1-101 and 2-101 (concerned) and 1-102 (not): one head holding 150.00 m², not 180.00.
    张 and 李 (150.00 m² each) voting are then exactly 2/3 of the area (300 of 450) and of the heads:
    quorum. Had 王芳's third unit counted, 300 of 480 would fall short."""
    world = await make_world()
    one = await make_register(world.community_a, [
        ("1-101", "王芳", "100.00", False), ("1-102", "王芳", "30.00", False), ("1-201", "李强", "150.00", False),
        ("1-301", None, "90.00", True)])
    two = await make_register(world.community_a, [
        ("2-101", "王芳", "50.00", False), ("2-201", "张伟", "150.00", False), ("2-301", "赵敏", "70.00", False)],
        building="2号楼", owners=one)
    chosen = [one["households"]["1-101"], one["households"]["1-201"], two["households"]["2-101"],
              two["households"]["2-201"]]
    await _as(client, "dave")
    new = f"/communities/{world.community_a}/decisions/new"
    response = await post_form(client, f"/communities/{world.community_a}/decisions",
                               {**_form(matter="rebuild", title="加装电梯"), "household_ids": [str(h) for h in chosen]},
                               page=new)
    assert response.status_code == 303
    decision_id = (await Decision.select(Decision.id).first())["id"]
    assert "涉及的4户业主" in (await client.get(f"/decisions/{decision_id}")).text
    dave = await principal("dave")
    await open_decision(dave, decision_id)
    heads = {row["label"]: row for row in await DecisionHead.select().where(DecisionHead.decision == decision_id)}
    assert {label: (row["units"], row["area"]) for label, row in heads.items()} == {
        "王芳": (2, 15000), "李强": (1, 15000), "张伟": (1, 15000)}
    decision = await get_decision(dave, decision_id)
    assert (decision["entitled_heads"], decision["entitled_area"]) == (3, 45000)
    for name in ("李强", "张伟"):
        await ballots.enter_paper(dave, decision_id, heads[name]["id"], "yes", "paper", "", f"纸票-{name}")
    tally = await ballots.tally_of(await get_decision(dave, decision_id))
    assert (tally.counts.voted_area, tally.counts.voted_heads) == (30000, 2)
    assert tally.quorum_area and tally.quorum_heads and tally.outcome == "approved"


async def test_the_unit_picker_lists_a_buildings_units_in_reading_order(client):
    world = await make_world()
    reg = await make_register(world.community_a, [
        ("10-101", "甲", "80.00", False), ("2-1001", "乙", "80.00", False), ("2-201", "丙", "80.00", False),
        ("2-101", "丁", "80.00", False)])
    elsewhere = await make_register(await make_community(), [("1-101", "戊", "80.00", False)])
    await _as(client, "dave")
    path = f"/communities/{world.community_a}/decisions/units/{reg['building']}"
    target = f"units-{reg['building']}"
    fragment = await client.get(path, headers={"HX-Request": "true", "HX-Target": target})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    order = [fragment.text.index(unit) for unit in ("2-101", "2-201", "2-1001", "10-101")]
    assert order == sorted(order)
    page = await client.get(path)  # without htmx: the new decision's form, this building's units opened
    assert page.status_code == 200 and "<html" in page.text and 'name="household_ids"' in page.text
    assert (await client.get(f"/communities/{world.community_a}/decisions/units/{elsewhere['building']}")).status_code == 404


async def test_editing_a_draft_shows_its_chosen_units_ticked_in_their_building(client, clock):
    world = await make_world()
    reg = await make_register(world.community_a, [("1-101", "甲", "80.00", False), ("1-102", "乙", "80.00", False)])
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, household_ids=[reg["households"]["1-102"]])
    await _as(client, "dave")
    form = (await client.get(f"/decisions/{decision_id}/edit")).text
    assert f'value="{reg["households"]["1-102"]}" checked' in form
    assert f'value="{reg["households"]["1-101"]}" >' in form


FIELDS = (*DECISION_FIELDS, "building_ids", "household_ids")
BAD = ("", "测" * 3000, "2026-13-45", "-1", "９９", "\x00", "99999999999")


async def test_an_edit_with_any_field_missing_empty_oversized_or_wrong_typed_never_fails(client, clock):
    world = await make_world()
    decision_id = await make_decision(await principal("dave"), world.community_a)
    await _as(client, "dave")
    edit = f"/decisions/{decision_id}/edit"
    for name in FIELDS:
        for value in (None, *BAD):
            data = {key: value for key, value in _form().items() if key != name}
            if value is not None:
                data[name] = value
            response = await post_form(client, edit, data, page="/account/password")
            assert response.status_code in (303, 422), (name, value[:20] if value else value, response.status_code)
    saved = await get_decision(await principal("dave"), decision_id)
    assert saved["state"] == "draft" and len(saved["title"]) <= 200


VALUES = st.one_of(st.sampled_from(BAD), st.text(max_size=40), st.integers().map(str))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # a busy machine draws slowly
@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(VALUES, st.lists(VALUES, max_size=4))))
def test_the_decision_form_reads_anything_to_data_or_messages_by_field(raw):
    data = MultiDict()
    for key, value in raw.items():
        for item in value if isinstance(value, list) else [value]:
            data.add(key, item)
    form = parse_decision(data)
    assert set(form.errors) <= set(FIELDS)
    assert all(isinstance(i, int) and 0 <= i < 2**31 for i in form.data.household_ids + form.data.building_ids)
    assert len(form.data.title) <= 200
