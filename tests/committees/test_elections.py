"""An election decision (art. 278 item 3) carries its slate; voting cannot open on a slate breaking a
committee rule; the slate is fixed once voting opens; an approval installs exactly the slate, a
refusal by the committee rules is shown on the decision and can be retried."""

import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from app import clock as app_clock
from app.committees.logic import last_term_day
from app.committees.services import slates
from app.committees.services.slates import SlateInput
from app.committees.tables import Committee, CommitteeMember
from app.communities.tables import Household, Owner
from app.decisions.services import ballots, closing
from app.decisions.services.decisions import get_decision, open_decision
from app.decisions.tables import Decision, DecisionHead
from app.errors import FieldError
from tests.committees.helpers import install, make_households, members, principal
from tests.decisions.factories import make_decision
from tests.factories import csrf_from, login, make_world

START = date(2026, 12, 10)  # the window closes on 2026-11-30


async def _election(world, n: int = 5, *, term_end: date | None = None):
    """An election decision at community A with a slate of ``n`` of its 7 owners."""
    households = await make_households(world.community_a, 7)
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "election", title="选举第二届业主委员会")
    await slates.save_slate(dave, decision_id, SlateInput(START, term_end or last_term_day(START),
                                                          members(households[:n])))
    return dave, decision_id, households


async def _vote(actor, decision_id, choice: str, heads: int | None = None):
    rows = await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == decision_id)
    for head in rows[:heads]:
        await ballots.enter_paper(actor, decision_id, head["id"], choice, "paper", "", "P")


def _close_day(clock):
    clock.set(datetime(2026, 12, 1, 9, tzinfo=app_clock.CHINA))


async def test_an_approved_election_installs_exactly_the_slate_and_ends_the_committee_in_office(clock):
    world = await make_world()
    dave, decision_id, households = await _election(world)
    bob = await principal("bob")
    previous = await install(bob, world.community_a, households[2:], date(2021, 12, 1))
    await open_decision(dave, decision_id)
    await _vote(dave, decision_id, "yes")
    _close_day(clock)
    assert await closing.close_decision(dave, decision_id) == "approved"
    new = await Committee.select().where(Committee.decision_id == decision_id).first()
    assert (new["elected_on"], new["term_start"], new["term_end"], new["member_count"], new["ended_on"]) == (
        date(2026, 12, 1), START, date(2031, 12, 9), 5, None)
    seated = await CommitteeMember.select(CommitteeMember.household, CommitteeMember.post).where(
        CommitteeMember.committee == new["id"]).order_by(CommitteeMember.id)
    assert [(m["household"], m["post"]) for m in seated] == [
        (h, post) for h, post in zip(households[:5], ["chair", "vice_chair", "member", "member", "member"])]
    assert (await Committee.select(Committee.ended_on).where(Committee.id == previous).first())["ended_on"] == START
    decision = await get_decision(dave, decision_id)
    assert not decision["act_failed"] and f"第{new['id']}号" in decision["act_note"]


@pytest.mark.parametrize("choice, heads, outcome", [("no", None, "rejected"), ("yes", 3, "no_quorum")])
async def test_a_rejected_or_inquorate_election_installs_nothing(clock, choice, heads, outcome):
    world = await make_world()
    dave, decision_id, _households = await _election(world)
    await open_decision(dave, decision_id)
    await _vote(dave, decision_id, choice, heads)
    _close_day(clock)
    assert await closing.close_decision(dave, decision_id) == outcome
    assert await Committee.count() == 0
    assert (await get_decision(dave, decision_id))["acted_at"] is None


async def test_an_election_without_a_slate_does_not_open(clock):
    world = await make_world()
    await make_households(world.community_a, 5)
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "election")
    with pytest.raises(FieldError, match="候选名单"):
        await open_decision(dave, decision_id)
    assert (await get_decision(dave, decision_id))["state"] == "draft"


@pytest.mark.parametrize("n, extra_days, rule", [
    (4, 0, "5至11人"), (6, 0, "5至11人"), (12, 0, "5至11人"),
    (5, 1, "不超过5年"),
])
async def test_a_slate_breaking_a_committee_rule_does_not_open_and_the_rule_is_named(clock, n, extra_days, rule):
    world = await make_world()
    households = await make_households(world.community_a, 12)
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "election")
    posts = members(households[:n])
    await slates.save_slate(dave, decision_id, SlateInput(START, last_term_day(START) + timedelta(days=extra_days),
                                                          posts))
    with pytest.raises(FieldError, match=rule) as refused:
        await open_decision(dave, decision_id)
    assert refused.value.message.startswith("候选名单不符合规则")
    assert (await get_decision(dave, decision_id))["state"] == "draft"
    assert await DecisionHead.count() == 0


@pytest.mark.parametrize("n", [5, 11])
async def test_a_slate_on_the_rules_boundaries_opens(clock, n):
    world = await make_world()
    households = await make_households(world.community_a, n)
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "election")
    await slates.save_slate(dave, decision_id, SlateInput(START, last_term_day(START), members(households)))
    await open_decision(dave, decision_id)
    assert (await get_decision(dave, decision_id))["state"] == "open"


