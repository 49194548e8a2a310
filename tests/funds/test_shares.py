"""Splitting fund money exactly (largest remainder), against a plain Fraction reference, and the
first-deposit and 30% top-up rules at their boundaries."""

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.funds.shares import (
    ShareError,
    apportion,
    area_hundredths,
    distribute,
    first_deposit_fen,
    is_under_top_up_line,
    share_message,
    top_up_due_fen,
    top_up_line_fen,
)
from app.i18n import set_locale

totals = st.integers(min_value=0, max_value=10**12)  # up to ten billion yuan
weights_lists = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=60).filter(any)


def exact_shares(total, weights):
    whole = sum(weights)
    return [Fraction(total * weight, whole) for weight in weights]


def reference(total, weights):
    """The largest-remainder rule written out on Fractions, ties by larger weight then position."""
    exact = exact_shares(total, weights)
    parts = [math.floor(share) for share in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), -weights[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


@given(totals, weights_lists)
def test_parts_add_up_exactly_and_each_is_within_one_fen_of_its_exact_share(total, weights):
    parts = apportion(total, weights)
    assert sum(parts) == total
    for part, share in zip(parts, exact_shares(total, weights), strict=True):
        assert abs(part - share) < 1
        assert part in (math.floor(share), math.ceil(share))


@given(totals, weights_lists)
def test_parts_are_the_fraction_reference(total, weights):
    assert apportion(total, weights) == reference(total, weights)


@given(totals, weights_lists)
def test_a_larger_area_never_bears_less_and_a_zero_area_bears_nothing(total, weights):
    parts = apportion(total, weights)
    for i, j in zip(range(len(weights)), range(1, len(weights))):
        if weights[i] > weights[j]:
            assert parts[i] >= parts[j]
        elif weights[i] < weights[j]:
            assert parts[i] <= parts[j]
    assert all(part == 0 for part, weight in zip(parts, weights, strict=True) if weight == 0)


@given(totals, weights_lists)
def test_the_same_input_gives_the_same_parts(total, weights):
    assert apportion(total, weights) == apportion(total, list(weights))


@given(totals, weights_lists)
def test_distribution_by_balance_follows_the_same_rule(amount, balances):
    assert distribute(amount, balances, basis="balance") == reference(amount, balances)
    assert distribute(amount, balances, basis="area") == reference(amount, balances)


def test_one_household_bears_the_whole_cost():
    assert apportion(123_457, [8550]) == [123_457]


def test_equal_areas_with_fen_left_over_give_them_to_the_first_households():
    # 100.00 yuan among three equal flats: 33.34 + 33.33 + 33.33.
    assert apportion(10_000, [8550, 8550, 8550]) == [3334, 3333, 3333]
    assert apportion(2, [1, 1, 1]) == [1, 1, 0]


def test_the_larger_remainder_comes_first_and_on_a_tie_the_larger_area_then_the_earlier_household():
    assert apportion(1, [1, 3]) == [0, 1]  # exact 0.25 and 0.75: the larger remainder takes the fen
    assert apportion(2, [1, 3]) == [0, 2]  # exact 0.5 and 1.5: equal remainders, the larger area wins
    assert apportion(2, [3, 1]) == [2, 0]
    assert apportion(5, [2, 2]) == [3, 2]  # 2.5 each: equal in all, the earlier household


def test_zero_area_households_bear_nothing_even_when_fen_are_left_over():
    assert apportion(10, [0, 3, 0, 3, 3]) == [0, 4, 0, 3, 3]


def test_a_household_with_no_balance_gets_no_interest():
    assert distribute(1_001, [0, 50_000, 50_000, 0], basis="balance") == [0, 501, 500, 0]


@pytest.mark.parametrize(("total", "weights", "problem"), [
    (100, [], "empty"),
    (100, [0, 0], "all_zero"),
    (-1, [10], "negative"),
    (100, [10, -1], "negative"),
])
def test_impossible_splits_are_refused_with_a_reason(total, weights, problem):
    with pytest.raises(ShareError) as raised:
        apportion(total, weights)
    assert raised.value.problem == problem
    assert isinstance(raised.value, ValueError)


def test_interest_with_no_balances_says_to_share_by_area():
    with pytest.raises(ShareError) as raised:
        distribute(500, [0, 0], basis="balance")
    assert raised.value.problem == "no_balance"
    with pytest.raises(ShareError) as raised:
        distribute(500, [0, 0], basis="area")
    assert raised.value.problem == "all_zero"
    with pytest.raises(ValueError):
        distribute(500, [1], basis="owners")


@pytest.mark.parametrize("problem", ["empty", "negative", "all_zero", "no_balance"])
def test_every_refusal_has_a_message_in_both_languages(problem):
    set_locale("en")
    english = share_message(problem)
    set_locale("zh_CN")
    chinese = share_message(problem)
    assert english and chinese and english != chinese


def test_first_deposit_is_area_times_rate_rounded_half_up_to_the_fen():
    assert first_deposit_fen(8555, 3333) == 285_138  # 85.55 m² × 33.33 yuan = 2,851.3815 yuan
    assert first_deposit_fen(1005, 10) == 101  # 100.5 fen: the half fen rounds up
    assert first_deposit_fen(1004, 10) == 100  # 100.4 fen rounds down
    assert first_deposit_fen(1005, 9) == 90  # 90.45 fen rounds down
    assert first_deposit_fen(0, 5000) == 0
    with pytest.raises(ValueError):
        first_deposit_fen(-1, 5000)


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**6))
def test_first_deposit_is_the_exact_product_rounded_half_up(area, rate):
    exact = Fraction(area * rate, 100)
    assert first_deposit_fen(area, rate) == math.floor(exact + Fraction(1, 2))


