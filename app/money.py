"""Money: typed in yuan, kept in integer fen (分), never through a float. Pure.

The reading of the number itself is the shared one (``app.numbers.parse_decimal``), so an amount and
an area accept and refuse the same typing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.i18n import gettext as _
from app.numbers import parse_decimal

YUAN_PREFIXES = ("¥", "￥")  # the yen/yuan sign and its full-width form (U+FFE5, outside the folded block)
YUAN_SUFFIXES = ("元",)


@dataclass(frozen=True)
class AmountResult:
    fen: int | None  # None when the input is refused
    problem: str | None  # None, or one of AMOUNT_PROBLEMS


AMOUNT_PROBLEMS = ("empty", "format", "decimals", "not_positive", "too_large")


def parse_yuan(raw: str, maximum_fen: int) -> AmountResult:
    """An amount in yuan as typed (``1000``, ``1000.5``, ``1,000.50``, ``¥3``, ``2元``, full-width
    digits) → integer fen, more than 0 and at most ``maximum_fen``.

    At most two decimals: ``0.001`` is refused, not rounded. ``-5`` is "not_positive".
    """
    result = parse_decimal(raw, places=2, maximum=Decimal(maximum_fen).scaleb(-2),
                           prefixes=YUAN_PREFIXES, suffixes=YUAN_SUFFIXES)
    if result.value is None:
        return AmountResult(None, result.problem)
    return AmountResult(int(result.value.scaleb(2)), None)  # exact: two decimals at most, so whole fen


def amount_message(problem: str) -> str:
    """What to tell the user about an amount in yuan that ``parse_yuan`` refused."""
    return {
        "empty": _("Enter the amount in yuan."),
        "format": _("Enter the amount in yuan as a number, such as 50000 or 12,500.50."),
        "decimals": _("At most two decimals: the smallest unit is one fen (0.01 yuan)."),
        "not_positive": _("The amount must be more than zero."),
        "too_large": _("This amount is too large. Check the number of digits."),
    }[problem]
