"""Flags: each condition at its boundary, and a scan that raises, clears and, run twice, changes nothing."""

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.credit.scoring import BLACKLISTED
from app.flags.rules import (
    FLAG_KINDS,
    Flag,
    acknowledge,
    apply,
    committee_filing_overdue,
    committee_possible,
    committee_size_wrong,
    committee_term_over,
    company_grade_low,
    contract_state,
    no_service,
    reconcile,
    satisfaction_low,
)
from app.i18n import gettext, set_locale
from app.settings import load_settings

TODAY = date(2026, 12, 3)
NOW = datetime(2026, 12, 3, 1, 0, tzinfo=timezone.utc)
LATER = NOW + timedelta(days=1)


def test_the_kinds_are_the_issues_list_with_their_subjects_and_settings():
    assert list(FLAG_KINDS) == [
        "no_arrangement", "contract_ending", "contract_lapsed", "no_service", "satisfaction_low",
        "committee_missing", "committee_term_over", "committee_filing_overdue", "committee_size",
        "fund_under_line", "complaint_overdue", "company_grade_low",
    ]
    assert FLAG_KINDS["company_grade_low"].subject == "company"
    assert FLAG_KINDS["complaint_overdue"].subject == "complaint"
    assert FLAG_KINDS["committee_size"].subject == "committee"
    settings = load_settings()
    for kind in FLAG_KINDS.values():
        for name in kind.settings:
            section, field = name.split(".")
            assert hasattr(getattr(settings, section), field)


def test_every_kind_is_labelled_in_chinese():
    set_locale("zh_CN")
    try:
        for kind in FLAG_KINDS.values():
            assert gettext(kind.label) != kind.label and gettext(kind.condition) != kind.condition
    finally:
        set_locale("en")


def test_a_contract_ending_in_exactly_sixty_days_is_flagged_and_in_sixty_one_is_not():
    assert contract_state(TODAY + timedelta(days=60), TODAY, 60) == "ending"
    assert contract_state(TODAY + timedelta(days=61), TODAY, 60) is None
    assert contract_state(TODAY, TODAY, 60) == "ending"  # its last day: still in force
    assert contract_state(TODAY - timedelta(days=1), TODAY, 60) == "lapsed"
    assert contract_state(None, TODAY, 60) is None


def test_an_early_end_counts_as_the_last_day_and_a_recorded_successor_ends_nothing():
    contract_end = TODAY + timedelta(days=400)
    assert contract_state(contract_end, TODAY, 60, end_date=TODAY + timedelta(days=60)) == "ending"
    assert contract_state(contract_end, TODAY, 60, end_date=TODAY + timedelta(days=61)) is None
    assert contract_state(None, TODAY, 60, end_date=TODAY) == "ending"  # open-ended, but an end is recorded
    assert contract_state(TODAY + timedelta(days=10), TODAY, 60, successor=True) is None
    assert contract_state(TODAY - timedelta(days=1), TODAY, 60, successor=True) == "lapsed"


def test_a_committee_is_possible_from_the_smallest_size_the_rules_allow():
    assert not committee_possible(4) and committee_possible(5)


def test_no_service_counts_whole_days_since_the_last_log_or_the_takeover():
    since = date(2026, 1, 1)
    assert not no_service(TODAY - timedelta(days=30), since, TODAY, 30)
    assert no_service(TODAY - timedelta(days=31), since, TODAY, 30)
    # A new manager, nothing logged yet: counted from its first day, not from the old manager's log.
    new_since = TODAY - timedelta(days=10)
    assert not no_service(None, new_since, TODAY, 30)
    assert not no_service(date(2025, 5, 1), new_since, TODAY, 30)
    assert no_service(None, TODAY - timedelta(days=31), TODAY, 30)


def test_satisfaction_of_exactly_ninety_percent_raises_nothing():
    assert not satisfaction_low(9, 10, 90)
    assert satisfaction_low(8, 9, 90)
    assert not satisfaction_low(0, 0, 90)  # nobody rated


def test_committee_conditions_follow_the_committee_rules():
    assert [n for n in range(3, 14) if committee_size_wrong(n)] == [3, 4, 6, 8, 10, 12, 13]
    assert not committee_term_over(TODAY, TODAY) and committee_term_over(TODAY - timedelta(days=1), TODAY)
    elected = TODAY - timedelta(days=30)
    assert not committee_filing_overdue(elected, None, None, TODAY)  # the 30th day: still in time
    assert committee_filing_overdue(elected - timedelta(days=1), None, None, TODAY)
    assert committee_filing_overdue(elected - timedelta(days=1), TODAY, None, TODAY)  # the street not yet
    assert not committee_filing_overdue(elected - timedelta(days=1), TODAY, TODAY, TODAY)
    # A change of members has its own 30 days (the street's "filings overdue" list counts both).
    assert not committee_filing_overdue(elected, TODAY, TODAY, TODAY, TODAY - timedelta(days=30))
    assert committee_filing_overdue(elected, TODAY, TODAY, TODAY, TODAY - timedelta(days=31))


