"""What the policy says about a community's age (item 1), and the registry's values as typed.

Pure: the years come in as arguments, input comes in as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from app.forms import fold_width, normalise_phone
from app.i18n import lazy
from app.numbers import parse_decimal
from app.numbers import parse_year as parse_whole_year
from app.regions.logic import InvalidRegionCode, level_of

RENOVATION_STATUS = {
    "none": lazy("Not in a plan"),
    "planned": lazy("Planned"),
    "in_progress": lazy("Under renovation"),
    "completed": lazy("Renovated"),
}


def age_band(year_built: int, old_built_by: int = 2000, band_end: int = 2005) -> str:
    """``old`` (built by the end of ``old_built_by``), ``band`` (up to ``band_end``) or ``newer``.

    A community finished in 2000 is old: the policy's line is the end of 2000.
    """
    if year_built <= old_built_by:
        return "old"
    if year_built <= band_end:
        return "band"
    return "newer"


def plan_band_exceeded(band_households: int, plan_households: int, max_percent: int) -> bool:
    """Whether 2001–2005 communities hold more than ``max_percent`` % of a plan's households.

    Exactly the limit is allowed (item 1: "at most 15%"); exact integers, no floats.
    """
    return band_households * 100 > max_percent * plan_households


@dataclass(frozen=True)
class PlanSummary:
    """A renovation plan's figures. Communities built after ``band_end`` are not eligible and are left
    out of the households, so they can neither hide nor dilute the 2001–2005 share."""

    households: int  # of the eligible communities
    old_households: int
    band_households: int
    ineligible: int  # communities
    exceeded: bool


def summarise_plan(communities: list[tuple[int, int]], old_built_by: int, band_end: int, max_percent: int) -> PlanSummary:
    """``communities`` as (year built, households)."""
    old = band = ineligible = 0
    for year_built, households in communities:
        kind = age_band(year_built, old_built_by, band_end)
        if kind == "old":
            old += households
        elif kind == "band":
            band += households
        else:
            ineligible += 1
    total = old + band
    return PlanSummary(total, old, band, ineligible, plan_band_exceeded(band, total, max_percent))


# Floor areas are typed in m² and kept exact, to the hundredth as the property register writes them.
MAX_UNIT_AREA = Decimal("99999999.99")  # household.floor_area is Numeric(10, 2)
MAX_COMMUNITY_AREA = Decimal("999999999999.99")  # community.total_area is Numeric(14, 2)
AREA_UNITS = ("平方米", "m²", "m2", "㎡")


@dataclass(frozen=True)
class AreaResult:
    value: Decimal | None  # None when the input is refused
    problem: str | None  # None, or one of AREA_PROBLEMS


AREA_PROBLEMS = ("empty", "format", "decimals", "not_positive", "too_large")


def parse_area(raw: str, maximum: Decimal = MAX_UNIT_AREA) -> AreaResult:
    """An area in m² as typed (``85``, ``85.5``, ``1,085.50``, full-width digits, a trailing ㎡) → Decimal.

    The shared number rule (``app.numbers``): at most two decimals (``85.123`` is refused, not
    rounded), zero and negatives refused, ``8²`` and ``12 34`` refused rather than read as 82 or 1234.
    """
    result = parse_decimal(raw, places=2, maximum=maximum, suffixes=AREA_UNITS)
    return AreaResult(result.value, result.problem)


@dataclass(frozen=True)
class YearResult:
    value: int | None
    problem: str | None  # None, "empty", "format" or "range"


def parse_year(raw: str, minimum: int, maximum: int) -> YearResult:
    """A four-digit year (``1995``, ``1995年``, full-width digits), inside ``minimum``–``maximum`` inclusive."""
    return YearResult(*parse_whole_year(raw, minimum, maximum))


_PHONE_SEPARATORS = str.maketrans("", "", " -()")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[1-9][0-9]{8,10}$")  # area code with its 0, then 7–8 digits
_LOCAL = re.compile(r"^[2-9][0-9]{6,7}$")


def normalise_owner_phone(raw: str) -> str | None:
    """An owner's phone as digits only (so ``138 1234 5678`` and ``13812345678`` are one owner), or None.

    A mobile (11 digits, 13x–19x), a landline with its area code (0971-8123456) or a local number
    (8123456); a leading +86 is dropped. Stricter than the one contact-phone rule (``app.forms.phone_ok``)
    on purpose: these digits are how an owner is found again, so an extension or a foreign number
    would split one owner in two.
    """
    digits = normalise_phone(raw).translate(_PHONE_SEPARATORS)
    if digits.startswith("+86"):
        digits = digits[3:]
    if any(rule.fullmatch(digits) for rule in (_MOBILE, _LANDLINE, _LOCAL)):
        return digits
    return None


# The renovation status as a spreadsheet may write it: our codes, or the words street offices use.
_STATUS_WORDS = {
    "none": "none", "无": "none", "未纳入": "none", "未纳入改造计划": "none", "未改造": "none",
    "planned": "planned", "计划": "planned", "计划改造": "planned", "已纳入改造计划": "planned", "已纳入计划": "planned",
    "in_progress": "in_progress", "改造中": "in_progress", "正在改造": "in_progress", "在建": "in_progress",
    "completed": "completed", "已完成": "completed", "已完成改造": "completed", "已改造": "completed", "完成": "completed",
}
STATUS_WORDS_IN_TEMPLATE = ("未纳入", "计划改造", "改造中", "已完成")


def parse_renovation_status(raw: str) -> str | None:
    """A status code from a code or a Chinese word; blank means ``none``; None when unknown."""
    text = "".join(fold_width(raw or "").split()).lower()
    if not text:
        return "none"
    return _STATUS_WORDS.get(text)


def community_code_problem(code: str) -> str | None:
    """Why ``code`` is not a community code (12-digit residents' community code + 3-digit sequence), or None."""
    if not code:
        return "empty"
    if len(code) != 15 or not (code.isascii() and code.isdigit()):
        return "format"
    try:
        if level_of(code[:12]) != "community" or level_of(code[:9]) != "street":  # street 000 is no street
            return "region"
    except InvalidRegionCode:
        return "region"
    if code[12:] == "000":
        return "sequence"
    return None


def normalise_code(raw: str) -> str:
    """A code as typed, full-width digits folded and the ends trimmed; nothing else reinterpreted, so
    ``community_code_problem`` refuses a superscript, another script's digit or an inner space."""
    return fold_width(str(raw or "")).strip()


_NUMBER_RUN = re.compile(r"([0-9]+)")


def unit_order(unit_number: str) -> tuple:
    """How people read unit numbers (and building numbers): runs of digits compared as numbers, so
    2-101 comes before 10-101 and 3号楼 before 12号楼; full-width digits read as their ASCII twins."""
    parts = _NUMBER_RUN.split(fold_width(unit_number))
    return tuple((0, int(part), "") if index % 2 else (1, 0, part) for index, part in enumerate(parts) if part)
