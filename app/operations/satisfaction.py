"""Owners' ratings of the property service, rating periods, and satisfaction against the policy's
target. Pure.

Item 3 of the policy: residents' satisfaction of at least 90% after renovation. Satisfaction is the
share of a period's ratings at or above the good score (4 of 5 by default, a setting). It is judged in
whole numbers (100 × good ≥ target × total: with the 90% target, 10 × good ≥ 9 × total), so exactly
90% meets the target and one rating less does not. A period with fewer ratings than the minimum (a
setting) is "too few to judge", never a percentage that one rating would swing.

The functions take counts, so a query's aggregates feed them (``COUNTS_SQL``); each owner rates once
per period (``rating_key``), and may change the rating until the period ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.i18n import fmt_number, fmt_percent, lazy, percent_units
from app.i18n import gettext as _

SCORES = (1, 2, 3, 4, 5)
SCORE_LABELS = {
    1: lazy("Very dissatisfied"),
    2: lazy("Dissatisfied"),
    3: lazy("Neither"),
    4: lazy("Satisfied"),
    5: lazy("Very satisfied"),
}
VERDICTS = {
    "meets": lazy("Meets the target"),
    "below": lazy("Below the target"),
    "too_few": lazy("Too few ratings to judge"),
}
PERIOD_KINDS = {"month": lazy("Month"), "quarter": lazy("Quarter")}
# Who a rating stands for: one per household or per owner (a setting), and the committee's own.
RATER_KINDS = {
    "household": lazy("Household"),
    "owner": lazy("Owner"),
    "committee": lazy("Owners' committee"),
}


def _whole(value: object, name: str) -> int:
    if type(value) is not int:  # bool, float, Decimal and "4" are refused: 3.9 must not pass as 4
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    return value


def check_score(score: object) -> int:
    """A rating as given: a whole number from 1 to 5, nothing else (3.5 is refused, not rounded)."""
    if _whole(score, "a rating") not in SCORES:
        raise ValueError(f"a rating is 1 to 5, got {score}")
    return score


def is_good(score: int, good_score: int) -> bool:
    """Whether a rating counts as satisfied: at or above the good score."""
    return check_score(score) >= check_score(good_score)


def meets_target(good: int, total: int, target_percent: int = 90) -> bool:
    """Whether ``good`` of ``total`` ratings reach ``target_percent``: 100 × good ≥ target × total, in
    integers (90% is 10 × good ≥ 9 × total). No rating at all meets nothing."""
    _check_counts(good, total)
    if _whole(target_percent, "a target") < 1 or target_percent > 100:
        raise ValueError(f"a target is 1 to 100 percent, got {target_percent}")
    return total > 0 and 100 * good >= target_percent * total


def percent_half_up(good: int, total: int, digits: int = 0) -> Decimal:
    """``good`` of ``total`` as a percentage with ``digits`` decimals, rounded half up from the exact
    fraction (never through a float): 2 of 3 is 66.7 at one decimal, 1 of 8 is 13 at none (12.5 up)."""
    _check_counts(good, total)
    if total == 0:
        raise ValueError("no ratings: there is no percentage")
    if _whole(digits, "digits") < 0:
        raise ValueError(f"digits cannot be negative, got {digits}")
    return Decimal(percent_units(good, total, digits)).scaleb(-digits)


def _check_counts(good: int, total: int) -> None:
    if _whole(good, "a count") < 0 or _whole(total, "a count") < good:
        raise ValueError(f"counts must satisfy 0 ≤ good ≤ total, got {good} of {total}")


@dataclass(frozen=True)
class Satisfaction:
    good: int  # ratings at or above the good score
    total: int
    target_percent: int
    verdict: str  # meets · below · too_few

    @property
    def judged(self) -> bool:
        return self.verdict != "too_few"

    @property
    def below_target(self) -> bool:
        """What a page highlights and a flag raises on: judged, and under the target."""
        return self.verdict == "below"

    def percent(self, digits: int = 1) -> Decimal | None:
        """The share rounded half up, or None when there are too few ratings to show one."""
        return percent_half_up(self.good, self.total, digits) if self.judged else None

    def label(self) -> str:
        """The figure as a page shows it beside the target: "90.0%", "89.95%" (never a rounded "90.0%"
        for a share under the target), or why there is none."""
        if not self.judged:
            return _("Too few ratings to judge (%(count)s)", count=fmt_number(self.total))
        return fmt_percent(self.good, self.total, limit=self.target_percent)

    def verdict_label(self) -> str:
        return _(VERDICTS[self.verdict])


def judge(good: int, total: int, *, min_ratings: int, target_percent: int = 90) -> Satisfaction:
    """A period's satisfaction from its counts: too few to judge under ``min_ratings`` ratings, else
    whether it meets ``target_percent`` (``meets_target``)."""
    _check_counts(good, total)
    if _whole(min_ratings, "a minimum") < 1:
        raise ValueError(f"the minimum number of ratings is at least 1, got {min_ratings}")
    if total < min_ratings:
        verdict = "too_few"
    else:
        verdict = "meets" if meets_target(good, total, target_percent) else "below"
    return Satisfaction(good, total, target_percent, verdict)


# The two counts ``judge`` takes, as select items of an aggregate query over a ``rating`` table with a
# ``score`` column; the one placeholder is the good score. Plain CASE rather than FILTER: the same text
# runs on SQLite and PostgreSQL, and an empty group gives 0, not NULL.
COUNTS_SQL = "COALESCE(SUM(CASE WHEN score >= {} THEN 1 ELSE 0 END), 0) AS good, COUNT(*) AS total"


# Rating periods


@dataclass(frozen=True, order=True)
class RatingPeriod:
    kind: str  # month · quarter
    year: int
    number: int  # the month (1–12) or the quarter (1–4)

    @property
    def key(self) -> str:
        """How a rating stores its period, and a URL names it: "2026-11", "2026-Q4"."""
        return f"{self.year}-{self.number:02d}" if self.kind == "month" else f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        month = self.number if self.kind == "month" else 3 * self.number - 2
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        """The period's last day (inclusive)."""
        return self.next().start - timedelta(days=1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> RatingPeriod:
        count = 12 if self.kind == "month" else 4
        if self.number == count:
            return RatingPeriod(self.kind, self.year + 1, 1)
        return RatingPeriod(self.kind, self.year, self.number + 1)

    def label(self) -> str:
        if self.kind == "month":
            return _("%(year)s-%(month)s", year=self.year, month=f"{self.number:02d}")
        return _("Q%(quarter)s %(year)s", year=self.year, quarter=self.number)


def period_of(day: date, kind: str = "month") -> RatingPeriod:
    """The rating period ``day`` falls in."""
    if kind == "month":
        return RatingPeriod(kind, day.year, day.month)
    if kind == "quarter":
        return RatingPeriod(kind, day.year, (day.month - 1) // 3 + 1)
    raise ValueError(f"unknown rating period {kind!r}")


def parse_period(key: str) -> RatingPeriod:
    """A period from its key ("2026-11" or "2026-Q4"); raises ValueError on anything else."""
    year, dash, rest = key.partition("-")
    if dash and len(year) == 4 and year.isascii() and year.isdigit():
        if rest[:1] == "Q" and len(rest) == 2 and rest[1] in "1234":
            return RatingPeriod("quarter", int(year), int(rest[1]))
        if len(rest) == 2 and rest.isascii() and rest.isdigit() and 1 <= int(rest) <= 12:
            return RatingPeriod("month", int(year), int(rest))
    raise ValueError(f"not a rating period: {key!r}")


def periods_of_year(year: int, kind: str = "month") -> list[RatingPeriod]:
    """A year's periods in order (a satisfaction trend's columns)."""
    return [RatingPeriod(kind, year, number) for number in range(1, (12 if kind == "month" else 4) + 1)]


def open_for_rating(period: RatingPeriod, today: date) -> bool:
    """Whether a rating for ``period`` may be given or changed on ``today``: from its first day up to
    and including its last; after that the period's figures stand."""
    return period.start <= today <= period.end


@dataclass(frozen=True)
class RatingKey:
    """What makes a rating unique: one per community, period and rater (a table's unique index)."""

    community_id: int
    period: str  # RatingPeriod.key
    rater_kind: str  # household · owner · committee
    rater_id: int


def rating_key(community_id: int, period: RatingPeriod, *, per: str, household_id: int, owner_id: int) -> RatingKey:
    """The key of an owner's rating: one per household (co-owners share it; the last one to rate in the
    period sets it) or, when the setting says ``owner``, one per owner whatever the units he holds."""
    if per == "household":
        return RatingKey(community_id, period.key, "household", household_id)
    if per == "owner":
        return RatingKey(community_id, period.key, "owner", owner_id)
    raise ValueError(f"unknown rating basis {per!r}")


def committee_rating_key(community_id: int, period: RatingPeriod, committee_id: int) -> RatingKey:
    """The key of the committee's own rating: one per committee and period, however many members rate."""
    return RatingKey(community_id, period.key, "committee", committee_id)
