"""Opening snapshots who may vote; one ballot per head, the latest standing; owners vote for their own
heads only; committee members enter paper ballots; the tally is one query whatever the ballots."""

from datetime import date

import pytest

from app.communities.tables import Household
from app.decisions.services import ballots, closing
from app.decisions.services.decisions import get_decision, open_decision
from app.decisions.tables import Ballot, DecisionHead
from app.errors import FieldError, NotFound
from app.querycount import count_queries
from tests.decisions.factories import equal_units, link, make_decision, make_register, principal
from tests.factories import make_world


async def _heads(decision_id):
    rows = await DecisionHead.select().where(DecisionHead.decision == decision_id)
    return {(r["owner"], r["developer"], r["household"]): r for r in rows}


async def test_opening_counts_developer_stock_as_one_head_and_a_buyer_of_several_units_as_one(clock):
    world = await make_world()
    reg = await make_register(world.community_a, [
        ("101", "张三", "90.50", False), ("102", "张三", "60.25", False),
        ("201", None, "70.00", True), ("202", None, "70.00", True), ("203", None, "75.75", True),
        ("301", "李四", "88.00", False), ("302", None, "50.00", False),
    ])
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    decision = await get_decision(dave, decision_id)
    assert decision["entitled_heads"] == 4  # 张三, developer stock, 李四, the unit with no owner on record
    assert decision["entitled_area"] == 9050 + 6025 + 7000 + 7000 + 7575 + 8800 + 5000
    heads = await _heads(decision_id)
    assert heads[(reg["张三"], False, None)]["area"] == 15075
    assert heads[(reg["张三"], False, None)]["units"] == 2
    assert heads[(None, True, None)]["area"] == 21575


async def test_a_register_edit_after_opening_does_not_change_an_open_vote(clock):
    world = await make_world()
    reg = await make_register(world.community_a, equal_units(3))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    await Household.update({Household.floor_area: 500}).where(Household.id == reg["households"]["001"])
    decision = await get_decision(dave, decision_id)
    assert (decision["entitled_heads"], decision["entitled_area"]) == (3, 24000)
    assert sorted(h["area"] for h in (await _heads(decision_id)).values()) == [8000, 8000, 8000]


async def test_only_the_chosen_buildings_vote(clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(3), building="1号楼")
    second = await make_register(world.community_a, equal_units(2, prefix="B"), building="2号楼")
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, building_ids=[second["building"]])
    await open_decision(dave, decision_id)
    assert (await get_decision(dave, decision_id))["entitled_heads"] == 2


async def test_an_owner_votes_for_his_own_heads_only_and_a_later_ballot_replaces_the_earlier(clock):
    world = await make_world()
    reg = await make_register(world.community_a, equal_units(3))
    erin = await principal("erin")
    await link(erin.id, reg["业主1"])
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    decision = await get_decision(erin, decision_id)
    mine = await ballots.my_heads(erin, decision)
    assert [h["owner"] for h in mine] == [reg["业主1"]]
    await ballots.cast_online(erin, decision_id, mine[0]["id"], "no")
    await ballots.cast_online(erin, decision_id, mine[0]["id"], "yes")
    rows = await Ballot.select().where(Ballot.decision == decision_id)
    assert [(r["choice"], r["channel"], r["replaced"]) for r in rows] == [("yes", "online", 1)]
    others = [h["id"] for h in (await _heads(decision_id)).values() if h["owner"] != reg["业主1"]]
    with pytest.raises(NotFound):
        await ballots.cast_online(erin, decision_id, others[0], "yes")
    with pytest.raises(NotFound):  # a committee member is not an owner voting online
        await ballots.cast_online(dave, decision_id, mine[0]["id"], "yes")


async def test_no_ballot_before_or_after_the_window(clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(3))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, opens_on=date(2026, 11, 26),
                                      closes_on=date(2026, 11, 28))
    await open_decision(dave, decision_id)
    head = next(iter((await _heads(decision_id)).values()))["id"]
    with pytest.raises(FieldError):
        await ballots.enter_paper(dave, decision_id, head, "yes", "paper", "", "P-1")
    clock.set(clock.moment.replace(day=28, hour=23, minute=59))
    await ballots.enter_paper(dave, decision_id, head, "yes", "paper", "", "P-1")  # the last day counts
    clock.set(clock.moment.replace(day=29, hour=0, minute=0))
    with pytest.raises(FieldError):
        await ballots.enter_paper(dave, decision_id, head, "no", "paper", "", "P-2")
    assert (await Ballot.select(Ballot.choice).first())["choice"] == "yes"


