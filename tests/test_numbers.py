"""Numbers as typed: one reading for amounts (fen) and areas (m²), in forms and in the import alike."""

from decimal import Decimal

import pytest

from app.communities.logic import MAX_COMMUNITY_AREA, MAX_UNIT_AREA, parse_area, parse_year
from app.i18n import set_locale
from app.money import amount_message, parse_yuan
from app.numbers import parse_decimal, parse_whole

MAX = 10**12


@pytest.mark.parametrize(("typed", "fen"), [
    ("1000", 100000), ("１２３", 12300), ("１２３．４５", 12345), ("1,000", 100000), ("1，000", 100000),
    ("12,345.67", 1234567), ("１２，３４５．６７", 1234567), ("  12.5  ", 1250), ("\u300012\u3000", 1200),
    ("¥12", 1200), ("￥12", 1200), ("12元", 1200), ("¥ 1,000.50 元", 100050), ("0.01", 1), ("007", 700),
])
def test_an_amount_typed_with_full_width_digits_or_separators_is_read_exactly(typed, fen):
    assert parse_yuan(typed, MAX).fen == fen


@pytest.mark.parametrize(("typed", "problem"), [
    ("1²", "format"),  # NFKC would read 12 yuan
    ("8²", "format"),
    ("12 34", "format"),  # not 1234
    ("1 000", "format"),
    ("①", "format"), ("1①", "format"),
    ("٣", "format"), ("１٣", "format"),  # Arabic-Indic digits
    ("1e3", "format"), ("1E3", "format"), ("+5", "format"), ("5-", "format"),
    ("1,00", "format"), ("1,0000", "format"), ("12,34.5", "format"), (",100", "format"), ("100,", "format"),
    ("1.2.3", "format"), ("1.", "format"), (".5", "format"), ("12\n", None), ("1\n2", "format"),
    ("-5", "not_positive"), ("－5", "not_positive"), ("−5", "not_positive"), ("- 5", "not_positive"),
    ("-0.01", "not_positive"), ("0", "not_positive"), ("0.00", "not_positive"), ("-0", "not_positive"),
    ("0.001", "decimals"), ("1.005", "decimals"),
    ("", "empty"), ("   ", "empty"), ("元", "empty"),
])
def test_an_amount_that_is_not_plainly_a_number_is_refused_and_named(typed, problem):
    result = parse_yuan(typed, MAX)
    assert result.problem == problem
    if problem:
        assert result.fen is None


def test_a_negative_amount_says_it_must_be_more_than_zero_not_enter_a_number():
    set_locale("en")
    problem = parse_yuan("-5", MAX).problem
    assert amount_message(problem) == "The amount must be more than zero."
    assert amount_message(parse_yuan("five", MAX).problem).startswith("Enter the amount")


def test_the_largest_amount_is_allowed_and_one_fen_more_is_not():
    assert parse_yuan("100.00", 100_00).fen == 100_00
    assert parse_yuan("100.01", 100_00).problem == "too_large"
    assert parse_yuan("9" * 200, 100_00).problem == "too_large"


@pytest.mark.parametrize(("typed", "value"), [
    ("85", "85.00"), ("８５．５", "85.50"), ("1,085.5", "1085.50"), ("1，085.5", "1085.50"), ("72.3 ㎡", "72.30"),
    ("72.3m²", "72.30"), ("72.3 平方米", "72.30"), ("72.3 M2", "72.30"), ("0.01", "0.01"),
])
def test_an_area_is_read_exactly(typed, value):
    assert parse_area(typed).value == Decimal(value)


@pytest.mark.parametrize(("typed", "problem"), [
    ("8²", "format"),  # NFKC would read 82 m²
    ("12 34", "format"), ("٣٤", "format"), ("⑧", "format"), ("-3", "not_positive"), ("－3", "not_positive"),
    ("0.001", "decimals"), ("1e2", "format"),
])
def test_an_area_refuses_what_is_not_plainly_a_number(typed, problem):
    assert parse_area(typed).problem == problem


def test_areas_up_to_the_columns_maximum():
    assert parse_area("99,999,999.99").value == MAX_UNIT_AREA
    assert parse_area("100,000,000").problem == "too_large"
    assert parse_area("999999999999.99", MAX_COMMUNITY_AREA).value == MAX_COMMUNITY_AREA
    assert parse_area("1000000000000", MAX_COMMUNITY_AREA).problem == "too_large"


def test_amounts_and_areas_share_one_reading():
    for typed in ("1,000.5", "１２ ３", "8²", "-1", "0.001"):
        money, area = parse_yuan(typed, MAX), parse_area(typed)
        assert money.problem == area.problem
        assert (money.fen is None) == (area.value is None)


@pytest.mark.parametrize(("typed", "value", "problem"), [
    ("1995", 1995, None), ("１９９５", 1995, None), ("1995年", 1995, None), (" 1995 ", 1995, None),
    ("1995²", None, "format"), ("19 95", None, "format"), ("١٩٩٥", None, "format"), ("1995\n", 1995, None),
    ("1,995", None, "format"), ("-1995", None, "format"), ("01995", None, "range"),
])
def test_a_year_is_four_plain_digits(typed, value, problem):
    result = parse_year(typed, 1900, 2025)
    assert (result.value, result.problem) == (value, problem)


@pytest.mark.parametrize(("typed", "value", "problem"), [
    ("0", 0, None), ("1,200", 1200, None), ("１２", 12, None), ("1.5", None, "decimals"), ("-1", None, "not_positive"),
    ("1²", None, "format"), ("100001", None, "too_large"), ("100000", 100000, None),
])
def test_a_whole_number(typed, value, problem):
    result = parse_whole(typed, maximum=100_000)
    assert (result.value, result.problem) == (value, problem)


def test_places_are_the_callers():
    assert parse_decimal("1.5", places=1, maximum=10).value == Decimal("1.5")
    assert parse_decimal("1.55", places=1, maximum=10).problem == "decimals"
