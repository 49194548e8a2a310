"""The register's values as people type them: areas, years, phones, codes; and the plan's 15% rule."""

from decimal import Decimal

import pytest

from app.communities.forms import check_community_fields, check_household_fields
from app.communities.logic import (
    MAX_UNIT_AREA,
    community_code_problem,
    normalise_owner_phone,
    parse_area,
    parse_renovation_status,
    parse_year,
    summarise_plan,
)


@pytest.mark.parametrize("typed, value", [
    ("85", "85.00"), ("85.5", "85.50"), ("85.55", "85.55"), ("1,085.50", "1085.50"), ("１２.５", "12.50"),
    (" 72.3 ㎡", "72.30"), ("0.01", "0.01"), ("99999999.99", "99999999.99"),
])
def test_an_area_is_kept_exactly_as_typed(typed, value):
    result = parse_area(typed)
    assert result.problem is None and result.value == Decimal(value)
    assert isinstance(result.value, Decimal)


@pytest.mark.parametrize("typed, problem", [
    ("", "empty"), ("85.123", "decimals"), ("85.500", "decimals"), ("0", "not_positive"), ("0.00", "not_positive"),
    ("-3", "not_positive"), ("abc", "format"), ("1e5", "format"), ("85.", "format"), ("1,00", "format"),
    ("100000000", "too_large"), ("9" * 400, "too_large"), ("NaN", "format"), ("Infinity", "format"),
])
def test_an_area_that_is_not_exact_or_not_positive_is_refused(typed, problem):
    assert parse_area(typed).problem == problem


def test_the_largest_unit_area_fits_the_column():
    assert parse_area("99999999.99").value == MAX_UNIT_AREA
    assert parse_area("99999999.99", maximum=Decimal("1000")).problem == "too_large"


@pytest.mark.parametrize("typed, problem", [
    ("1900", None), ("2025", None), ("1899", "range"), ("2026", "range"), ("19950", "range"), ("1995年", None), ("95", "range"),
    ("一九九五", "format"), ("", "empty"), ("1995.5", "format"),
])
def test_a_year_must_be_four_digits_inside_the_range(typed, problem):
    assert parse_year(typed, 1900, 2025).problem == problem


@pytest.mark.parametrize("typed, stored", [
    ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("138-1234-5678", "13812345678"),
    ("+86 138 1234 5678", "13812345678"), ("0971-8123456", "09718123456"), ("(0971) 812 3456", "09718123456"),
    ("8123456", "8123456"), ("１３８１２３４５６７８", "13812345678"),
])
def test_an_owners_phone_is_kept_as_digits_so_one_owner_is_found_again(typed, stored):
    assert normalise_owner_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12812345678", "1381234567", "138123456789", "12345", "phone", "0971", "13812345678x"])
def test_a_phone_that_is_not_a_mobile_or_a_landline_is_refused(typed):
    assert normalise_owner_phone(typed) is None


@pytest.mark.parametrize("code, problem", [
    ("630102001001001", None), ("630102001001999", None), ("", "empty"), ("63010200100100", "format"),
    ("6301020010010011", "format"), ("63010200100100A", "format"), ("630102001000001", "region"),
    ("630102000001001", "region"), ("630102001001000", "sequence"),
])
def test_a_community_code_is_a_residents_community_code_and_a_sequence(code, problem):
    assert community_code_problem(code) == problem


def test_renovation_status_words_from_a_spreadsheet():
    assert parse_renovation_status("") == "none"
    assert parse_renovation_status("计划改造") == "planned"
    assert parse_renovation_status("已完成") == "completed"
    assert parse_renovation_status("in_progress") == "in_progress"
    assert parse_renovation_status("maybe") is None


def _community(**overrides):
    values = {"code": "630102001001101", "name": "幸福小区", "year_built": "1998", "total_area": "1000",
              "renovation_year": "", "renovation_status": "none"}
    values.update(overrides)
    return check_community_fields(values, 2025, with_code=True)


def test_a_renovation_year_and_status_go_together():
    assert _community(renovation_year="2024", renovation_status="planned")[1] == {}
    assert "renovation_year" in _community(renovation_status="planned")[1]
    assert "renovation_status" in _community(renovation_year="2024")[1]


def test_a_renovation_year_lies_between_the_year_built_and_ten_years_ahead():
    assert _community(renovation_year="2035", renovation_status="planned")[1] == {}
    assert "renovation_year" in _community(renovation_year="2036", renovation_status="planned")[1]
    assert "renovation_year" in _community(renovation_year="1997", renovation_status="completed")[1]


def test_a_household_is_owned_or_the_developers_unsold_stock():
    clean, errors = check_household_fields({"unit_number": "1-101", "floor_area": "85.5", "is_developer_stock": True})
    assert errors == {} and clean["owner_name"] == "" and clean["is_developer_stock"] is True
    _, errors = check_household_fields({"unit_number": "1-101", "floor_area": "85.5", "is_developer_stock": True, "owner_name": "开发商"})
    assert "owner_name" in errors
    _, errors = check_household_fields({"unit_number": "1-101", "floor_area": "85.5"})
    assert set(errors) == {"owner_name", "owner_phone"}


@pytest.mark.parametrize("band, total, exceeded", [(15, 100, False), (16, 100, True), (0, 0, False), (3, 20, False), (4, 20, True)])
def test_the_2001_to_2005_share_may_reach_15_percent_but_not_exceed_it(band, total, exceeded):
    communities = [(2003, band), (1995, total - band)]
    summary = summarise_plan(communities, 2000, 2005, 15)
    assert summary.households == total and summary.band_households == band
    assert summary.exceeded is exceeded


def test_communities_built_after_2005_are_left_out_of_the_plans_figures():
    summary = summarise_plan([(1995, 85), (2005, 15), (2006, 1000)], 2000, 2005, 15)
    assert summary.households == 100 and summary.ineligible == 1 and not summary.exceeded
    assert summarise_plan([(2000, 85), (2001, 15)], 2000, 2005, 15).old_households == 85
