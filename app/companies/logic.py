"""The Unified Social Credit Code (统一社会信用代码, GB 32100-2015)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
LENGTH = 18


@dataclass(frozen=True)
class UsccResult:
    code: str  # the normalised input
    problem: str | None  # None when valid; otherwise one of the keys of PROBLEMS
    position: int | None = None  # 1-based position of the offending character
    expected: str | None = None  # the check character the first 17 call for


PROBLEMS = ("empty", "length", "character", "check")


def normalise(raw: str) -> str:
    """Trim, fold full-width characters to half-width (NFKC), drop inner spaces, upper-case."""
    folded = unicodedata.normalize("NFKC", raw or "")
    return "".join(folded.split()).upper()


def check_character(first17: str) -> str:
    total = sum(CHARSET.index(ch) * weight for ch, weight in zip(first17, WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def check_uscc(raw: str) -> UsccResult:
    code = normalise(raw)
    if not code:
        return UsccResult(code, "empty")
    if len(code) != LENGTH:
        return UsccResult(code, "length")
    for position, ch in enumerate(code, start=1):
        if ch not in CHARSET:
            return UsccResult(code, "character", position=position)
    expected = check_character(code[:17])
    if code[17] != expected:
        return UsccResult(code, "check", position=18, expected=expected)
    return UsccResult(code, None)


# Subsidy amounts are typed in yuan and kept in integer fen (分); the parsing is shared (app/money.py).
MAX_SUBSIDY_FEN = 10_000_000_000  # ¥100,000,000.00: above this an amount is surely a typing slip


_PHONE_SEPARATORS = str.maketrans("", "", " -()")


def normalise_phone(raw: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())


def phone_ok(phone: str) -> bool:
    """Loose on purpose: a mobile (13812345678), a landline (0971-8123456, (0971) 812 3456), an extension
    (0971-8123456-801) or +86 …; 7 to 20 digits, with only spaces, hyphens and brackets between them."""
    digits = phone.translate(_PHONE_SEPARATORS)
    if digits.startswith("+"):
        digits = digits[1:]
    return digits.isascii() and digits.isdigit() and 7 <= len(digits) <= 20
