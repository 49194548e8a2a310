"""The committee rules, each at its boundary: size 5–11 and odd, a term of at most 5 years, the first
meeting within 7 days, filings and change filings within 30 days."""

from datetime import date

import pytest

from app.committees.logic import (
    Warning,
    add_years,
    change_overdue_cutoff,
    filing_overdue_cutoff,
    first_meeting_overdue_cutoff,
    last_term_day,
    member_problems,
    size_ok,
    warnings,
)

ELECTED = date(2026, 3, 1)


def committee(**overrides) -> dict:
    values = {
        "elected_on": ELECTED, "term_start": ELECTED, "term_end": date(2031, 2, 28),
        "first_meeting_on": date(2026, 3, 5), "filed_bureau_on": date(2026, 3, 20),
        "filed_street_on": date(2026, 3, 20), "ended_on": None,
    }
    return values | overrides


def rules(found: list[Warning]) -> dict[str, Warning]:
    return {w.rule: w for w in found}


@pytest.mark.parametrize(("members", "ok"), [(3, False), (4, False), (5, True), (6, False), (7, True), (9, True),
                                             (10, False), (11, True), (12, False), (13, False), (0, False)])
def test_a_committee_has_five_to_eleven_members_an_odd_number(members, ok):
    assert size_ok(members) is ok
    assert ("size" in rules(warnings(committee(), members, [], date(2026, 4, 1)))) is not ok


def test_a_term_of_exactly_five_years_is_allowed_and_one_day_more_warns():
    assert last_term_day(date(2026, 3, 1)) == date(2031, 2, 28)
    assert "term" not in rules(warnings(committee(term_end=date(2031, 2, 28)), 5, [], date(2026, 4, 1)))
    found = rules(warnings(committee(term_end=date(2031, 3, 1)), 5, [], date(2026, 4, 1)))
    assert found["term"].days_over == 1


def test_a_term_from_the_29th_of_february_runs_to_the_27th_five_years_on():
    assert add_years(date(2028, 2, 29), 5) == date(2033, 2, 28)
    assert last_term_day(date(2028, 2, 29)) == date(2033, 2, 27)


def test_the_first_meeting_on_the_seventh_day_is_in_time_and_on_the_eighth_is_one_day_over():
    assert "first_meeting" not in rules(warnings(committee(first_meeting_on=date(2026, 3, 8)), 5, [], date(2026, 5, 1)))
    late = rules(warnings(committee(first_meeting_on=date(2026, 3, 9)), 5, [], date(2026, 5, 1)))["first_meeting"]
    assert (late.days_over, late.pending) == (1, False)


def test_a_first_meeting_not_yet_held_warns_from_the_eighth_day_and_keeps_counting():
    pending = committee(first_meeting_on=None)
    assert "first_meeting" not in rules(warnings(pending, 5, [], date(2026, 3, 8)))
    assert rules(warnings(pending, 5, [], date(2026, 3, 9)))["first_meeting"] == Warning("first_meeting", 1, True)
    assert rules(warnings(pending, 5, [], date(2026, 3, 18)))["first_meeting"].days_over == 10
    assert first_meeting_overdue_cutoff(date(2026, 3, 9)) == date(2026, 3, 2)  # elected before it: overdue


@pytest.mark.parametrize("rule", ["filing_bureau", "filing_street"])
def test_a_filing_on_the_thirtieth_day_is_in_time_and_on_the_thirty_first_is_one_day_over(rule):
    column = "filed_bureau_on" if rule == "filing_bureau" else "filed_street_on"
    assert rule not in rules(warnings(committee(**{column: date(2026, 3, 31)}), 5, [], date(2026, 6, 1)))
    assert rules(warnings(committee(**{column: date(2026, 4, 1)}), 5, [], date(2026, 6, 1)))[rule].days_over == 1
    unfiled = committee(**{column: None})
    assert rule not in rules(warnings(unfiled, 5, [], date(2026, 3, 31)))
    assert rules(warnings(unfiled, 5, [], date(2026, 4, 1)))[rule] == Warning(rule, 1, True)


def test_the_sql_cutoffs_agree_with_the_rules():
    # Elected before the cutoff ⇔ the pending warning shows on that day.
    day = date(2026, 4, 1)
    assert filing_overdue_cutoff(day) == date(2026, 3, 2)
    assert ELECTED < filing_overdue_cutoff(day)
    assert not ELECTED < filing_overdue_cutoff(date(2026, 3, 31))
    assert change_overdue_cutoff(day) == date(2026, 3, 2)


def test_a_change_filed_within_thirty_days_is_in_time_and_later_warns_naming_the_change():
    changed = date(2026, 6, 1)
    in_time = [{"changed_on": changed, "filed_on": date(2026, 7, 1)}]
    assert "change_filing" not in rules(warnings(committee(), 5, in_time, date(2026, 9, 1)))
    late = [{"changed_on": changed, "filed_on": date(2026, 7, 2)}]
    assert rules(warnings(committee(), 5, late, date(2026, 9, 1)))["change_filing"] == Warning(
        "change_filing", 1, False, since=changed)
    unfiled = [{"changed_on": changed, "filed_on": None}]
    assert "change_filing" not in rules(warnings(committee(), 5, unfiled, date(2026, 7, 1)))
    assert rules(warnings(committee(), 5, unfiled, date(2026, 7, 3)))["change_filing"].days_over == 2


def test_a_term_that_has_ended_warns_until_a_new_committee_is_installed():
    assert "term_expired" not in rules(warnings(committee(), 5, [], date(2031, 2, 28)))
    assert rules(warnings(committee(), 5, [], date(2031, 3, 1)))["term_expired"].days_over == 1
    replaced = committee(ended_on=date(2031, 3, 1), first_meeting_on=None)
    found = rules(warnings(replaced, 5, [], date(2031, 6, 1)))
    assert "term_expired" not in found
    # A pending deadline stops counting when the committee ends.
    assert found["first_meeting"].days_over == (date(2031, 3, 1) - date(2026, 3, 8)).days


def test_an_owner_holds_one_seat_and_there_is_one_chair_and_one_vice_chair():
    one = {"owner_id": 1, "household_id": 1, "post": "chair"}
    assert member_problems([one, {"owner_id": 2, "household_id": 2, "post": "vice_chair"}]) == []
    assert member_problems([one, {"owner_id": 1, "household_id": 3, "post": "member"}]) == ["duplicate"]
    assert member_problems([one, {"owner_id": 2, "household_id": 2, "post": "chair"}]) == ["two_chair"]
