"""A closed, approved hire creates the arrangement through management's service; a refusal by its rules
is recorded on the decision and can be retried; other domains register their outcomes by matter."""

from datetime import date, datetime

from app import clock as app_clock
from app.decisions.services import ballots, closing, outcomes
from app.decisions.services.decisions import get_decision, open_decision
from app.decisions.tables import DecisionHead
from app.management import services as management
from app.management.services import ArrangementInput
from app.management.tables import Arrangement
from tests.decisions.factories import equal_units, make_decision, make_register, principal
from tests.factories import make_world


async def _vote_all_yes(dave, decision_id):
    for head in await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == decision_id):
        await ballots.enter_paper(dave, decision_id, head["id"], "yes", "paper", "", "P")


async def _hire(world, clock):
    await make_register(world.community_a, equal_units(4))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "hire", company_id=world.company_a,
                                      service_start=date(2027, 1, 1), service_end=date(2029, 12, 31))
    await open_decision(dave, decision_id)
    await _vote_all_yes(dave, decision_id)
    clock.set(datetime(2026, 12, 1, 9, tzinfo=app_clock.CHINA))
    return dave, decision_id


async def test_an_approved_hire_creates_the_arrangement(clock):
    world = await make_world()
    dave, decision_id = await _hire(world, clock)
    assert await closing.close_decision(dave, decision_id) == "approved"
    rows = await Arrangement.select().where(Arrangement.community == world.community_a)
    assert [(r["mode"], r["company"], r["start_date"], r["end_date"]) for r in rows] == [
        ("professional", world.company_a, date(2027, 1, 1), date(2029, 12, 31))]
    decision = await get_decision(dave, decision_id)
    assert decision["acted_at"] is not None and not decision["act_failed"]
    assert "青海安居物业服务有限公司" in decision["act_note"]


async def test_a_hire_the_management_rules_refuse_is_shown_on_the_decision_and_can_be_retried(clock):
    world = await make_world()
    bob = await principal("bob")
    current = await management.assign(bob, world.community_a, ArrangementInput(
        mode="street_proxy", start_date=date(2024, 1, 1), responsible_id=bob.id))
    dave, decision_id = await _hire(world, clock)
    assert await closing.close_decision(dave, decision_id) == "approved"  # the vote stands
    decision = await get_decision(dave, decision_id)
    assert decision["act_failed"] and decision["state"] == "closed"
    assert await Arrangement.count().where(Arrangement.community == world.community_a) == 1
    await management.end(bob, current, end_date=date(2026, 12, 31), reason="handover")
    await closing.retry_outcome(dave, decision_id)
    decision = await get_decision(dave, decision_id)
    assert not decision["act_failed"]
    assert await Arrangement.count().where(Arrangement.community == world.community_a) == 2


async def test_a_rejected_hire_creates_nothing(clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(4))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "hire", company_id=world.company_a,
                                      service_start=date(2027, 1, 1))
    await open_decision(dave, decision_id)
    clock.set(datetime(2026, 12, 1, 9, tzinfo=app_clock.CHINA))
    assert await closing.close_decision(dave, decision_id) == "no_quorum"
    assert await Arrangement.count() == 0


async def test_another_domain_registers_its_outcome_by_matter(clock, monkeypatch):
    seen = []

    async def adopt_covenant(decision):
        seen.append(decision["id"])
        return "covenant adopted"

    monkeypatch.setitem(outcomes._HOOKS, "covenant", adopt_covenant)
    world = await make_world()
    await make_register(world.community_a, equal_units(3))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "covenant")
    await open_decision(dave, decision_id)
    await _vote_all_yes(dave, decision_id)
    clock.set(datetime(2026, 12, 1, 9, tzinfo=app_clock.CHINA))
    await closing.close_decision(dave, decision_id)
    assert seen == [decision_id]
    assert (await get_decision(dave, decision_id))["act_note"] == "covenant adopted"


async def _dismissal(world, clock, end: date):
    bob = await principal("bob")
    contract = await management.assign(bob, world.community_a, ArrangementInput(
        mode="professional", start_date=date(2024, 1, 1), end_date=date(2028, 12, 31), company_id=world.company_a,
        contract_number="HT-1", service_level="star1", fee_fen_per_m2_month=50))
    await make_register(world.community_a, equal_units(4))
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "dismiss", company_id=world.company_a, service_end=end)
    await open_decision(dave, decision_id)
    await _vote_all_yes(dave, decision_id)
    clock.set(datetime(2026, 12, 1, 9, tzinfo=app_clock.CHINA))
    assert await closing.close_decision(dave, decision_id) == "approved"
    return contract, await get_decision(dave, decision_id)


async def test_an_approved_dismissal_ends_the_contract_with_the_notice_counted_from_the_close(clock):
    world = await make_world()
    contract, decision = await _dismissal(world, clock, date(2027, 3, 31))
    row = await Arrangement.select().where(Arrangement.id == contract).first()
    assert (row["end_date"], row["end_reason"], row["notice_given_on"]) == (date(2027, 3, 31), "dismissal", date(2026, 12, 1))
    assert not decision["act_failed"]


async def test_a_dismissal_with_too_little_notice_is_refused_and_shown_on_the_decision(clock):
    world = await make_world()
    contract, decision = await _dismissal(world, clock, date(2027, 1, 29))  # 59 days after the close
    assert decision["act_failed"] and "60" in decision["act_note"]
    assert (await Arrangement.select(Arrangement.end_date).where(Arrangement.id == contract).first())["end_date"] == date(2028, 12, 31)
