"""What a satisfaction page looks at: a month, a quarter or a year, as a range of rating periods. Pure.

Ratings are given per rating period (a month by default: ``satisfaction.period_of``); a page may look
at one of them or at a coarser span holding several (a quarter or a year of monthly ratings), never at
a finer one (a month of quarterly ratings would be a quarter's ratings under a month's name). The
span's ratings are summed: satisfaction over a year is the share of the year's ratings at or above
the good score (``satisfaction.judge``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.i18n import gettext as _
from app.i18n import lazy
from app.operations.satisfaction import SCORES, RatingPeriod, parse_period, period_of

VIEW_KINDS = {"month": lazy("Month"), "quarter": lazy("Quarter"), "year": lazy("Year")}
THIS_SPAN = {"month": lazy("This month"), "quarter": lazy("This quarter"), "year": lazy("This year")}
_FINENESS = {"month": 0, "quarter": 1, "year": 2}


@dataclass(frozen=True)
class Span:
    kind: str  # month · quarter · year
    key: str  # "2026-11", "2026-Q4", "2026": what a URL names
    start: date
    end: date  # inclusive

    def label(self) -> str:
        if self.kind == "year":
            return _("%(year)s", year=self.start.year)
        return parse_period(self.key).label()

    def previous(self) -> Span:
        if self.kind == "year":
            return year_span(self.start.year - 1)
        period = parse_period(self.key)
        count = 12 if period.kind == "month" else 4
        before = RatingPeriod(period.kind, period.year - 1, count) if period.number == 1 else RatingPeriod(
            period.kind, period.year, period.number - 1)
        return period_span(before)

    def next(self) -> Span:
        if self.kind == "year":
            return year_span(self.start.year + 1)
        return period_span(parse_period(self.key).next())


def year_span(year: int) -> Span:
    return Span("year", str(year), date(year, 1, 1), date(year, 12, 31))


def period_span(period: RatingPeriod) -> Span:
    return Span(period.kind, period.key, period.start, period.end)


def view_kinds(rating_period: str) -> list[str]:
    """The spans a page may look at when owners rate once per ``rating_period``."""
    return [kind for kind in VIEW_KINDS if _FINENESS[kind] >= _FINENESS[rating_period]]


def span_of(day: date, kind: str) -> Span:
    if kind == "year":
        return year_span(day.year)
    return period_span(period_of(day, kind))


def parse_span(key: str, rating_period: str) -> Span:
    """A span from its key ("2026", "2026-Q4", "2026-11"); ValueError on anything else, or on a span
    finer than the rating period."""
    if len(key) == 4 and key.isascii() and key.isdigit() and 2000 <= int(key) <= 2100:
        return year_span(int(key))
    period = parse_period(key)
    if not 2000 <= period.year <= 2100 or period.kind not in view_kinds(rating_period):
        raise ValueError(f"not a span to look at: {key!r}")
    return period_span(period)


def last_periods(today: date, rating_period: str, count: int) -> list[Span]:
    """The ``count`` rating periods up to and including today's, oldest first (a trend's columns)."""
    spans = [period_span(period_of(today, rating_period))]
    while len(spans) < count:
        spans.insert(0, spans[0].previous())
    return spans


def good_weights(good_score: int) -> list[int]:
    """1 for each score (1–5) that counts as satisfied, else 0: multiplied into a tally's counts by
    score, so SQL sums the satisfied ratings for any good score without a CASE per score."""
    return [1 if score >= good_score else 0 for score in SCORES]
