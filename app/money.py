"""Money: typed in yuan, kept in integer fen (分), never through a float. Pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

_YUAN = re.compile(r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?$")


@dataclass(frozen=True)
class AmountResult:
    fen: int | None  # None when the input is refused
    problem: str | None  # None, or one of AMOUNT_PROBLEMS


AMOUNT_PROBLEMS = ("empty", "format", "decimals", "not_positive", "too_large")


def parse_yuan(raw: str, maximum_fen: int) -> AmountResult:
    """An amount in yuan as typed (``1000``, ``1000.5``, ``1,000.50``, full-width digits) → integer fen.

    Group commas are accepted only where they belong (``1,000``; not ``1,00``, which may be a decimal
    comma). No sign, no exponent, at most two decimals: ``0.001`` is refused, not rounded.
    """
    text = "".join(unicodedata.normalize("NFKC", raw or "").split())
    if text.startswith("¥"):
        text = text[1:]
    if text.endswith("元"):
        text = text[:-1]
    if not text:
        return AmountResult(None, "empty")
    if len(text) > 32:
        return AmountResult(None, "too_large")
    match = _YUAN.match(text)
    if match is None:
        return AmountResult(None, "format")
    if match.group(1) is not None and len(match.group(1)) > 2:
        return AmountResult(None, "decimals")
    fen = int(Decimal(text.replace(",", "")).scaleb(2))  # exact: at most two decimals, so scaleb(2) is whole
    if fen <= 0:
        return AmountResult(None, "not_positive")
    if fen > maximum_fen:
        return AmountResult(None, "too_large")
    return AmountResult(fen, None)
