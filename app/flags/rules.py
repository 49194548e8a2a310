"""Flags (预警): the conditions a daily scan looks for, and how a scan raises and clears flags. Pure.

A scan finds the conditions true today as (kind, subject id) pairs, set-based in SQL, and hands them
with the open flags to ``reconcile``, which says what to raise, what to clear and what stays:

- a condition true with no open flag raises one (raised now);
- an open flag whose condition is no longer true is cleared (cleared now), acknowledged or not: an
  acknowledgement (with its note) keeps a flag on the lists, marked, until its cause is gone;
- an open flag whose condition is still true stays as it is (its raise time and acknowledgement kept);
- a kind the scan did not check is left alone, so a scan of some kinds clears nothing of the others;
- two open flags for one condition (two scans at once) are one too many: the older stays.

Running a scan twice changes nothing the second time (``reconcile`` after ``apply`` is a fixpoint).
Each kind's condition is stated beside it; those that are a rule of another domain name that rule
(a committee's size and filing deadline are committees.logic's, the fund's 30% line funds.shares',
satisfaction against the target credit.scoring's), so the scan's SQL and the pages agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime

from app.committees.logic import MIN_MEMBERS, change_overdue_cutoff, filing_overdue_cutoff, size_ok
from app.credit.scoring import is_below, meets_target
from app.i18n import lazy

COMMUNITY, COMMITTEE, COMPLAINT, COMPANY = "community", "committee", "complaint", "company"


@dataclass(frozen=True)
class FlagKind:
    code: str
    subject: str  # what the flag links to: COMMUNITY, COMMITTEE, COMPLAINT or COMPANY
    label: str  # lazy
    condition: str  # lazy: when it is raised, for the settings page and the flag's page
    settings: tuple[str, ...] = ()  # "section.field" of the settings it reads


_KINDS = (
    FlagKind("no_arrangement", COMMUNITY, lazy("No active management arrangement"),
             lazy("Nobody manages the community today: no arrangement and no shared service.")),
    FlagKind("contract_ending", COMMUNITY, lazy("Contract ending soon"),
             lazy("The company's service ends within the set number of days and no next manager is recorded."),
             ("flags.contract_ending_days",)),
    FlagKind("contract_lapsed", COMMUNITY, lazy("Contract lapsed"),
             lazy("The company still serves the community after its contract's last day.")),
    FlagKind("no_service", COMMUNITY, lazy("No service logged"),
             lazy("No service logged in the community for the set number of whole days."),
             ("flags.no_service_days",)),
    FlagKind("satisfaction_low", COMMUNITY, lazy("Satisfaction under target"),
             lazy("Residents' satisfaction in the last rating period was under the target (item 3)."),
             ("policy.satisfaction_target_percent",)),
    FlagKind("committee_missing", COMMUNITY, lazy("No owner committee"),
             lazy("The community has no owner committee in office although it has enough households for one (item 14).")),
    FlagKind("committee_term_over", COMMITTEE, lazy("Committee term over"),
             lazy("The owner committee's term has ended and no new committee has taken over.")),
    FlagKind("committee_filing_overdue", COMMITTEE, lazy("Committee filing overdue"),
             lazy("The committee, or a change of its members, was not filed with the bureau and the street within 30 days.")),
    FlagKind("committee_size", COMMITTEE, lazy("Committee size out of rule"),
             lazy("The committee has an even number of members, or fewer than 5 or more than 11.")),
    FlagKind("fund_under_line", COMMUNITY, lazy("Fund balances under the top-up line"),
             lazy("Households of the community hold less than 30 percent of their first deposit and must top up.")),
    FlagKind("complaint_overdue", COMPLAINT, lazy("Complaint overdue"),
             lazy("A complaint has had no answer past its deadline.")),
    FlagKind("company_grade_low", COMPANY, lazy("Company under the credit grade"),
             lazy("The company's credit grade is under the set grade, or it is blacklisted."),
             ("flags.company_grade_below",)),
)
FLAG_KINDS = {kind.code: kind for kind in _KINDS}

Condition = tuple[str, int]  # (kind, subject id)


# The conditions that are dates and counts, for the scan's SQL to follow and its tests to compare with.

def contract_state(contract_end: date | None, today: date, ending_days: int, *, end_date: date | None = None,
                   successor: bool = False) -> str | None:
    """Of the company serving a community today: "lapsed" after its contract's last day, "ending"
    from ``ending_days`` before the last day it serves (the contract's, or an earlier end already
    recorded, ``end_date``) up to that day itself, else None (an open-ended contract never ends). A
    contract whose next manager is already recorded (``successor``: an arrangement or shared service
    starting after today) is not "ending": the handover is arranged."""
    if contract_end is not None and contract_end < today:
        return "lapsed"
    last = end_date if end_date is not None and (contract_end is None or end_date < contract_end) else contract_end
    if last is None or successor:
        return None
    return "ending" if (last - today).days <= ending_days else None


def committee_possible(households: int) -> bool:
    """A community "could have" a committee (应建尽建, item 14) once it has enough households to seat
    the smallest committee the rules allow."""
    return households >= MIN_MEMBERS


def no_service(last_log: date | None, managed_since: date, today: date, days: int) -> bool:
    """Whether ``days`` whole days have passed without a service log: since the last log, or since
    the current manager took over when it has logged nothing (a log of the previous manager's does
    not count for the new one). A log ``days`` days ago is just in time; one a day earlier is not."""
    since = managed_since if last_log is None or last_log < managed_since else last_log
    return (today - since).days > days


def satisfaction_low(satisfied: int, rated: int, percent: int) -> bool:
    """Under the target in the last period; a period nobody rated raises nothing."""
    return rated > 0 and not meets_target(satisfied, rated, percent)


def committee_size_wrong(members: int) -> bool:
    return not size_ok(members)


def committee_term_over(term_end: date, today: date) -> bool:
    """The term's last day has passed (a committee still sitting then)."""
    return term_end < today


