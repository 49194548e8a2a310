"""A fund's money by month: the twelve months a chart shows and the bars' geometry. Pure: no I/O.

The chart is drawn by the server as SVG (no script), so the page prints and reads without
JavaScript; its table of the same figures is the accessible fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MONTHS = 12
WIDTH, HEIGHT = 480, 160  # the SVG's own units; CSS scales it to the page
BAR, GAP = 14, 4  # a month's two bars and the space between them; a slot is WIDTH / MONTHS


@dataclass(frozen=True)
class Month:
    key: str  # "2026-03", as the database groups by
    inflow_fen: int  # money in (positive entries)
    outflow_fen: int  # money out (negative entries, as a positive amount)
    closing_fen: int  # the balance at the month's end


def last_months(today: date, n: int = MONTHS) -> list[date]:
    """The first days of the ``n`` months ending with today's, oldest first."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(n):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def months_of(firsts: list[date], sums: dict[str, tuple[int, int]], balance_now: int) -> list[Month]:
    """Each month's inflow, outflow and closing balance, from the sums the database grouped by month
    (``key -> (inflow, outflow)``) and today's balance: a month closes at today's balance less what
    moved after it (the last month is the current one, so nothing moved after the window)."""
    months, closing = [], balance_now
    for first in reversed(firsts):
        key = first.strftime("%Y-%m")
        inflow, outflow = sums.get(key, (0, 0))
        months.append(Month(key, inflow, outflow, closing))
        closing -= inflow - outflow
    return months[::-1]


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    width: int = BAR


def bars(months: list[Month]) -> list[tuple[Month, Bar, Bar]]:
    """Each month's inflow and outflow bar, scaled to the largest amount of the window (integer
    arithmetic; an amount above zero is at least one unit tall so it never disappears)."""
    top = max([m.inflow_fen for m in months] + [m.outflow_fen for m in months] + [1])
    slot = WIDTH // max(len(months), 1)
    drawn = []
    for index, month in enumerate(months):
        left = index * slot + (slot - 2 * BAR - GAP) // 2

        def bar(amount: int, x: int) -> Bar:
            height = (amount * HEIGHT + top - 1) // top if amount > 0 else 0
            return Bar(x, HEIGHT - height, height)

        drawn.append((month, bar(month.inflow_fen, left), bar(month.outflow_fen, left + BAR + GAP)))
    return drawn


def chart(months: list[Month]) -> dict:
    """What the template draws: the SVG's size and each month's two bars."""
    return {"width": WIDTH, "height": HEIGHT, "bars": bars(months)}
