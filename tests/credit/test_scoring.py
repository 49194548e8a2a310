"""A company's credit score: each rule at its boundary, and against a plain reference on random records."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.credit.cycles import cycle_starting
from app.credit.scoring import (
    BAD_KINDS,
    BLACKLIST,
    BLACKLISTED,
    GOOD_KINDS,
    KINDS,
    TAKEOVER_MODES,
    Record,
    band_of,
    bureau_record,
    complaint_record,
    counts_in,
    fmt_points,
    grade_rank,
    is_below,
    meets_target,
    objection_deadline,
    old_communities_record,
    red_property_record,
    satisfaction_record,
    score,
    service_gaps,
    valid_until,
)
from app.settings import CREDIT_BAD_KINDS, CREDIT_GOOD_KINDS, CREDIT_GRADES, load_settings

SETTINGS = load_settings().credit
CYCLE = cycle_starting(2026)
BANDS = SETTINGS.bands


def record(kind, ref=1, start=date(2026, 3, 1), until=date(2026, 12, 31), **overrides):
    evidence = ("community", ref) if kind not in ("commendation", "penalty", BLACKLIST) else ("document", ref)
    return Record(kind, evidence, start, until, **overrides)


def test_the_default_settings_are_the_documented_scheme():
    assert SETTINGS.base == 700
    assert BANDS == (("AAA", 850), ("AA", 800), ("A", 700), ("B", 600))
    assert SETTINGS.weights["old_community"] == 30  # item 15: 3 points per old community
    assert SETTINGS.caps["old_community"] is None
    assert set(GOOD_KINDS) == set(CREDIT_GOOD_KINDS) and set(BAD_KINDS) == set(CREDIT_BAD_KINDS)


def test_exactly_85_is_aaa_and_84_9_is_aa():
    assert band_of(850, BANDS) == "AAA"
    assert band_of(849, BANDS) == "AA"
    assert band_of(800, BANDS) == "AA" and band_of(799, BANDS) == "A"
    assert band_of(700, BANDS) == "A" and band_of(699, BANDS) == "B"
    assert band_of(600, BANDS) == "B" and band_of(599, BANDS) == "C"
    assert band_of(-250, BANDS) == "C"


@given(st.integers(min_value=-2000, max_value=3000), st.integers(min_value=-2000, max_value=3000))
def test_a_higher_score_never_gets_a_lower_grade(low, high):
    low, high = sorted((low, high))
    assert grade_rank(band_of(high, BANDS)) <= grade_rank(band_of(low, BANDS))


@pytest.mark.parametrize(("count", "points"), [(0, 0), (1, 30), (2, 60), (7, 210)])
def test_each_old_community_managed_in_the_cycle_adds_three_points(count, points):
    result = score([old_communities_record(count, CYCLE)], CYCLE, SETTINGS)
    (line,) = result.lines
    assert (line.kind, line.units, line.points, line.capped) == ("old_community", count, points, False)
    assert line.evidence == ("cycle", "2026") and (line.valid_from, line.valid_until) == (CYCLE.start, CYCLE.end)
    assert result.total == 700 + points


def test_taking_over_counts_contracts_bundles_and_shared_service_not_self_or_unit_management():
    from app.management.logic import MANAGER_MODES

    assert set(TAKEOVER_MODES) == {"professional", "shared_service"} and set(TAKEOVER_MODES) <= set(MANAGER_MODES)


def test_last_years_communities_do_not_count_this_year():
    last_year = cycle_starting(2025)
    result = score([old_communities_record(5, last_year), old_communities_record(2, CYCLE)], CYCLE, SETTINGS)
    assert [line.units for line in result.lines] == [2]
    assert result.total == 760


def test_a_record_counts_when_its_validity_overlaps_the_cycle_by_one_day():
    day_before = record("penalty", start=date(2025, 1, 1), until=date(2025, 12, 31))
    first_day = record("penalty", start=date(2025, 1, 1), until=date(2026, 1, 1))
    last_day = record("penalty", start=date(2026, 12, 31), until=None)
    day_after = record("penalty", start=date(2027, 1, 1), until=None)
    assert not counts_in(day_before, CYCLE)
    assert counts_in(first_day, CYCLE) and counts_in(last_day, CYCLE)
    assert not counts_in(day_after, CYCLE)
    assert score([day_before, day_after], CYCLE, SETTINGS).lines == ()
    assert score([first_day, last_day], CYCLE, SETTINGS).total == 700 - 2 * 50


def test_a_record_is_valid_for_its_days_from_the_day_it_is_entered():
    assert valid_until(date(2026, 3, 1), 365) == date(2027, 2, 28)
    assert valid_until(date(2026, 3, 1), 1) == date(2026, 3, 1)
    with pytest.raises(ValueError):
        valid_until(date(2026, 3, 1), 0)


def test_a_cap_exactly_reached_cuts_nothing_and_one_more_record_counts_nothing():
    # complaint_late: 1 point each, capped at 10 points.
    ten = [record("complaint_late", ref=i) for i in range(10)]
    reached = score(ten, CYCLE, SETTINGS)
    assert reached.total == 600 and not any(line.capped for line in reached.lines)
    exceeded = score([*ten, record("complaint_late", ref=10)], CYCLE, SETTINGS)
    assert exceeded.total == 600
    assert [line.capped for line in exceeded.lines] == [False] * 10 + [True]
    assert (exceeded.lines[-1].points, exceeded.lines[-1].full_points) == (0, -10)


def test_the_record_that_crosses_a_cap_is_cut_to_what_is_left():
    settings = replace(SETTINGS, caps={**SETTINGS.caps, "commendation": 50})
    lines = score([record("commendation", ref=1, units=2), record("commendation", ref=2, units=2)], CYCLE, settings).lines
    assert [(line.points, line.full_points, line.capped) for line in lines] == [(40, 40, False), (10, 40, True)]


def test_the_cap_takes_records_in_date_order_whatever_order_they_come_in():
    early = record("service_gap", ref=9, start=date(2026, 2, 1), units=8)
    late = record("service_gap", ref=1, start=date(2026, 6, 1), units=8)
    for records in ([early, late], [late, early]):
        lines = score(records, CYCLE, SETTINGS).lines
        assert [(line.evidence, line.points) for line in lines] == [(("community", 9), -80), (("community", 1), -20)]


def test_a_bureau_record_is_valid_for_the_set_days_and_a_blacklisting_for_longer():
    penalty = bureau_record("penalty", 31, date(2026, 3, 1), SETTINGS)
    assert (penalty.evidence, penalty.valid_from, penalty.valid_until) == (("document", 31), date(2026, 3, 1), date(2027, 2, 28))
    assert counts_in(penalty, cycle_starting(2027)) and not counts_in(penalty, cycle_starting(2028))
    blacklisting = bureau_record(BLACKLIST, 32, date(2026, 3, 1), SETTINGS)
    assert blacklisting.valid_until == date(2028, 2, 28)  # 730 days
    assert score([blacklisting], cycle_starting(2028), SETTINGS).blacklisted
    assert not score([blacklisting], cycle_starting(2029), SETTINGS).blacklisted
    with pytest.raises(ValueError):
        bureau_record("old_community", 1, date(2026, 3, 1), SETTINGS)


def test_a_blacklisting_overrides_even_aaa():
    records = [old_communities_record(20, CYCLE), record(BLACKLIST, ref=3)]
    result = score(records, CYCLE, SETTINGS)
    assert result.total == 1300 and result.band == "AAA"
    assert result.grade == BLACKLISTED and result.blacklisted
    assert [line.kind for line in result.lines][-1] == BLACKLIST and result.lines[-1].points == 0


def test_on_one_day_the_cap_takes_evidence_by_number():
    lines = score([record("complaint_late", ref=10, units=6), record("complaint_late", ref=9, units=6)], CYCLE,
                  SETTINGS).lines
    assert [(line.evidence[1], line.points) for line in lines] == [(9, -60), (10, -40)]


def test_an_upheld_objection_drops_the_record_a_rejected_or_pending_one_stands():
    upheld = record("penalty", ref=1, objection="upheld")
    rejected = record("penalty", ref=2, objection="rejected")
    pending = record("penalty", ref=3, objection="pending")
    result = score([upheld, rejected, pending], CYCLE, SETTINGS)
    assert result.total == 700 - 100
    assert [(line.evidence[1], line.objection) for line in result.lines] == [(2, "rejected"), (3, "pending")]
    assert result.dropped == (upheld,)


def test_an_upheld_objection_to_a_blacklisting_restores_the_grade():
    result = score([record(BLACKLIST, objection="upheld")], CYCLE, SETTINGS)
    assert result.grade == "A" and not result.blacklisted
    assert score([record(BLACKLIST, objection="pending")], CYCLE, SETTINGS).blacklisted


def test_satisfaction_of_exactly_ninety_percent_meets_the_target():
    assert meets_target(9, 10, 90) and not meets_target(8, 9, 90)  # 88.9%
    assert meets_target(900, 1000, 90) and not meets_target(899, 1000, 90)
    assert satisfaction_record(4, date(2026, 1, 1), date(2026, 3, 31), 9, 10, 90).kind == "satisfaction_met"
    assert satisfaction_record(4, date(2026, 1, 1), date(2026, 3, 31), 8, 9, 90).kind == "satisfaction_below"
    assert satisfaction_record(4, date(2026, 1, 1), date(2026, 3, 31), 0, 0, 90) is None
    with pytest.raises(ValueError):
        meets_target(11, 10, 90)


def test_a_complaint_answered_on_its_last_day_is_on_time():
    due = date(2026, 5, 10)
    assert complaint_record(7, due, due, date(2026, 6, 1), 365) is None
    late = complaint_record(7, due, due + timedelta(days=1), date(2026, 6, 1), 365)
    assert (late.kind, late.evidence, late.valid_from) == ("complaint_late", ("complaint", 7), date(2026, 5, 11))
    assert complaint_record(7, due, None, due, 365) is None  # still within its time
    still_open = complaint_record(7, due, None, due + timedelta(days=1), 365)
    assert (still_open.kind, still_open.valid_from, still_open.valid_until) == (
        "complaint_open", date(2026, 5, 11), date(2027, 5, 10))


def test_a_red_property_designation_counts_from_its_day_while_it_stands():
    red = red_property_record(5, date(2026, 12, 31))
    assert counts_in(red, CYCLE) and not counts_in(red, cycle_starting(2025))
    assert score([red], CYCLE, SETTINGS).total == 750
    assert not counts_in(red_property_record(5, date(2024, 1, 1), date(2025, 12, 31)), CYCLE)


def test_a_gap_is_a_run_of_days_without_a_log_at_least_as_long_as_the_setting():
    first, last = date(2026, 1, 1), date(2026, 3, 31)
    assert service_gaps([], first, last, 30) == [(first, last)]
    # Logs on 1 Jan and 31 Jan: 2–30 Jan is 29 days, no gap; then 1 Feb … 31 Mar is one.
    assert service_gaps([date(2026, 1, 1), date(2026, 1, 31)], first, last, 30) == [(date(2026, 2, 1), last)]
    # 2–31 Jan is exactly 30 days without a log: a gap.
    assert service_gaps([date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 3, 31)], first, last, 30) == [
        (date(2026, 1, 2), date(2026, 1, 31))]
    assert service_gaps([date(2025, 12, 1), date(2026, 4, 1)], first, last, 100) == []  # outside the span


def runs_without_logs(logged, first, last):
    """Every maximal run of days without a log, walking the days one by one."""
    runs, start, day = [], None, first
    while day <= last:
        if day in logged:
            if start is not None:
                runs.append((start, day - timedelta(days=1)))
            start = None
        elif start is None:
            start = day
        day += timedelta(days=1)
    if start is not None:
        runs.append((start, last))
    return runs


@given(st.sets(st.integers(min_value=-10, max_value=120)), st.integers(min_value=1, max_value=40))
def test_gaps_are_exactly_the_long_runs_without_logs(offsets, gap_days):
    first = date(2026, 1, 1)
    last = first + timedelta(days=100)
    days = [first + timedelta(days=offset) for offset in offsets]
    expected = [(start, end) for start, end in runs_without_logs(set(days), first, last)
                if (end - start).days + 1 >= gap_days]
    assert service_gaps(days, first, last, gap_days) == expected


def test_the_bureau_answers_an_objection_within_its_days():
    assert objection_deadline(date(2026, 3, 1), SETTINGS.objection_answer_days) == date(2026, 3, 16)


def test_points_are_written_with_one_decimal():
    assert fmt_points(849) == "84.9" and fmt_points(30, signed=True) == "+3.0"
    assert fmt_points(-5) == "-0.5" and fmt_points(0) == "0.0"


def test_grades_rank_from_aaa_down_to_a_blacklisting():
    assert [grade_rank(g) for g in (*CREDIT_GRADES, BLACKLISTED)] == [0, 1, 2, 3, 4, 5]
    assert is_below("C", "B") and not is_below("B", "B") and is_below(BLACKLISTED, "C")


def test_a_malformed_record_is_refused():
    with pytest.raises(ValueError):
        record("bribe")
    with pytest.raises(ValueError):
        record("penalty", units=-1)
    with pytest.raises(ValueError):
        record("penalty", start=date(2026, 3, 2), until=date(2026, 3, 1))
    with pytest.raises(ValueError):
        record("penalty", objection="maybe")
    with pytest.raises(ValueError):
        Record("penalty", ("rumour", 1), date(2026, 1, 1), None)


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
records = st.builds(
    lambda kind, ref, start, length, units, objection: Record(
        kind, ("period", ref) if isinstance(ref, str) else ("community", ref), start, None if length is None else start + timedelta(days=length), units, objection),
    st.sampled_from(sorted(KINDS)), st.integers(min_value=1, max_value=12) | st.sampled_from(["2026-03", "2026-10"]),
    days,
    st.none() | st.integers(min_value=0, max_value=800), st.integers(min_value=0, max_value=6),
    st.none() | st.sampled_from(["pending", "upheld", "rejected"]),
)
caps = st.none() | st.integers(min_value=0, max_value=200)
weights = st.integers(min_value=0, max_value=100)


def reference(all_records, cycle, settings):
    """The score written out plainly: per kind, the signed sum of weight × units, clipped to the cap."""
    counting = [r for r in all_records if r.objection != "upheld" and r.valid_from <= cycle.end
                and (r.valid_until is None or r.valid_until >= cycle.start)]
    total = settings.base
    for kind in (*GOOD_KINDS, *BAD_KINDS):
        raw = sum(r.units * settings.weights[kind] for r in counting if r.kind == kind)
        cap = settings.caps[kind]
        total += (1 if kind in GOOD_KINDS else -1) * (raw if cap is None else min(raw, cap))
    return total, any(r.kind == BLACKLIST for r in counting)


@given(st.lists(records, max_size=30), st.integers(min_value=2024, max_value=2028),
       st.fixed_dictionaries({kind: weights for kind in (*GOOD_KINDS, *BAD_KINDS)}),
       st.fixed_dictionaries({kind: caps for kind in (*GOOD_KINDS, *BAD_KINDS)}),
       st.integers(min_value=0, max_value=1000))
def test_the_score_is_its_base_plus_its_lines_and_matches_the_reference(all_records, year, weights_, caps_, base):
    settings = replace(SETTINGS, base=base, weights=weights_, caps=caps_)
    cycle = cycle_starting(year)
    result = score(all_records, cycle, settings)
    assert result.total == result.base + sum(line.points for line in result.lines)
    assert (result.total, result.blacklisted) == reference(all_records, cycle, settings)
    assert result.grade == (BLACKLISTED if result.blacklisted else band_of(result.total, BANDS))
    for line in result.lines:
        assert abs(line.points) <= abs(line.full_points)
        assert line.capped == (line.points != line.full_points)
        assert line.objection != "upheld"
    assert len(result.lines) + len(result.dropped) == sum(
        1 for r in all_records if r.valid_from <= cycle.end and (r.valid_until is None or r.valid_until >= cycle.start))


@given(st.lists(records, max_size=20), st.randoms())
def test_the_order_records_come_in_does_not_change_the_score(all_records, rng):
    shuffled = list(all_records)
    rng.shuffle(shuffled)
    assert score(shuffled, CYCLE, SETTINGS) == score(all_records, CYCLE, SETTINGS)