def test_area_in_hundredths_is_exact():
    assert area_hundredths(Decimal("85.55")) == 8555
    assert area_hundredths(Decimal("85.5")) == 8550
    with pytest.raises(ValueError):
        area_hundredths(Decimal("85.555"))


def test_exactly_thirty_percent_is_not_under_the_line_and_one_fen_less_is():
    assert not is_under_top_up_line(3_000, 10_000)
    assert is_under_top_up_line(2_999, 10_000)
    assert top_up_line_fen(10_000) == 3_000
    # 30% of 100.01 yuan is 30.003 yuan: 30.00 is under, 30.01 is not; the line shown is 30.01.
    assert is_under_top_up_line(3_000, 10_001)
    assert not is_under_top_up_line(3_001, 10_001)
    assert top_up_line_fen(10_001) == 3_001
    assert not is_under_top_up_line(0, 0)  # no first deposit: no line


@given(st.integers(min_value=0, max_value=10**12))
def test_the_line_is_the_smallest_balance_not_under_it(first_deposit):
    line = top_up_line_fen(first_deposit)
    assert not is_under_top_up_line(line, first_deposit)
    assert line == 0 or is_under_top_up_line(line - 1, first_deposit)
    assert Fraction(line) >= Fraction(3 * first_deposit, 10) > line - 1


def test_top_up_restores_the_first_deposit_by_default_or_the_line_where_the_rule_says_so():
    assert top_up_due_fen(3_000, 10_000) == 0  # at the line: nothing due
    assert top_up_due_fen(2_999, 10_000) == 7_001
    assert top_up_due_fen(2_999, 10_000, target="line") == 1
    assert top_up_due_fen(-500, 10_000) == 10_500  # an overdrawn sub-account makes good the debt too
    with pytest.raises(ValueError):
        top_up_due_fen(0, 10_000, target="half")


def test_areas_must_come_as_whole_hundredths_not_decimals_of_a_square_metre():
    with pytest.raises(TypeError):
        apportion(10_000, [Decimal("85.50"), Decimal("60.25")])
    assert apportion(10_000, [area_hundredths(Decimal("85.50")), area_hundredths(Decimal("60.25"))]) == [5866, 4134]
