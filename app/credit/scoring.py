"""A property company's credit score (信用分) for a cycle, line by line. Pure.

Item 15 of the Qinghai policy: taking over an old community adds 3 points, recomputed every year from
the number of old communities the company then manages. Around it, domain.md's scheme: base +
good-behaviour points − deductions, each from a record with a validity window, capped per kind, graded
in bands (AAA ≥ 85, AA ≥ 80, A ≥ 70, B ≥ 60, C below, all settings), and a blacklist that overrides
the grade.

- Every figure is an integer of **tenths of a point** (84.9 points = 849); nothing goes through a float.
- A record **counts in a cycle when its validity window overlaps the cycle** (shares at least one day
  with it; both ends inclusive). A penalty entered in March counts in that year's score and, valid for
  365 days, in the next year's too; a record whose last valid day is the day before the cycle does not.
- A kind's cap bounds what all its lines together add (or deduct) in the cycle. Lines are taken in a
  fixed order (validity start, evidence, record) and the one that reaches the cap is cut to what is
  left; the lines after it count nothing. Each keeps its full points beside, marked ``capped``.
- An objection (异议) the bureau upheld drops its record (listed under ``dropped``); a rejected one
  stands; a pending one stands, marked, until the bureau answers.
- The score is ``base + Σ line points``, exactly: the lines explain the whole score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.credit.cycles import Cycle
from app.i18n import lazy
from app.management.logic import SHARED_SERVICE
from app.settings import CREDIT_GRADES, CreditSettings

GOOD_KINDS = {
    "old_community": lazy("Old communities managed (item 15)"),
    "red_property": lazy("Red property company"),
    "satisfaction_met": lazy("Satisfaction reached the target"),
    "commendation": lazy("Commendation by the housing bureau"),
}
BAD_KINDS = {
    "satisfaction_below": lazy("Satisfaction under the target"),
    "complaint_late": lazy("Complaint answered late"),
    "complaint_open": lazy("Complaint left open past its deadline"),
    "service_gap": lazy("Gap in the service log"),
    "penalty": lazy("Penalty by the housing bureau"),
}
BLACKLIST = "blacklist"  # no points: it overrides the grade
KINDS = {**GOOD_KINDS, **BAD_KINDS, BLACKLIST: lazy("Blacklisted")}

BLACKLISTED = "blacklisted"  # the grade of a blacklisted company, whatever its points
GRADE_LABELS = {grade: grade for grade in CREDIT_GRADES} | {BLACKLISTED: lazy("Blacklisted")}

OBJECTION_STATES = {
    "pending": lazy("Objection awaiting the bureau's answer"),
    "upheld": lazy("Objection upheld: the record no longer counts"),
    "rejected": lazy("Objection rejected: the record stands"),
}

# Item 15's "taking over" an old community: a company serving it under a contract (bundles are
# professional arrangements with a bundle) or lending its staff to it (shared service, 套管).
TAKEOVER_MODES = ("professional", SHARED_SERVICE)

EVIDENCE_TYPES = ("cycle", "community", "complaint", "company", "period", "document")


@dataclass(frozen=True)
class Record:
    """One fact that earns or costs points. ``evidence`` names what shows it (("community", 12),
    ("complaint", 7), ("period", "2026-03")); ``valid_until`` None is open-ended (a red-property
    designation stands until withdrawn). ``units``: how many times the weight applies (communities,
    complaints)."""

    kind: str
    evidence: tuple[str, int | str | None]
    valid_from: date
    valid_until: date | None
    units: int = 1
    objection: str | None = None  # None or a key of OBJECTION_STATES
    record_id: int | None = None  # the stored record's id, when it is one

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown credit record kind {self.kind!r}")
        if self.evidence[0] not in EVIDENCE_TYPES:
            raise ValueError(f"unknown evidence type {self.evidence[0]!r}")
        if type(self.units) is not int or self.units < 0:
            raise ValueError("a record's units are a whole number, at least 0")
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("a record's validity cannot end before it starts")
        if self.objection is not None and self.objection not in OBJECTION_STATES:
            raise ValueError(f"unknown objection state {self.objection!r}")


@dataclass(frozen=True)
class Line:
    """What one record contributes: ``points`` signed, after the cap; ``full_points`` before it."""

    kind: str
    points: int
    full_points: int
    units: int
    evidence: tuple[str, int | str | None]
    valid_from: date
    valid_until: date | None
    objection: str | None
    record_id: int | None

    @property
    def capped(self) -> bool:
        return self.points != self.full_points


@dataclass(frozen=True)
class Score:
    cycle: Cycle
    base: int
    lines: tuple[Line, ...]
    total: int  # base + Σ line points
    band: str  # the grade the points give
    grade: str  # ``band``, or BLACKLISTED
    dropped: tuple[Record, ...] = field(default=())  # records whose objection was upheld

    @property
    def blacklisted(self) -> bool:
        return self.grade == BLACKLISTED


def sign(kind: str) -> int:
    return 1 if kind in GOOD_KINDS else -1 if kind in BAD_KINDS else 0


def counts_in(record: Record, cycle: Cycle) -> bool:
    """A record counts in every cycle its validity window overlaps (module docstring)."""
    return cycle.overlaps(record.valid_from, record.valid_until)


def valid_until(day: date, days: int) -> date:
    """The last valid day of a record entered on ``day`` and valid ``days`` days (day itself included)."""
    if days < 1:
        raise ValueError("a record is valid at least one day")
    return day + timedelta(days=days - 1)


def band_of(total: int, bands: Iterable[tuple[str, int]]) -> str:
    """The first grade whose lowest score ``total`` reaches (bands highest first), else C."""
    for grade, lowest in bands:
        if total >= lowest:
            return grade
    return CREDIT_GRADES[-1]


def grade_rank(grade: str) -> int:
    """0 for AAA, growing as grades fall; a blacklisting ranks below C."""
    return len(CREDIT_GRADES) if grade == BLACKLISTED else CREDIT_GRADES.index(grade)


def grade_rank_sql(column: str) -> str:
    """``grade_rank`` of an SQL ``column`` holding a grade, as one CASE from the same order (NULL for
    anything else), so a query compares grades as ``is_below`` does."""
    whens = " ".join(f"WHEN '{grade}' THEN {grade_rank(grade)}" for grade in (*CREDIT_GRADES, BLACKLISTED))
    return f"(CASE {column} {whens} END)"


def is_below(grade: str, threshold: str) -> bool:
    """Whether ``grade`` is worse than ``threshold`` (the company flag's setting)."""
    return grade_rank(grade) > grade_rank(threshold)


def _order(record: Record) -> tuple:
    """Date, then evidence (ids by number: community 9 before community 10), then the rest, so that
    records may come in any order and still meet a cap the same way."""
    kind, ref = record.evidence
    ref_key = (0, ref, "") if type(ref) is int else (1, 0, "" if ref is None else str(ref))
    return (record.valid_from, kind, ref_key, record.record_id or 0, record.units,
            record.valid_until or date.max, record.objection or "")


def lines_of(records: Iterable[Record], settings: CreditSettings) -> list[Line]:
    """The lines of records that count (filtered by the caller or ``score``), capped per kind, in
    KINDS order then the fixed order of ``_order``."""
    by_kind: dict[str, list[Record]] = {}
    for record in records:
        by_kind.setdefault(record.kind, []).append(record)
    lines = []
    for kind in KINDS:
        cap = settings.caps.get(kind)
        left = cap
        for record in sorted(by_kind.get(kind, []), key=_order):
            full = record.units * settings.weights.get(kind, 0)
            got = full if left is None else min(full, left)
            if left is not None:
                left -= got
            lines.append(Line(
                kind=kind, points=sign(kind) * got, full_points=sign(kind) * full, units=record.units,
                evidence=record.evidence, valid_from=record.valid_from, valid_until=record.valid_until,
                objection=record.objection, record_id=record.record_id,
            ))
    return lines


def score(records: Iterable[Record], cycle: Cycle, settings: CreditSettings) -> Score:
    """The company's score for ``cycle`` from all its records: those outside the cycle are left out,
    those whose objection was upheld are dropped, the rest become lines."""
    counting, dropped = [], []
    for record in records:
        if not counts_in(record, cycle):
            continue
        (dropped if record.objection == "upheld" else counting).append(record)
    lines = tuple(lines_of(counting, settings))
    total = settings.base + sum(line.points for line in lines)
    band = band_of(total, settings.bands)
    blacklisted = any(line.kind == BLACKLIST for line in lines)
    return Score(cycle=cycle, base=settings.base, lines=lines, total=total, band=band,
                 grade=BLACKLISTED if blacklisted else band, dropped=tuple(sorted(dropped, key=_order)))


def old_communities_record(count: int, cycle: Cycle) -> Record:
    """Item 15's line: +weight for each old community the company managed in the cycle.

    ``count`` is the caller's: the distinct old communities (built up to ``old_built_by_year``) whose
    manager, by the one rule (``management.logic.manager_on``; ``management.queries.managers`` in
    SQL), was this company in a TAKEOVER_MODES mode on at least one day of the cycle. Counted afresh
    each cycle, so a company that lets one go loses its 3 points the next year. Zero communities still
    give a line (of 0 points) so the score says so."""
    return Record("old_community", ("cycle", cycle.label), cycle.start, cycle.end, units=count)


BUREAU_KINDS = ("commendation", "penalty", BLACKLIST)  # entered by the bureau, each with a document as evidence


def bureau_record(kind: str, document_id: int, day: date, settings: CreditSettings) -> Record:
    """A commendation, penalty or blacklisting the bureau enters on ``day`` with its document: valid
    ``validity_days`` from that day (a blacklisting ``blacklist_days``)."""
    if kind not in BUREAU_KINDS:
        raise ValueError(f"the bureau does not enter {kind!r} records")
    days = settings.blacklist_days if kind == BLACKLIST else settings.validity_days
    return Record(kind, ("document", document_id), day, valid_until(day, days))


def red_property_record(company_id: int, since: date, until: date | None = None) -> Record:
    """A red-property designation (红色物业) counts from the day it was made while it stands."""
    return Record("red_property", ("company", company_id), since, until)


def meets_target(satisfied: int, rated: int, percent: int) -> bool:
    """Satisfaction reaches the target (item 3: 90%) when satisfied ÷ rated ≥ percent, in integers:
    9 of 10 is exactly 90% and meets it. Nothing rated meets nothing and misses nothing: callers make
    no line (``satisfaction_record``) and raise no flag for it."""
    if satisfied < 0 or rated < 0 or satisfied > rated:
        raise ValueError("satisfied ratings are between 0 and the number rated")
    return 100 * satisfied >= percent * rated


def satisfaction_record(community_id: int, first: date, last: date, satisfied: int, rated: int,
                        percent: int) -> Record | None:
    """One community's satisfaction over a rating period (``first`` … ``last``): a good line when it
    met the target, a deduction when under it, none when nobody rated."""
    if rated == 0:
        return None
    kind = "satisfaction_met" if meets_target(satisfied, rated, percent) else "satisfaction_below"
    return Record(kind, ("community", community_id), first, last)


def complaint_record(complaint_id: int, due_on: date, answered_on: date | None, as_of: date,
                     validity_days: int) -> Record | None:
    """A complaint answered after its deadline (``complaint_late``, from the day it was answered) or
    still open after it on ``as_of`` (``complaint_open``, from the day after the deadline); valid
    ``validity_days`` from then. Answered on its last day is on time."""
    if answered_on is not None:
        if answered_on <= due_on:
            return None
        return Record("complaint_late", ("complaint", complaint_id), answered_on, valid_until(answered_on, validity_days))
    if as_of <= due_on:
        return None
    overdue_from = due_on + timedelta(days=1)
    return Record("complaint_open", ("complaint", complaint_id), overdue_from, valid_until(overdue_from, validity_days))


def service_gaps(log_days: Iterable[date], first: date, last: date, gap_days: int) -> list[tuple[date, date]]:
    """The gaps in one community's service log over ``first`` … ``last`` (the span the company managed
    it, within the cycle): each run of at least ``gap_days`` consecutive days without a log, as its
    first and last day. The SQL that finds gaps for every company is held to this."""
    if gap_days < 1:
        raise ValueError("a gap is at least one day")
    gaps = []
    previous = first - timedelta(days=1)  # the day before the span counts as logged
    for day in sorted({d for d in log_days if first <= d <= last}) + [last + timedelta(days=1)]:
        if (day - previous).days - 1 >= gap_days:
            gaps.append((previous + timedelta(days=1), day - timedelta(days=1)))
        previous = day
    return gaps


def objection_deadline(filed_on: date, days: int) -> date:
    """The last day for the bureau to answer an objection filed on ``filed_on``."""
    return filed_on + timedelta(days=days)


def fmt_points(tenths: int, *, signed: bool = False) -> str:
    """Tenths of a point as the pages write them: 849 → "84.9", with ``signed`` +30 → "+3.0"."""
    whole, tenth = divmod(abs(tenths), 10)
    mark = "-" if tenths < 0 else ("+" if signed else "")
    return f"{mark}{whole}.{tenth}"
