"""Satisfaction against the 90% target at its boundaries and against a plain Fraction reference; rating
periods and the one-rating-per-period key."""

import math
import sqlite3
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import set_locale
from app.operations.satisfaction import (
    COUNTS_SQL,
    RatingPeriod,
    check_score,
    committee_rating_key,
    is_good,
    judge,
    meets_target,
    open_for_rating,
    parse_period,
    percent_half_up,
    period_of,
    periods_of_year,
    rating_key,
)


@pytest.fixture(autouse=True)
def english():
    set_locale("en")


counts = st.integers(min_value=0, max_value=10**7).flatmap(
    lambda total: st.tuples(st.integers(min_value=0, max_value=total), st.just(total))
)
targets = st.integers(min_value=1, max_value=100)


def test_exactly_ninety_percent_meets_the_target_and_one_rating_less_does_not():
    assert meets_target(9, 10)
    assert meets_target(90, 100)
    assert not meets_target(89, 100)
    assert meets_target(900, 1000) and not meets_target(899, 1000)
    # 26 of 29 is 89.66%: under, though it would show as 90% rounded to a whole percent
    assert not meets_target(26, 29)
    assert percent_half_up(26, 29) == Decimal("90")
    assert meets_target(27, 30) and not meets_target(26, 30)


def test_a_period_under_the_minimum_is_too_few_to_judge_whatever_its_share():
    assert judge(9, 9, min_ratings=10).verdict == "too_few"
    assert judge(0, 9, min_ratings=10).verdict == "too_few"
    assert judge(0, 0, min_ratings=1).verdict == "too_few"
    at_minimum = judge(9, 10, min_ratings=10)
    assert at_minimum.verdict == "meets" and at_minimum.judged and not at_minimum.below_target
    below = judge(8, 10, min_ratings=10)
    assert below.verdict == "below" and below.below_target


def test_too_few_shows_no_percentage_but_says_why():
    result = judge(3, 4, min_ratings=10)
    assert result.percent() is None
    assert result.label() == "Too few ratings to judge (4)"
    assert not result.below_target  # nothing to highlight: the period is not judged
    set_locale("zh_CN")
    assert result.label() != "Too few ratings to judge (4)" and "4" in result.label()


def test_the_label_beside_the_target_never_rounds_a_miss_up_to_the_target():
    assert judge(9, 10, min_ratings=1).label() == "90.0%"
    assert judge(8995, 10000, min_ratings=1).label() == "89.95%"  # half up to one decimal would read 90.0%
    assert judge(8999, 10000, min_ratings=1).label() == "89.99%"
    assert judge(2, 3, min_ratings=1).label() == "66.7%"


def test_the_percentage_is_rounded_half_up_from_whole_numbers():
    assert percent_half_up(1, 8) == Decimal("13")  # 12.5 → 13
    assert percent_half_up(1, 8, 1) == Decimal("12.5")
    assert percent_half_up(1, 3, 1) == Decimal("33.3")
    assert percent_half_up(2, 3, 2) == Decimal("66.67")
    assert percent_half_up(1, 400, 1) == Decimal("0.3")  # 0.25 → 0.3
    assert percent_half_up(0, 5) == Decimal("0")
    assert percent_half_up(5, 5, 1) == Decimal("100.0")
    with pytest.raises(ValueError):
        percent_half_up(0, 0)
    with pytest.raises(ValueError):
        percent_half_up(1, 2, -1)


@given(counts, targets)
def test_meeting_the_target_is_the_exact_fraction_compared(pair, target):
    good, total = pair
    assert meets_target(good, total, target) == (total > 0 and Fraction(good, total) >= Fraction(target, 100))


@given(counts)
def test_ninety_percent_is_ten_good_against_nine_of_all(pair):
    good, total = pair
    assert meets_target(good, total) == (total > 0 and 10 * good >= 9 * total)


@given(counts, st.integers(min_value=0, max_value=4))
def test_the_shown_percentage_is_the_exact_share_rounded_half_up(pair, digits):
    good, total = pair
    if total == 0:
        return
    scale = 10**digits
    expected = math.floor(Fraction(100 * good, total) * scale + Fraction(1, 2))
    shown = percent_half_up(good, total, digits)
    assert shown == Decimal(expected) / scale
    assert shown.as_tuple().exponent == -digits


@given(counts, targets, st.integers(min_value=1, max_value=50))
def test_the_verdict_follows_the_fraction_and_the_minimum(pair, target, minimum):
    good, total = pair
    result = judge(good, total, min_ratings=minimum, target_percent=target)
    if total < minimum:
        assert result.verdict == "too_few"
    elif Fraction(good, total) >= Fraction(target, 100):
        assert result.verdict == "meets"
    else:
        assert result.verdict == "below"


@given(counts, targets)
def test_a_shown_figure_is_under_the_target_exactly_when_the_share_is(pair, target):
    good, total = pair
    if total == 0:
        return
    shown = Decimal(judge(good, total, min_ratings=1, target_percent=target).label().rstrip("%"))
    assert (shown < target) == (Fraction(good, total) < Fraction(target, 100))


def test_ratings_are_whole_numbers_from_one_to_five():
    assert [check_score(score) for score in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]
    for wrong in (0, 6, -1):
        with pytest.raises(ValueError):
            check_score(wrong)
    for wrong in (3.9, 4.0, Decimal("4"), "4", True, None):
        with pytest.raises(TypeError):
            check_score(wrong)


