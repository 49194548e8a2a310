"""The administrative tree's codes (GB/T 2260 and the statistics bureau's 12-digit extension).

Province ``63``, prefecture ``630100``, county ``630102``, street ``630102001``, residents'
community ``630102001001``. A node's *prefix* is the part of its code that every code below it
shares: ``63``, ``6301``, ``630102``, ``630102001``, ``630102001001``.
"""

from __future__ import annotations

import re

from app.i18n import lazy

PREFIX_LENGTH = {"province": 2, "prefecture": 4, "county": 6, "street": 9, "community": 12}

LEVEL_LABELS = {
    "province": lazy("Province"),
    "prefecture": lazy("Prefecture"),
    "county": lazy("County / district"),
    "street": lazy("Street office"),
    "community": lazy("Residents' community"),
}

# ASCII digits only, matched whole: ``\d`` would take full-width and other Unicode digits, and ``$``
# a trailing newline, so "６３" or "63\n" would pass as a code and then match nothing stored.
_CODE = re.compile(r"[0-9]{2}|[0-9]{6}|[0-9]{9}|[0-9]{12}")


class InvalidRegionCode(ValueError):
    pass


def level_of(code: str) -> str:
    """The level a well-formed code names; raises InvalidRegionCode otherwise."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise InvalidRegionCode(code)
    if len(code) == 2:
        return "province"
    if len(code) == 6:
        if code[2:] == "0000":
            raise InvalidRegionCode(code)  # a province written with six digits: use the 2-digit form
        return "prefecture" if code[4:] == "00" else "county"
    if len(code) == 9:
        if code[6:] == "000":
            raise InvalidRegionCode(code)
        return "street"
    if code[9:] == "000":
        raise InvalidRegionCode(code)
    return "community"


def prefix_of(code: str) -> str:
    return code[: PREFIX_LENGTH[level_of(code)]]


def parent_of(code: str) -> str | None:
    """The parent node's code. A county's parent is its prefecture (``630102`` → ``630100``)."""
    level = level_of(code)
    if level == "province":
        return None
    if level == "prefecture":
        return code[:2]
    if level == "county":
        return code[:4] + "00"
    if level == "street":
        return code[:6]
    return code[:9]


def contains(scope_prefix: str, code: str | None) -> bool:
    """Whether ``code`` lies inside (or is) the node whose prefix is ``scope_prefix``."""
    return code is not None and code.startswith(scope_prefix)


def ancestors(code: str) -> list[str]:
    """The codes of the nodes above ``code``, nearest first (``630102001`` → 630102, 630100, 63)."""
    found = []
    current = parent_of(code)
    while current is not None:
        found.append(current)
        current = parent_of(current)
    return found
