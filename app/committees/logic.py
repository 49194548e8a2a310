"""The rules an owners' committee is held to (items 14 and 17; the 2009 guidance on owners'
assemblies and committees, arts. 31–34). Pure: no I/O. Each broken rule is a ``Warning`` naming the
rule and, for a deadline, the days over; the committee page shows them and the street lists them.

These numbers are the law's, not our policy choice, so they are constants here; the window for
"terms ending soon" is ours and is a setting (``POLICY_COMMITTEE_TERM_WARNING_DAYS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.i18n import lazy

MIN_MEMBERS = 5
MAX_MEMBERS = 11
MAX_TERM_YEARS = 5
FIRST_MEETING_DAYS = 7  # after the election, to elect the chair and vice-chair
FILING_DAYS = 30  # after the election, with the housing bureau and with the street office
CHANGE_FILING_DAYS = 30  # after a change

POSTS = {
    "chair": lazy("Chair"),
    "vice_chair": lazy("Vice-chair"),
    "member": lazy("Member"),
}

RULES = {
    "size": lazy("A committee has 5 to 11 members, an odd number"),
    "term": lazy("A term lasts at most 5 years"),
    "term_expired": lazy("The term has ended and no new committee is installed"),
    "first_meeting": lazy("First meeting within 7 days of the election"),
    "filing_bureau": lazy("Filing with the housing bureau within 30 days of the election"),
    "filing_street": lazy("Filing with the street office within 30 days of the election"),
    "change_filing": lazy("Filing of a change within 30 days"),
}

CROSS_KINDS = {
    "company_head": lazy("Company head on the residents' community committee"),
    "quality_supervisor": lazy("Residents' community member as the company's quality supervisor"),
}


@dataclass(frozen=True)
class Warning:
    """A broken rule: ``days_over`` for a deadline (0 for the size rule), ``pending`` when the thing
    is still not done (the days keep counting), ``since`` the day the change was made (change filings)."""

    rule: str
    days_over: int = 0
    pending: bool = False
    since: date | None = None


def size_ok(members: int) -> bool:
    return MIN_MEMBERS <= members <= MAX_MEMBERS and members % 2 == 1


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_term_day(term_start: date) -> date:
    """The last day a term starting on ``term_start`` may run to: five years, both ends counted
    (a term from 2024-03-01 may run to 2029-02-28)."""
    return add_years(term_start, MAX_TERM_YEARS) - timedelta(days=1)


def days_late(deadline: date, done_on: date | None, today: date) -> tuple[int, bool]:
    """Days past ``deadline`` (the last day allowed): of the day it was done, or of today while it
    is not done; and whether it is still pending."""
    if done_on is not None:
        return max(0, (done_on - deadline).days), False
    return max(0, (today - deadline).days), True


def first_meeting_deadline(elected_on: date) -> date:
    return elected_on + timedelta(days=FIRST_MEETING_DAYS)


def filing_deadline(elected_on: date) -> date:
    return elected_on + timedelta(days=FILING_DAYS)


def change_filing_deadline(changed_on: date) -> date:
    return changed_on + timedelta(days=CHANGE_FILING_DAYS)


VALID_SIZES = tuple(n for n in range(MIN_MEMBERS, MAX_MEMBERS + 1) if size_ok(n))


def deadlines(elected_on: date, term_start: date) -> dict[str, date]:
    """The days kept with a committee's row so that SQL lists the rules it breaks as ``warnings`` does:
    the last day for the first meeting, for the filings, and for the term's end."""
    return {"meeting_due": first_meeting_deadline(elected_on), "filing_due": filing_deadline(elected_on),
            "term_limit": last_term_day(term_start)}


def change_state(changes: list[dict]) -> dict:
    """What a committee's row keeps of its changes: the day of the oldest not yet filed, and whether
    one was filed after its 30 days."""
    unfiled = sorted(change["changed_on"] for change in changes if change["filed_on"] is None)
    late = any(change["filed_on"] is not None and change["filed_on"] > change_filing_deadline(change["changed_on"])
               for change in changes)
    return {"unfiled_change_since": unfiled[0] if unfiled else None, "late_change_filed": late}


def filing_overdue_cutoff(today: date) -> date:
    """Unfiled and elected before this day: the filing is overdue today. The SQL lists and counts use
    this, so they agree with ``warnings``."""
    return today - timedelta(days=FILING_DAYS)


def first_meeting_overdue_cutoff(today: date) -> date:
    return today - timedelta(days=FIRST_MEETING_DAYS)


def change_overdue_cutoff(today: date) -> date:
    return today - timedelta(days=CHANGE_FILING_DAYS)


def warnings(committee: dict, member_count: int, changes: list[dict], today: date) -> list[Warning]:
    """Every rule the committee breaks on ``today``. ``committee`` has elected_on, term_start,
    term_end, first_meeting_on, filed_bureau_on, filed_street_on and ended_on; ``changes`` have
    changed_on and filed_on. A committee that has ended is judged as it stood then: no pending
    deadline keeps counting after its end."""
    found = []
    day = min(today, committee.get("ended_on") or today)
    if not size_ok(member_count):
        found.append(Warning("size", 0))
    over = (committee["term_end"] - last_term_day(committee["term_start"])).days
    if over > 0:
        found.append(Warning("term", over))
    if committee.get("ended_on") is None and committee["term_end"] < today:
        found.append(Warning("term_expired", (today - committee["term_end"]).days, pending=True))
    for rule, deadline, done in (
        ("first_meeting", first_meeting_deadline(committee["elected_on"]), committee.get("first_meeting_on")),
        ("filing_bureau", filing_deadline(committee["elected_on"]), committee.get("filed_bureau_on")),
        ("filing_street", filing_deadline(committee["elected_on"]), committee.get("filed_street_on")),
    ):
        late, pending = days_late(deadline, done, day)
        if late:
            found.append(Warning(rule, late, pending))
    for change in sorted(changes, key=lambda row: row["changed_on"]):
        late, pending = days_late(change_filing_deadline(change["changed_on"]), change.get("filed_on"), day)
        if late:
            found.append(Warning("change_filing", late, pending, since=change["changed_on"]))
    return found


def slate_rules(member_count: int, term_start: date, term_end: date) -> list[str]:
    """The rules (``RULES`` keys) a slate breaks: the size and term rules a committee is held to. An
    installed committee that breaks them is recorded with a warning; a slate breaking them is not put
    to the owners' vote."""
    broken = []
    if not size_ok(member_count):
        broken.append("size")
    if term_end > last_term_day(term_start):
        broken.append("term")
    return broken


def member_problems(members: list[dict]) -> list[str]:
    """What makes a list of members impossible, not merely a broken rule: the same owner or the same
    household twice, more than one chair or vice-chair. Answers the problems' codes."""
    problems = []
    owners = [m["owner_id"] for m in members if m.get("owner_id")]
    households = [m["household_id"] for m in members]
    if len(set(households)) != len(households) or len(set(owners)) != len(owners):
        problems.append("duplicate")
    for post in ("chair", "vice_chair"):
        if sum(1 for m in members if m["post"] == post) > 1:
            problems.append(f"two_{post}")
    return problems