async def test_a_paper_ballot_records_who_entered_it_its_reference_and_a_proxy(clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(2))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    head = next(iter((await _heads(decision_id)).values()))["id"]
    with pytest.raises(FieldError) as missing:
        await ballots.enter_paper(dave, decision_id, head, "yes", "paper", "", "")
    assert missing.value.field == "reference"
    with pytest.raises(FieldError) as no_authorisation:  # a proxy needs the owner's authorisation
        await ballots.enter_paper(dave, decision_id, head, "abstain", "door", "王五（受托人）", "第12号表决票")
    assert no_authorisation.value.field == "proxy_reference"
    await ballots.enter_paper(dave, decision_id, head, "abstain", "door", entry=ballots.PaperEntry(
        proxy_name="王五（受托人）", reference="第12号表决票", proxy_reference="委托书第3号"))
    page = await ballots.register_page(decision_id)
    row = next(r for r in page.rows if r["id"] == head)
    assert (row["choice"], row["channel"], row["proxy_name"], row["reference"], row["proxy_reference"],
            row["entered_by"]) == ("abstain", "door", "王五（受托人）", "第12号表决票", "委托书第3号", "dave")


async def test_outsiders_neither_see_nor_run_a_decision(clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(2))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    for name in ("mallory", "oscar", "carol"):
        with pytest.raises(NotFound):
            await get_decision(await principal(name), decision_id)
    alice = await principal("alice")  # the bureau reads but does not run
    await get_decision(alice, decision_id)
    with pytest.raises(NotFound):
        await open_decision(alice, decision_id)
    bob = await principal("bob")  # the street office runs it
    await open_decision(bob, decision_id)


async def _tally_queries(n_voters: int, clock) -> int:
    world = await make_world()
    await make_register(world.community_a, equal_units(40))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    for head in list((await _heads(decision_id)).values())[:n_voters]:
        await ballots.enter_paper(dave, decision_id, head["id"], "yes", "paper", "", "P")
    decision = await get_decision(dave, decision_id)
    with count_queries() as counted:
        result = await ballots.tally_of(decision)
    assert result.counts.voted_heads == n_voters
    return counted[0]


async def test_the_live_tally_is_one_query_with_3_or_30_ballots(clock):
    assert await _tally_queries(3, clock) == 1


async def test_the_live_tally_is_one_query_with_30_ballots(clock):
    assert await _tally_queries(30, clock) == 1


async def test_closing_freezes_the_tally_exactly_at_two_thirds(clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(9))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    heads = list((await _heads(decision_id)).values())
    for head in heads[:6]:  # exactly 2/3 of heads and area, all yes
        await ballots.enter_paper(dave, decision_id, head["id"], "yes", "paper", "", "P")
    with pytest.raises(FieldError):  # not before the window's last day has passed
        await closing.close_decision(dave, decision_id)
    clock.set(clock.moment.replace(month=12, day=1))
    assert await closing.close_decision(dave, decision_id) == "approved"
    decision = await get_decision(dave, decision_id)
    result = await ballots.tally_of(decision)
    assert (result.counts.voted_heads, result.outcome) == (6, "approved")
    with count_queries() as counted:  # frozen: no query
        await ballots.tally_of(decision)
    assert counted[0] == 0


async def test_one_owner_fewer_than_two_thirds_has_no_quorum(clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(9))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a)
    await open_decision(dave, decision_id)
    for head in list((await _heads(decision_id)).values())[:5]:
        await ballots.enter_paper(dave, decision_id, head["id"], "yes", "paper", "", "P")
    clock.set(clock.moment.replace(month=12, day=1))
    assert await closing.close_decision(dave, decision_id) == "no_quorum"


async def test_with_the_order_165_setting_a_fund_use_needs_two_thirds_of_everyone_voting_yes(clock, configure):
    configure(POLICY_FUND_USE_DOUBLE_TWO_THIRDS="on")
    world = await make_world()
    await make_register(world.community_a, equal_units(9))
    dave = await principal("dave")
    fund = await make_decision(dave, world.community_a, "fund_use")
    other = await make_decision(dave, world.community_a, "other", title="另一事项")
    await open_decision(dave, fund)
    await open_decision(dave, other)
    for decision_id in (fund, other):
        heads = list((await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == decision_id)))
        for head, choice in zip(heads, ["yes"] * 5 + ["no"] * 2, strict=False):  # 7 of 9 vote, 5 yes
            await ballots.enter_paper(dave, decision_id, head["id"], choice, "paper", "", "P")
    clock.set(clock.moment.replace(month=12, day=1))
    assert await closing.close_decision(dave, other) == "approved"  # more than half of those voting
    assert await closing.close_decision(dave, fund) == "rejected"  # 5 of 9 is less than two thirds of all
