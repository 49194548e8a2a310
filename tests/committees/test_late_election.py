"""An election whose vote closes late: the committee cannot serve before it is elected, so installing
its slate starts the term on the closing day and keeps the term's last day; a term wholly over by
then is refused, with the reason shown on the decision."""

from datetime import date, datetime

import pytest

from app import clock as app_clock
from app.committees.services import slates
from app.committees.services.slates import SlateInput
from app.committees.tables import Committee
from app.decisions.services import ballots, closing
from app.decisions.services.decisions import get_decision, open_decision
from app.decisions.tables import DecisionHead
from tests.committees.helpers import make_households, members, principal
from tests.decisions.factories import make_decision
from tests.factories import make_world

START, END = date(2026, 12, 10), date(2026, 12, 20)  # the window closes on 2026-11-30


async def _approved_on(clock, day: date):
    world = await make_world()
    households = await make_households(world.community_a, 5)
    dave = await principal("dave")
    decision_id = await make_decision(dave, world.community_a, "election")
    await slates.save_slate(dave, decision_id, SlateInput(START, END, members(households)))
    await open_decision(dave, decision_id)
    for head in await DecisionHead.select(DecisionHead.id).where(DecisionHead.decision == decision_id):
        await ballots.enter_paper(dave, decision_id, head["id"], "yes", "paper", "", "P")
    clock.set(datetime(day.year, day.month, day.day, 9, tzinfo=app_clock.CHINA))
    assert await closing.close_decision(dave, decision_id) == "approved"
    return await get_decision(dave, decision_id)


@pytest.mark.parametrize(("closed", "start"), [
    (date(2026, 12, 1), START),  # in time: the slate's first day
    (date(2026, 12, 10), START),  # closed on the first day itself
    (date(2026, 12, 11), date(2026, 12, 11)),  # a day late: the term starts on the closing day
    (END, END),  # the last day of the term: a term of one day still installs
])
async def test_a_late_vote_starts_the_term_on_the_closing_day(clock, closed, start):
    decision = await _approved_on(clock, closed)
    assert not decision["act_failed"], decision["act_note"]
    row = await Committee.select(Committee.elected_on, Committee.term_start, Committee.term_end).first()
    assert row == {"elected_on": closed, "term_start": start, "term_end": END}


async def test_a_vote_closing_after_the_whole_term_installs_nothing_and_says_why(clock):
    decision = await _approved_on(clock, date(2026, 12, 21))
    assert decision["act_failed"] and "2026" in decision["act_note"] and "新的候选名单" in decision["act_note"]
    assert await Committee.count() == 0