def committee_filing_overdue(elected_on: date, filed_bureau_on: date | None, filed_street_on: date | None,
                             today: date, unfiled_change_since: date | None = None) -> bool:
    """Unfiled with the bureau or the street and elected before committees.logic's cutoff, or a
    change unfiled past its own 30 days: the street's "filings overdue" list (committees.services.views)."""
    election = (filed_bureau_on is None or filed_street_on is None) and elected_on < filing_overdue_cutoff(today)
    return election or (unfiled_change_since is not None and unfiled_change_since < change_overdue_cutoff(today))


def company_grade_low(grade: str, below: str) -> bool:
    return is_below(grade, below)


# Raising and clearing.

@dataclass(frozen=True)
class Flag:
    """An open flag (never cleared yet)."""

    id: int
    kind: str
    subject_id: int
    raised_at: datetime
    acknowledged_at: datetime | None = None
    note: str = ""

    @property
    def condition(self) -> Condition:
        return (self.kind, self.subject_id)


@dataclass(frozen=True)
class Plan:
    raise_: tuple[Condition, ...]  # sorted; each raised at ``at``
    clear: tuple[int, ...]  # flag ids, sorted; each cleared at ``at``
    stay: tuple[int, ...]  # flag ids, sorted
    at: datetime

    @property
    def changes_nothing(self) -> bool:
        return not self.raise_ and not self.clear


def reconcile(true_now: Iterable[Condition], open_flags: Iterable[Flag], now: datetime,
              checked: Iterable[str] | None = None) -> Plan:
    """What a scan of the ``checked`` kinds (all by default) that found ``true_now`` does to the open
    flags (module docstring). A condition of a kind that was not checked is a caller's mistake."""
    kinds = set(FLAG_KINDS if checked is None else checked)
    unknown = kinds - set(FLAG_KINDS)
    if unknown:
        raise ValueError(f"unknown flag kinds {sorted(unknown)}")
    true = set(true_now)
    stray = {kind for kind, _subject in true} - kinds
    if stray:
        raise ValueError(f"conditions of kinds the scan did not check: {sorted(stray)}")
    kept: dict[Condition, Flag] = {}
    clear, stay = [], []
    for flag in sorted(open_flags, key=lambda f: (f.raised_at, f.id)):
        if flag.kind not in kinds:
            stay.append(flag.id)
        elif flag.condition in true and flag.condition not in kept:
            kept[flag.condition] = flag
            stay.append(flag.id)
        else:
            clear.append(flag.id)
    raise_ = sorted(true - set(kept))
    return Plan(raise_=tuple(raise_), clear=tuple(sorted(clear)), stay=tuple(sorted(stay)), at=now)


def apply(plan: Plan, open_flags: Iterable[Flag], new_ids: Iterable[int]) -> list[Flag]:
    """The open flags after ``plan``, new ones numbered from ``new_ids``: what the scan's service
    writes in one transaction (cleared flags get ``cleared_at = plan.at`` and leave the open list)."""
    cleared = set(plan.clear)
    flags = [flag for flag in open_flags if flag.id not in cleared]
    ids = iter(new_ids)
    flags += [Flag(id=next(ids), kind=kind, subject_id=subject, raised_at=plan.at) for kind, subject in plan.raise_]
    return flags


def acknowledge(flag: Flag, at: datetime, note: str) -> Flag:
    """Staff saw the flag and say what is being done; it stays open until its cause is gone."""
    return replace(flag, acknowledged_at=at, note=note.strip())
