"""Using the fund: a proposal apportioned by floor area exactly to the fen, the owners' decision among
the households that bear it (through the real decisions close path), the emergency path, and a
disbursement that posts once and never overdraws."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app import clock as app_clock
from app.accounts.logic import SYSTEM
from app.decisions.services import ballots, closing, drafts
from app.decisions.services.decisions import DecisionInput, get_decision, open_decision
from app.decisions.tables import Decision, DecisionHead
from app.errors import FieldError
from app.funds.services import disbursing, proposals, votes
from app.funds.services.proposals import ProposalInput
from app.funds.tables import FundEntry, FundHousehold, FundProposal, FundProposalShare
from tests.decisions.factories import make_decision, make_register
from tests.funds.helpers import make_fund, post, principal

AFTER_THE_VOTE = datetime(2026, 12, 1, 9, tzinfo=app_clock.CHINA)


def _input(budget_fen: int, scope: str = "whole", **extra) -> ProposalInput:
    return ProposalInput(title="屋面防水维修", description="1号楼屋面渗漏", budget_fen=budget_fen, contractor="青海建工",
                         scope=scope, **extra)


async def _shares(proposal_id: int) -> dict[int, int]:
    proposal, _community = await proposals.get_proposal(SYSTEM, proposal_id)
    return {row["id"]: row["share_fen"] for row in await proposals.apportionment(proposal)}


@pytest.mark.parametrize("budget_fen", [1, 2, 3, 24_555, 24_556, 10_000_000_000])
async def test_the_shares_add_up_exactly_to_the_budget(budget_fen):
    fund = await make_fund()  # 85.55 + 100.00 + 60.00 = 245.55 m²
    dave = await principal("dave")
    proposal_id = await proposals.create_proposal(dave, fund.community, _input(budget_fen))
    shares = await _shares(proposal_id)
    assert sum(shares.values()) == budget_fen
    for unit, area in (("1-101", 8555), ("1-102", 10000), ("1-103", 6000)):
        exact = budget_fen * area / 24555
        assert abs(shares[fund.units[unit]] - exact) < 1


async def test_a_single_fen_goes_to_the_largest_area():
    fund = await make_fund()
    proposal_id = await proposals.create_proposal(await principal("dave"), fund.community, _input(1))
    assert await _shares(proposal_id) == {fund.units["1-101"]: 0, fund.units["1-102"]: 1, fund.units["1-103"]: 0}


async def test_only_the_chosen_building_or_units_bear_the_cost():
    fund = await make_fund()
    dave = await principal("dave")
    other = await make_register(fund.community, [("2-201", "赵敏", "50.00", False), ("2-202", "钱进", "50.00", False)],
                                building="2号楼")
    by_building = await proposals.create_proposal(dave, fund.community, _input(
        10_001, "buildings", building_ids=[other["building"]]))
    assert await _shares(by_building) == {other["households"]["2-201"]: 5001, other["households"]["2-202"]: 5000}
    by_units = await proposals.create_proposal(dave, fund.community, _input(
        100, "units", household_ids=[fund.units["1-103"]]))
    assert await _shares(by_units) == {fund.units["1-103"]: 100}


@pytest.mark.parametrize(("data", "field"), [
    (_input(0), "budget"),
    (_input(10_000_000_001), "budget"),
    (ProposalInput(title="", budget_fen=100), "title"),
    (_input(100, "buildings"), "building_ids"),
    (_input(100, "units"), "household_ids"),
    (_input(100, "everyone"), "scope"),
])
async def test_a_bad_proposal_is_refused_and_nothing_is_saved(data, field):
    fund = await make_fund()
    with pytest.raises(FieldError) as refused:
        await proposals.create_proposal(await principal("dave"), fund.community, data)
    assert refused.value.field == field
    assert await FundProposal.count() == 0


async def test_another_communitys_units_cannot_bear_a_cost():
    fund = await make_fund()
    with pytest.raises(FieldError) as refused:
        await proposals.create_proposal(await principal("dave"), fund.community,
                                        _input(100, "units", household_ids=[fund.other_unit]))
    assert refused.value.field == "household_ids"


async def _to_vote(fund, budget_fen: int = 24_555) -> tuple[int, int]:
    dave = await principal("dave")
    proposal_id = await proposals.create_proposal(dave, fund.community, _input(budget_fen))
    decision_id = await votes.put_to_vote(dave, proposal_id, date(2026, 11, 25), date(2026, 11, 30))
    return proposal_id, decision_id


async def test_putting_it_to_the_vote_drafts_a_fund_use_decision_for_the_bearing_households():
    fund = await make_fund()
    other = await make_register(fund.community, [("2-201", "赵敏", "50.00", False)], building="2号楼")
    dave = await principal("dave")
    proposal_id = await proposals.create_proposal(dave, fund.community, _input(
        100, "units", household_ids=[fund.units["1-101"], other["households"]["2-201"]]))
    decision_id = await votes.put_to_vote(dave, proposal_id, date(2026, 11, 25), date(2026, 11, 30))
    decision = await get_decision(dave, decision_id)
    assert (decision["matter"], decision["state"], decision["title"]) == ("fund_use", "draft", "屋面防水维修")
    assert sorted(decision["household_ids"]) == sorted([fund.units["1-101"], other["households"]["2-201"]])
    row = await FundProposal.select(FundProposal.state, FundProposal.decision_id).first()
    assert row == {"state": "voting", "decision_id": decision_id}
    assert await FundProposalShare.count() == 2  # frozen
    with pytest.raises(FieldError):  # once only
        await votes.put_to_vote(dave, proposal_id, date(2026, 11, 25), date(2026, 11, 30))


async def test_an_approving_vote_releases_the_proposal_for_disbursement(clock):
    fund = await make_fund()
    proposal_id, decision_id = await _to_vote(fund)
    dave = await principal("dave")
    await open_decision(dave, decision_id)
    assert await DecisionHead.count().where(DecisionHead.decision == decision_id) == 3
    for head in await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == decision_id):
        await ballots.enter_paper(dave, decision_id, head["id"], "yes", "paper", "", "P")
    clock.set(AFTER_THE_VOTE)
    assert await closing.close_decision(dave, decision_id) == "approved"
    assert (await FundProposal.select(FundProposal.state).first())["state"] == "approved"
    decision = await get_decision(dave, decision_id)
    assert not decision["act_failed"] and decision["acted_at"] is not None and str(proposal_id) in decision["act_note"]


async def test_a_fund_use_decision_without_a_proposal_closes_without_a_failure(clock):
    fund = await make_fund()
    dave = await principal("dave")
    decision_id = await make_decision(dave, fund.community, "fund_use", opens_on=date(2026, 11, 25))
    await open_decision(dave, decision_id)
    for head in await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == decision_id):
        await ballots.enter_paper(dave, decision_id, head["id"], "yes", "paper", "", "P")
    clock.set(AFTER_THE_VOTE)
    assert await closing.close_decision(dave, decision_id) == "approved"
    assert not (await get_decision(dave, decision_id))["act_failed"]


@pytest.mark.parametrize("choice", ["no", None])
async def test_a_failed_vote_rejects_the_proposal(clock, choice):
    fund = await make_fund()
    _proposal_id, decision_id = await _to_vote(fund)
    dave = await principal("dave")
    await open_decision(dave, decision_id)
    if choice:
        for head in await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == decision_id):
            await ballots.enter_paper(dave, decision_id, head["id"], choice, "paper", "", "P")
    clock.set(AFTER_THE_VOTE)
    assert await closing.close_decision(dave, decision_id) in ("rejected", "no_quorum")
    assert (await FundProposal.select(FundProposal.state).first())["state"] == "rejected"
    with pytest.raises(FieldError):
        await disbursing.disburse(dave, _proposal_id)
    assert await FundEntry.count() == 0


async def test_deleting_the_decision_draft_returns_the_proposal_to_a_draft():
    fund = await make_fund()
    _proposal_id, decision_id = await _to_vote(fund)
    await drafts.delete_decision(await principal("dave"), decision_id)
    row = await FundProposal.select(FundProposal.state, FundProposal.decision_id).first()
    assert row == {"state": "draft", "decision_id": None}
    assert await FundProposalShare.count() == 0


async def test_a_decision_draft_edited_to_other_voters_cannot_open(clock):
    fund = await make_fund()
    _proposal_id, decision_id = await _to_vote(fund)
    dave = await principal("dave")
    await drafts.update_decision(dave, decision_id, DecisionInput(
        matter="fund_use", title="屋面防水维修", opens_on=date(2026, 11, 25), closes_on=date(2026, 11, 30),
        household_ids=[fund.units["1-101"]]))
    with pytest.raises(FieldError) as refused:
        await open_decision(dave, decision_id)
    assert refused.value.field == "building_ids"  # "only the households that bear its cost vote"
    assert (await Decision.select(Decision.state).first())["state"] == "draft"


async def _funded(fund, amounts: dict[str, int]) -> None:
    for unit, amount in amounts.items():
        await post(SYSTEM, fund.community, "deposit", amount, fund.units[unit])


async def _emergency(fund, budget_fen: int) -> int:
    dave = await principal("dave")
    proposal_id = await proposals.create_proposal(dave, fund.community, _input(budget_fen))
    await proposals.authorise_emergency(dave, proposal_id, "leak", "街道办 李主任", date(2026, 11, 24))
    return proposal_id


async def test_the_emergency_path_disburses_without_a_vote_and_posts_once():
    fund = await make_fund()
    await _funded(fund, {"1-101": 8555, "1-102": 10000, "1-103": 6000})
    proposal_id = await _emergency(fund, 24_555)  # exactly every balance
    dave = await principal("dave")
    assert await disbursing.disburse(dave, proposal_id) is True
    assert await disbursing.disburse(dave, proposal_id) is False  # the second click
    uses = await FundEntry.select(FundEntry.household, FundEntry.amount_fen).where(FundEntry.kind == "use")
    assert sorted(row["amount_fen"] for row in uses) == [-10000, -8555, -6000]
    balances = await FundHousehold.select(FundHousehold.balance_fen)
    assert [row["balance_fen"] for row in balances] == [0, 0, 0]  # to zero, never below
    row = await FundProposal.select(FundProposal.state, FundProposal.emergency_reason, FundProposal.authorised_by).first()
    assert row == {"state": "disbursed", "emergency_reason": "leak", "authorised_by": "街道办 李主任"}


async def test_a_household_that_cannot_bear_its_share_blocks_the_disbursement():
    fund = await make_fund()
    await _funded(fund, {"1-101": 8555, "1-102": 10000, "1-103": 5999})  # 1-103 lacks one fen
    proposal_id = await _emergency(fund, 24_555)
    dave = await principal("dave")
    with pytest.raises(disbursing.Shortfall) as short:
        await disbursing.disburse(dave, proposal_id)
    assert [(row["id"], row["short_fen"]) for row in short.value.households] == [(fund.units["1-103"], 1)]
    assert await FundEntry.count().where(FundEntry.kind == "use") == 0  # nothing posted, not even the others
    notice = await disbursing.top_up_notice(dave, proposal_id, fund.units["1-103"])
    assert notice["household"]["short_fen"] == 1 and notice["household"]["share_fen"] == 6000
    await post(SYSTEM, fund.community, "top_up", 1, fund.units["1-103"])
    assert await disbursing.disburse(dave, proposal_id) is True


@pytest.mark.parametrize(("reason", "by", "day", "field"), [
    ("flood", "李主任", date(2026, 11, 24), "reason"),
    ("leak", "", date(2026, 11, 24), "authorised_by"),
    ("leak", "李主任", date(2026, 11, 26), "authorised_on"),  # tomorrow
])
async def test_an_emergency_needs_a_listed_reason_who_authorised_it_and_a_day_not_in_the_future(
        clock, reason, by, day, field):
    fund = await make_fund()
    dave = await principal("dave")
    proposal_id = await proposals.create_proposal(dave, fund.community, _input(100))
    with pytest.raises(FieldError) as refused:
        await proposals.authorise_emergency(dave, proposal_id, reason, by, day)
    assert refused.value.field == field
    assert (await FundProposal.select(FundProposal.state).first())["state"] == "draft"


async def test_a_draft_cannot_be_disbursed_and_a_cancelled_one_cannot_go_to_the_vote():
    fund = await make_fund()
    dave = await principal("dave")
    proposal_id = await proposals.create_proposal(dave, fund.community, _input(100))
    with pytest.raises(FieldError):
        await disbursing.disburse(dave, proposal_id)
    await proposals.cancel(dave, proposal_id)
    with pytest.raises(FieldError):
        await votes.put_to_vote(dave, proposal_id, date(2026, 11, 25), date(2026, 11, 30))