def test_a_company_under_the_set_grade_or_blacklisted_is_flagged():
    assert company_grade_low("C", "B") and not company_grade_low("B", "B")
    assert company_grade_low(BLACKLISTED, "B") and company_grade_low(BLACKLISTED, "AAA") is True
    assert not company_grade_low("AAA", "B")


def flag(id, kind="no_arrangement", subject=1, raised=NOW, **more):
    return Flag(id=id, kind=kind, subject_id=subject, raised_at=raised, **more)


def test_a_new_condition_raises_a_flag_and_a_gone_one_clears_it():
    plan = reconcile({("no_arrangement", 1), ("no_service", 2)}, [flag(7, subject=3)], NOW)
    assert plan.raise_ == (("no_arrangement", 1), ("no_service", 2))
    assert plan.clear == (7,) and plan.stay == () and plan.at == NOW


def test_a_flag_whose_cause_remains_stays_with_its_time_and_acknowledgement():
    seen = acknowledge(flag(7), NOW, "  street office calling the owners  ")
    assert seen.note == "street office calling the owners" and seen.acknowledged_at == NOW
    plan = reconcile({("no_arrangement", 1)}, [seen], LATER)
    assert plan.changes_nothing and plan.stay == (7,)
    assert apply(plan, [seen], []) == [seen]


def test_an_acknowledged_flag_clears_once_its_cause_is_gone():
    seen = acknowledge(flag(7), NOW, "assigning a company")
    plan = reconcile(set(), [seen], LATER)
    assert plan.clear == (7,)
    assert apply(plan, [seen], []) == []


def test_a_cause_that_returns_after_clearing_raises_a_new_flag():
    plan = reconcile(set(), [flag(7)], NOW)
    after = apply(plan, [flag(7)], [])
    again = reconcile({("no_arrangement", 1)}, after, LATER)
    assert again.raise_ == (("no_arrangement", 1),)
    (new,) = apply(again, after, [8])
    assert (new.id, new.raised_at, new.acknowledged_at) == (8, LATER, None)


def test_a_scan_of_some_kinds_leaves_the_others_alone():
    others = flag(7, kind="committee_size", subject=4)
    plan = reconcile({("no_service", 2)}, [others, flag(8)], NOW, checked=["no_service", "no_arrangement"])
    assert plan.stay == (7,) and plan.clear == (8,) and plan.raise_ == (("no_service", 2),)
    with pytest.raises(ValueError, match="did not check"):
        reconcile({("committee_size", 4)}, [], NOW, checked=["no_service"])
    with pytest.raises(ValueError, match="unknown"):
        reconcile(set(), [], NOW, checked=["weather"])


def test_of_two_open_flags_for_one_cause_the_older_stays():
    older, newer = flag(9, raised=NOW - timedelta(days=2)), flag(3, raised=NOW)
    plan = reconcile({("no_arrangement", 1)}, [newer, older], NOW)
    assert plan.stay == (9,) and plan.clear == (3,) and plan.raise_ == ()


conditions = st.sets(st.tuples(st.sampled_from(sorted(FLAG_KINDS)), st.integers(min_value=1, max_value=6)), max_size=15)
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=timezone.utc))


@st.composite
def open_flag_lists(draw):
    causes = draw(st.lists(st.tuples(st.sampled_from(sorted(FLAG_KINDS)), st.integers(min_value=1, max_value=6)),
                           max_size=15))
    flags = []
    for number, (kind, subject) in enumerate(causes, start=1):
        acknowledged = draw(st.none() | moments)
        flags.append(Flag(number, kind, subject, draw(moments), acknowledged, "noted" if acknowledged else ""))
    return flags


@settings(suppress_health_check=[HealthCheck.too_slow])  # a busy shared machine, not a slow strategy
@given(conditions, open_flag_lists(), st.none() | st.sets(st.sampled_from(sorted(FLAG_KINDS)), min_size=1))
def test_a_second_scan_changes_nothing_and_the_open_flags_are_the_true_conditions(true_now, flags, checked):
    if checked is not None:
        true_now = {condition for condition in true_now if condition[0] in checked}
    kinds = set(FLAG_KINDS) if checked is None else checked
    plan = reconcile(true_now, flags, NOW, checked)
    after = apply(plan, flags, range(1000, 2000))
    second = reconcile(true_now, after, LATER, checked)
    assert second.changes_nothing
    assert apply(second, after, range(2000, 3000)) == after
    # Each true condition has exactly one open flag; checked kinds have no others; unchecked are untouched.
    open_checked = [f.condition for f in after if f.kind in kinds]
    assert sorted(open_checked) == sorted(true_now)
    assert [f for f in after if f.kind not in kinds] == [f for f in flags if f.kind not in kinds]
    # A flag that stays keeps its raise time and acknowledgement.
    before = {f.id: f for f in flags}
    for f in after:
        assert f.id not in before or before[f.id] == f
    assert set(plan.stay) | set(plan.clear) == set(before) and not set(plan.stay) & set(plan.clear)