def test_a_rating_is_good_at_or_above_the_threshold_and_fractional_inputs_are_refused():
    assert is_good(4, 4) and is_good(5, 4) and not is_good(3, 4)
    assert is_good(3, 3) and not is_good(2, 3)
    with pytest.raises(TypeError):
        is_good(3.9, 4)  # would not round up to a good rating
    with pytest.raises(TypeError):
        is_good(4, 3.5)  # a threshold between scores is not a setting
    with pytest.raises(ValueError):
        is_good(4, 6)


def test_impossible_counts_are_refused():
    for good, total in ((-1, 5), (6, 5)):
        with pytest.raises(ValueError):
            judge(good, total, min_ratings=1)
    with pytest.raises(TypeError):
        judge(9.0, 10, min_ratings=1)
    with pytest.raises(ValueError):
        judge(9, 10, min_ratings=0)
    with pytest.raises(ValueError):
        meets_target(9, 10, 0)
    with pytest.raises(ValueError):
        meets_target(9, 10, 101)


@given(st.lists(st.integers(min_value=1, max_value=5), max_size=60), st.integers(min_value=1, max_value=5))
def test_the_sql_counts_are_the_ratings_at_or_above_the_good_score(scores, good_score):
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE rating (score INTEGER)")
        db.executemany("INSERT INTO rating VALUES (?)", [(score,) for score in scores])
        good, total = db.execute(f"SELECT {COUNTS_SQL.replace('{}', '?')} FROM rating", (good_score,)).fetchone()
    assert (good, total) == (sum(is_good(score, good_score) for score in scores), len(scores))


# Rating periods


def test_a_day_falls_in_its_month_or_quarter():
    assert period_of(date(2026, 11, 30)).key == "2026-11"
    assert period_of(date(2026, 12, 31), "quarter").key == "2026-Q4"
    assert period_of(date(2026, 1, 1), "quarter").key == "2026-Q1"
    assert period_of(date(2026, 4, 1), "quarter").key == "2026-Q2"
    assert period_of(date(2026, 3, 31), "quarter").key == "2026-Q1"
    with pytest.raises(ValueError):
        period_of(date(2026, 1, 1), "week")


def test_periods_have_inclusive_bounds_across_leap_years_and_year_ends():
    february = period_of(date(2028, 2, 10))
    assert (february.start, february.end) == (date(2028, 2, 1), date(2028, 2, 29))
    assert period_of(date(2027, 2, 10)).end == date(2027, 2, 28)
    december = period_of(date(2026, 12, 5))
    assert december.end == date(2026, 12, 31) and december.next().key == "2027-01"
    q4 = period_of(date(2026, 11, 5), "quarter")
    assert (q4.start, q4.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert q4.next() == RatingPeriod("quarter", 2027, 1)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from(["month", "quarter"]))
def test_every_day_is_in_exactly_one_period_and_periods_tile_the_calendar(day, kind):
    period = period_of(day, kind)
    assert period.contains(day)
    assert period.start <= day <= period.end
    assert period_of(period.start - timedelta(days=1), kind).next() == period
    assert period.next().start == period.end + timedelta(days=1)
    assert parse_period(period.key) == period


def test_a_years_periods_are_its_twelve_months_or_four_quarters():
    assert [p.key for p in periods_of_year(2026, "quarter")] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    months = periods_of_year(2026)
    assert len(months) == 12 and months[0].start == date(2026, 1, 1) and months[-1].end == date(2026, 12, 31)


@pytest.mark.parametrize("key", ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-1", "26-11", "2026/11", "",
                                 "２０２６-11", "2026-q4", "2026-11 "])
def test_a_malformed_period_key_is_refused(key):
    with pytest.raises(ValueError):
        parse_period(key)


def test_a_rating_can_be_changed_until_the_periods_last_day():
    november = period_of(date(2026, 11, 15))
    assert open_for_rating(november, date(2026, 11, 1))
    assert open_for_rating(november, date(2026, 11, 30))
    assert not open_for_rating(november, date(2026, 12, 1))  # the period's figures stand
    assert not open_for_rating(november, date(2026, 10, 31))  # not yet: a future period


def test_one_rating_per_household_or_per_owner_and_one_for_the_committee():
    period = period_of(date(2026, 11, 15))
    key = rating_key(7, period, per="household", household_id=31, owner_id=5)
    assert (key.community_id, key.period, key.rater_kind, key.rater_id) == (7, "2026-11", "household", 31)
    # a co-owner of the same flat rating again in the month replaces, not adds
    assert rating_key(7, period, per="household", household_id=31, owner_id=6) == key
    assert rating_key(7, period, per="household", household_id=32, owner_id=5) != key
    by_owner = rating_key(7, period, per="owner", household_id=31, owner_id=5)
    assert by_owner == rating_key(7, period, per="owner", household_id=32, owner_id=5)
    assert rating_key(7, period.next(), per="owner", household_id=31, owner_id=5) != by_owner
    committee = committee_rating_key(7, period, 3)
    assert committee.rater_kind == "committee" and committee not in (key, by_owner)
    with pytest.raises(ValueError):
        rating_key(7, period, per="flat", household_id=31, owner_id=5)
