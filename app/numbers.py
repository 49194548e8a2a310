"""Numbers as people type them: exact decimals and whole numbers, read strictly. Pure, no web imports.

Accepted: ASCII or full-width digits (１２３), the full-width point and comma, thousands separators
where they belong (1,000 · 1，000 · 12,345.67), spaces around the number, and a unit the caller names
(¥, 元, m², 平方米 …). Refused, with a problem the form turns into a message: inner spaces (``12 34``
is not 1234), superscripts and circled digits (``1²`` is not 12), other scripts' digits (٣),
exponents, ``+``, and more decimals than the unit has. A minus sign in front of a well-formed number
is read as "not positive", so the user hears that the amount must be more than 0, not that it is no
number. Unicode NFKC is not used: it turns ``²`` and ``①`` into digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.forms import fold_width

# Digits in groups of three after the first (1,000 · 12,345) or ungrouped; then an optional fraction.
# [0-9] and fullmatch: ASCII digits only, and no trailing newline slips through as `$` would let it.
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.([0-9]+))?")
_MINUS = ("-", "\u2212")  # hyphen-minus (and full-width －, folded to it) · the minus sign
MAX_TYPED = 64  # longer than any number these forms take: refused as too large without parsing

PROBLEMS = ("empty", "format", "decimals", "not_positive", "too_large")


@dataclass(frozen=True)
class Parsed:
    value: Decimal | None  # None when refused
    problem: str | None  # None, or one of PROBLEMS


def _strip_units(text: str, prefixes: tuple[str, ...], suffixes: tuple[str, ...]) -> str:
    text = text.strip()
    for prefix in prefixes:
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
            break
    for suffix in suffixes:
        if text.lower().endswith(suffix.lower()):
            text = text[: -len(suffix)].strip()
            break
    return text


def parse_decimal(
    raw: object,
    *,
    places: int,
    maximum: Decimal | int,
    prefixes: tuple[str, ...] = (),
    suffixes: tuple[str, ...] = (),
    allow_zero: bool = False,
) -> Parsed:
    """An exact number with at most ``places`` decimals, from 0 (when ``allow_zero``) or above 0 up to
    ``maximum``. ``0.001`` with two places is refused ("decimals"), never rounded."""
    text = _strip_units(fold_width(str(raw if raw is not None else "")), prefixes, suffixes)
    if not text:
        return Parsed(None, "empty")
    negative = text[0] in _MINUS
    body = text[1:].strip() if negative else text
    match = _NUMBER.fullmatch(body)
    if match is None:
        return Parsed(None, "format")
    if len(body) > MAX_TYPED:
        return Parsed(None, "too_large")
    fraction = match.group(1)
    if fraction is not None and len(fraction) > places:
        return Parsed(None, "decimals")
    value = Decimal(body.replace(",", ""))
    if negative and value != 0:
        return Parsed(None, "not_positive")
    if value < 0 or (value == 0 and not allow_zero):
        return Parsed(None, "not_positive")
    if value > maximum:
        return Parsed(None, "too_large")
    return Parsed(value.quantize(Decimal(1).scaleb(-places)), None)


def parse_whole(raw: object, *, maximum: int, allow_zero: bool = True, suffixes: tuple[str, ...] = ()) -> Parsed:
    """A whole number (a count, floors) from 0 (or 1) to ``maximum``; ``1.5`` is "decimals"."""
    result = parse_decimal(raw, places=0, maximum=maximum, suffixes=suffixes, allow_zero=allow_zero)
    return Parsed(None if result.value is None else int(result.value), result.problem)  # type: ignore[arg-type]


_YEAR = re.compile(r"[0-9]+")


def parse_year(raw: object, minimum: int, maximum: int) -> tuple[int | None, str | None]:
    """A year of four plain digits (``1995``, ``1995年``, full-width digits), ``minimum``–``maximum``
    inclusive → (year, None), or (None, "empty" · "format" · "range")."""
    text = fold_width(str(raw if raw is not None else "")).strip().removesuffix("年").rstrip()
    if not text:
        return None, "empty"
    if not _YEAR.fullmatch(text):
        return None, "format"
    if len(text) > 4 or not minimum <= int(text) <= maximum:
        return None, "range"
    return int(text), None
