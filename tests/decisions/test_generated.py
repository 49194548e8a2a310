"""The generator's decisions keep the app's rules: every snapshot is what opening would take from the
register, every frozen tally is what the one tally query and the pure rules give, ballots one per head."""

from __future__ import annotations

from app.decisions import logic
from app.decisions.services.ballots import count_ballots
from app.decisions.services.decisions import entitled_units
from app.decisions.tables import Ballot, Decision, DecisionHead
from app.demo.generate import generate
from app.demo.world import Scale

SMALL = Scale("test", "630102001", 12, 900, 3)


async def test_generated_decisions_agree_with_the_register_and_the_tally(clock):
    made = await generate(SMALL, seed=11)
    assert made["decisions"] == 12 * 4 == await Decision.count()
    assert made["ballots"] == await Ballot.count() > 100
    states = {row["state"] for row in await Decision.select(Decision.state)}
    assert {"open", "closed"} <= states
    for decision in await Decision.select().output(load_json=True):
        if decision["state"] == "draft":
            assert await DecisionHead.count().where(DecisionHead.decision == decision["id"]) == 0
            continue
        units = await entitled_units(decision["community"], decision["building_ids"])
        expected = logic.heads_of([logic.Unit(u["id"], u["owner"], u["is_developer_stock"],
                                              logic.centi_area(u["floor_area"])) for u in units])
        assert (decision["entitled_heads"], decision["entitled_area"]) == (len(expected), sum(h.area for h in expected))
        voters = await count_ballots(decision["id"])
        if decision["state"] == "closed":
            assert (voters.voted_heads, voters.voted_area, voters.yes_heads, voters.yes_area) == (
                decision["voted_heads"], decision["voted_area"], decision["yes_heads"], decision["yes_area"])
            counts = logic.Counts(decision["entitled_area"], decision["entitled_heads"], voters.voted_area,
                                  voters.voted_heads, voters.yes_area, voters.yes_heads)
            assert logic.tally(counts, decision["rule"]).outcome == decision["outcome"]
