"""The art. 278 tally at its boundaries, and against a plain Fraction reference (hypothesis)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.decisions.logic import (
    DOUBLE_TWO_THIRDS,
    MAJORITY,
    THREE_QUARTERS,
    Counts,
    Unit,
    approval_rule,
    heads_of,
    share,
    tally,
)


def counts(heads, voters, yes, area_each=10000):
    """``heads`` owners of equal area, ``voters`` of whom vote and ``yes`` of those say yes."""
    return Counts(heads * area_each, heads, voters * area_each, voters, yes * area_each, yes)


def test_exactly_two_thirds_participation_makes_the_quorum_and_one_owner_fewer_does_not():
    assert tally(counts(9, 6, 6), MAJORITY).quorum
    fewer = tally(counts(9, 5, 5), MAJORITY)
    assert not fewer.quorum and fewer.outcome == "no_quorum"
    assert fewer.failed[:2] == ("quorum_area", "quorum_heads")


def test_exactly_half_yes_is_not_a_majority_and_a_little_more_is():
    assert tally(counts(6, 6, 3), MAJORITY).outcome == "rejected"
    assert tally(counts(6, 6, 4), MAJORITY).outcome == "approved"
    # A hundredth of a square metre more than half, with heads also over half.
    c = Counts(20000, 3, 20000, 3, 10001, 2)
    assert tally(c, MAJORITY).outcome == "approved"
    assert tally(Counts(20000, 3, 20000, 3, 10000, 2), MAJORITY).failed == ("approval_area",)


def test_exactly_three_quarters_passes_a_fund_raise_and_one_owner_fewer_does_not():
    assert tally(counts(8, 8, 6), THREE_QUARTERS).outcome == "approved"
    assert tally(counts(8, 8, 5), THREE_QUARTERS).outcome == "rejected"


def test_area_passing_while_heads_fail_is_no_quorum_and_the_reverse_too():
    # Two large owners vote (80% of the area) but are 2 of 4 owners.
    big = Counts(entitled_area=100, entitled_heads=4, voted_area=80, voted_heads=2, yes_area=80, yes_heads=2)
    result = tally(big, MAJORITY)
    assert (result.quorum_area, result.quorum_heads, result.outcome) == (True, False, "no_quorum")
    # Three small owners vote (3 of 4 heads) holding 30% of the area.
    small = Counts(entitled_area=100, entitled_heads=4, voted_area=30, voted_heads=3, yes_area=30, yes_heads=3)
    result = tally(small, MAJORITY)
    assert (result.quorum_area, result.quorum_heads, result.outcome) == (False, True, "no_quorum")


def test_approval_needs_area_and_heads_both():
    area_only = Counts(100, 3, 100, 3, 90, 1)  # one owner with 90% of the area votes yes
    assert tally(area_only, MAJORITY).failed == ("approval_heads",)
    heads_only = Counts(100, 3, 100, 3, 20, 2)
    assert tally(heads_only, MAJORITY).failed == ("approval_area",)


def test_the_matters_take_their_rules_and_order_165_only_when_asked():
    assert approval_rule("fund_raise") == THREE_QUARTERS
    assert approval_rule("rebuild") == THREE_QUARTERS
    assert approval_rule("common_parts") == THREE_QUARTERS
    assert approval_rule("hire") == MAJORITY
    assert approval_rule("fund_use") == MAJORITY
    assert approval_rule("fund_use", fund_use_double_two_thirds=True) == DOUBLE_TWO_THIRDS
    assert approval_rule("fund_raise", fund_use_double_two_thirds=True) == THREE_QUARTERS


def test_order_165_counts_yes_against_all_owners_not_the_participants():
    # Everyone voted, 2/3 yes exactly: passes; every voter but one more no: fails.
    assert tally(counts(9, 9, 6), DOUBLE_TWO_THIRDS).outcome == "approved"
    assert tally(counts(9, 9, 5), DOUBLE_TWO_THIRDS).outcome == "rejected"
    # 7 of 9 voted, all yes would pass the majority rule; 5 yes of 9 fails Order 165.
    assert tally(counts(9, 7, 5), MAJORITY).outcome == "approved"
    assert tally(counts(9, 7, 5), DOUBLE_TWO_THIRDS).outcome == "rejected"


def test_nobody_entitled_has_no_quorum():
    assert tally(Counts(0, 0), MAJORITY).outcome == "no_quorum"


def test_the_developer_stock_is_one_head_and_a_buyer_of_several_units_is_one_head_with_all_their_area():
    units = [
        Unit(1, None, True, 9000), Unit(2, None, True, 8000), Unit(3, None, True, 7000),  # unsold
        Unit(4, 50, False, 10000), Unit(5, 50, False, 6000),  # one buyer, two units
        Unit(6, 51, False, 8000),
        Unit(7, None, False, 5000),  # the register names no owner: still a head of its own
    ]
    heads = {(h.owner, h.developer, h.household): (h.area, h.units) for h in heads_of(units)}
    assert heads == {
        (None, True, None): (24000, 3),
        (50, False, None): (16000, 2),
        (51, False, None): (8000, 1),
        (None, False, 7): (5000, 1),
    }


def test_shares_for_display_round_half_up_from_exact_integers():
    assert share(2, 3) == share(200, 300) and str(share(2, 3)) == "66.67"
    assert str(share(1, 8)) == "12.50"
    assert share(1, 0) is None


def reference(c: Counts, rule: str) -> str:
    """The rules of domain.md written once more with Fraction, the plainest exact arithmetic."""
    if c.entitled_heads == 0:
        return "no_quorum"
    if Fraction(c.voted_area, c.entitled_area or 1) < Fraction(2, 3) and c.entitled_area:
        return "no_quorum"
    if Fraction(c.voted_heads, c.entitled_heads) < Fraction(2, 3):
        return "no_quorum"
    if rule == MAJORITY:
        ok = (c.voted_area > 0 and Fraction(c.yes_area, c.voted_area) > Fraction(1, 2)
              and Fraction(c.yes_heads, c.voted_heads) > Fraction(1, 2))
    elif rule == THREE_QUARTERS:
        ok = ((c.voted_area == 0 or Fraction(c.yes_area, c.voted_area) >= Fraction(3, 4))
              and Fraction(c.yes_heads, c.voted_heads) >= Fraction(3, 4))
    else:
        ok = ((c.entitled_area == 0 or Fraction(c.yes_area, c.entitled_area) >= Fraction(2, 3))
              and Fraction(c.yes_heads, c.entitled_heads) >= Fraction(2, 3))
    return "approved" if ok else "rejected"


@st.composite
def ballots(draw):
    """A community of owners with random areas, some of whom vote, some of those yes."""
    areas = draw(st.lists(st.integers(min_value=1, max_value=10**9), min_size=0, max_size=40))
    choices = draw(st.lists(st.sampled_from(["none", "yes", "no", "abstain"]), min_size=len(areas),
                            max_size=len(areas)))
    voted = [(a, c) for a, c in zip(areas, choices, strict=True) if c != "none"]
    return Counts(
        entitled_area=sum(areas), entitled_heads=len(areas),
        voted_area=sum(a for a, _ in voted), voted_heads=len(voted),
        yes_area=sum(a for a, c in voted if c == "yes"), yes_heads=sum(1 for _, c in voted if c == "yes"),
    )


@given(ballots(), st.sampled_from([MAJORITY, THREE_QUARTERS, DOUBLE_TWO_THIRDS]))
def test_the_tally_agrees_with_a_fraction_reference(c, rule):
    assert tally(c, rule).outcome == reference(c, rule)


@given(st.integers(min_value=3, max_value=3000).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n))))
def test_the_quorum_edge_is_exact_for_any_community_size(sized):
    heads, voters = sized
    assert tally(counts(heads, voters, voters), MAJORITY).quorum == (3 * voters >= 2 * heads)


@pytest.mark.parametrize("rule", [MAJORITY, THREE_QUARTERS, DOUBLE_TWO_THIRDS])
def test_huge_areas_stay_exact(rule):
    # 2/3 of an area no float can hold exactly, one hundredth short.
    whole = 3 * 10**20
    c = Counts(whole, 3, 2 * 10**20 - 1, 3, 2 * 10**20 - 1, 3)
    assert tally(c, rule).quorum_area is False


def test_the_order_165_setting_is_off_by_default_and_refuses_a_bad_value(monkeypatch):
    from app.settings import SettingsError, load_settings

    assert load_settings().policy.fund_use_double_two_thirds is False
    monkeypatch.setenv("POLICY_FUND_USE_DOUBLE_TWO_THIRDS", "on")
    assert load_settings().policy.fund_use_double_two_thirds is True
    monkeypatch.setenv("POLICY_FUND_USE_DOUBLE_TWO_THIRDS", "perhaps")
    with pytest.raises(SettingsError, match="POLICY_FUND_USE_DOUBLE_TWO_THIRDS"):
        load_settings()