async def test_a_term_starting_within_the_voting_window_is_refused(clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "election")
    with pytest.raises(FieldError, match="表决截止日"):
        await slates.save_slate(dave, decision_id, SlateInput(date(2026, 11, 30), date(2031, 11, 29),
                                                              members(households)))


async def test_the_slate_is_fixed_once_voting_opens(clock):
    world = await make_world()
    dave, decision_id, households = await _election(world)
    await open_decision(dave, decision_id)
    with pytest.raises(FieldError, match="不能再更改"):
        await slates.save_slate(dave, decision_id, SlateInput(START, last_term_day(START), members(households[2:])))
    slate = await slates.get_slate(decision_id)
    assert sorted(m["household"] for m in slate["members"]) == sorted(households[:5])


async def test_a_member_who_sold_his_unit_stops_the_install_which_is_shown_and_can_be_retried(clock):
    world = await make_world()
    dave, decision_id, households = await _election(world)
    await open_decision(dave, decision_id)
    await _vote(dave, decision_id, "yes")
    seller = (await Household.select(Household.owner).where(Household.id == households[0]).first())["owner"]
    buyer = (await Owner.insert(Owner(community=world.community_a, name="新业主")).returning(Owner.id))[0]["id"]
    await Household.update({Household.owner: buyer}).where(Household.id == households[0])
    _close_day(clock)
    assert await closing.close_decision(dave, decision_id) == "approved"  # the vote stands
    decision = await get_decision(dave, decision_id)
    assert decision["act_failed"] and "登记业主" in decision["act_note"]
    assert await Committee.count() == 0
    await Household.update({Household.owner: seller}).where(Household.id == households[0])
    clock.set(datetime(2026, 12, 3, 9, tzinfo=app_clock.CHINA))
    await closing.retry_outcome(dave, decision_id)
    decision = await get_decision(dave, decision_id)
    assert not decision["act_failed"]
    row = await Committee.select(Committee.elected_on, Committee.decision_id).first()
    assert row == {"elected_on": date(2026, 12, 1), "decision_id": decision_id}  # the closing day, not the retry's


async def test_the_pages_enter_show_and_refuse_as_the_owners_and_staff_meet_them(client, clock):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "election", title="选举业主委员会")
    assert (await login(client, "dave")).status_code == 303
    token = csrf_from((await client.get("/account/password")).text)
    refused = await client.post(f"/decisions/{decision_id}/open", data={"_csrf_token": token})
    assert refused.status_code == 422 and "候选名单" in refused.text
    form = {"_csrf_token": token, "term_start": "2026-12-10", "term_end": "2031-12-09"}
    for n, (household, post) in enumerate(zip(households[:4], ["chair", "member", "member", "member"]), start=1):
        form |= {f"household_{n}": str(household), f"post_{n}": post, f"phone_{n}": "13800001111"}
    saved = await client.post(f"/decisions/{decision_id}/slate", data=form, follow_redirects=False)
    assert saved.status_code == 303
    page = (await client.get(f"/decisions/{decision_id}")).text
    assert "主任" in page and "业主1" in page and "5至11人" in page  # the size rule named before opening
    refused = await client.post(f"/decisions/{decision_id}/open", data={"_csrf_token": token})
    assert refused.status_code == 422 and "5至11人" in refused.text
    form |= {"household_5": str(households[4]), "post_5": "member"}
    assert (await client.post(f"/decisions/{decision_id}/slate", data=form, follow_redirects=False)).status_code == 303
    opened = await client.post(f"/decisions/{decision_id}/open", data={"_csrf_token": token}, follow_redirects=False)
    assert opened.status_code == 303
    late = await client.post(f"/decisions/{decision_id}/slate", data=form)
    assert late.status_code == 422 and "不能再更改" in late.text
    notice = (await client.get(f"/decisions/{decision_id}/notice")).text
    assert "业主5" in notice and "13800001111" not in notice
    assert (await Decision.select(Decision.state).first())["state"] == "open"


async def test_the_slate_page_is_for_those_who_run_the_decision(client, clock):
    world = await make_world()
    dave = await principal("dave")
    election = await make_decision(dave, world.community_a, "election")
    other = await make_decision(dave, world.community_a, "other")
    assert (await login(client, "erin")).status_code == 303
    assert (await client.get(f"/decisions/{election}/slate")).status_code in (403, 404)
    client.cookies.clear()
    assert (await login(client, "dave")).status_code == 303
    assert (await client.get(f"/decisions/{election}/slate")).status_code == 200
    assert (await client.get(f"/decisions/{other}/slate")).status_code == 404


def test_the_election_outcome_is_registered_wherever_decisions_close_without_the_web_app():
    """The demo loader and any worker close decisions without importing the committees' pages."""
    code = ("from app.decisions.services import outcomes; "
            "print(outcomes.has_outcome('election'), 'app.committees.controllers' in __import__('sys').modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "False"]
