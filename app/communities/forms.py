"""Input for the registry (a community, a building, a household), checked field by field.

The same checks serve the forms and the spreadsheet import, so a value typed in a form and the same
value in a file are accepted or refused alike. Messages are in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.communities.logic import (
    MAX_COMMUNITY_AREA,
    MAX_UNIT_AREA,
    RENOVATION_STATUS,
    community_code_problem,
    normalise_code,
    normalise_owner_phone,
    parse_area,
    parse_renovation_status,
    parse_year,
)
from app.i18n import gettext as _

FIRST_YEAR = 1900
PLAN_YEARS_AHEAD = 10  # a renovation may be planned this many years ahead
MAX_COUNT = 100_000  # buildings or households typed for a community without a register


def area_message(problem: str) -> str:
    return {
        "empty": _("Enter the floor area in m²."),
        "format": _("Write the area as a number of m², e.g. 85.5."),
        "decimals": _("An area has at most two decimals (0.01 m²)."),
        "not_positive": _("The area must be more than 0 m²."),
        "too_large": _("This area is too large; check the figure."),
    }[problem]


def year_message(problem: str, minimum: int, maximum: int) -> str:
    if problem == "empty":
        return _("Enter the year.")
    if problem == "format":
        return _("Write the year with four digits, e.g. 1995.")
    return _("The year must be between %(first)s and %(last)s.", first=minimum, last=maximum)


def code_message(problem: str) -> str:
    return {
        "empty": _("Enter the community code."),
        "format": _("The community code has 15 digits: the residents' community's 12 and a 3-digit sequence."),
        "region": _("The first 12 digits must be a residents' community code."),
        "sequence": _("The last 3 digits are a sequence from 001 to 999."),
    }[problem]


def clean_text(raw: object) -> str:
    """Text on one line: runs of white space made one space, control characters (a NUL PostgreSQL
    refuses, a stray tab from a spreadsheet) dropped."""
    return "".join(ch for ch in " ".join(str(raw or "").split()) if ch.isprintable())


def check_text(raw: object, max_length: int, required_message: str | None, errors: dict, name: str) -> str:
    """Trimmed text; an error when it is required and empty, or longer than ``max_length``."""
    text = clean_text(raw)
    if not text and required_message:
        errors[name] = required_message
    elif len(text) > max_length:
        errors[name] = _("At most %(n)s characters.", n=max_length)
    return text


def check_community_fields(raw: dict, this_year: int, *, with_code: bool) -> tuple[dict, dict[str, str]]:
    """The community's fields cleaned (keys as in the table) and the errors by field name."""
    errors: dict[str, str] = {}
    clean: dict = {}
    if with_code:
        code = normalise_code(str(raw.get("code") or ""))
        problem = community_code_problem(code)
        if problem:
            errors["code"] = code_message(problem)
        clean["code"] = code
        clean["region_code"] = code[:12]
    clean["name"] = check_text(raw.get("name"), 128, _("Enter the community's name."), errors, "name")
    clean["address"] = check_text(raw.get("address"), 255, None, errors, "address")
    built = parse_year(str(raw.get("year_built") or ""), FIRST_YEAR, this_year)
    if built.problem:
        errors["year_built"] = year_message(built.problem, FIRST_YEAR, this_year)
    clean["year_built"] = built.value
    area = parse_area(str(raw.get("total_area") or ""), MAX_COMMUNITY_AREA)
    if area.problem:
        errors["total_area"] = area_message(area.problem)
    clean["total_area"] = area.value
    status = parse_renovation_status(str(raw.get("renovation_status") or ""))
    if status is None:
        errors["renovation_status"] = _("Choose one of: %(choices)s.", choices=", ".join(
            _(label) for label in RENOVATION_STATUS.values()))
    clean["renovation_status"] = status
    clean["renovation_year"] = None
    first, last = built.value or FIRST_YEAR, this_year + PLAN_YEARS_AHEAD
    if str(raw.get("renovation_year") or "").strip():
        renovation = parse_year(str(raw.get("renovation_year")), first, last)
        if renovation.problem:
            errors["renovation_year"] = year_message(renovation.problem, first, last)
        elif status == "none":
            errors["renovation_status"] = _("A community with a renovation year is planned, under renovation or renovated.")
        clean["renovation_year"] = renovation.value
    elif status not in (None, "none"):
        errors["renovation_year"] = _("Enter the year of the renovation plan.")
    return clean, errors


def check_count(raw: object, errors: dict, name: str) -> int | None:
    """An optional whole number of buildings or households (blank: leave as it is)."""
    text = normalise_code(str(raw or ""))
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_COUNT:
        errors[name] = _("Enter a whole number from 0 to %(max)s.", max=MAX_COUNT)
        return None
    return int(text)


def check_household_fields(raw: dict) -> tuple[dict, dict[str, str]]:
    """A household's unit number, floor area and owner (or the developer's unsold stock)."""
    errors: dict[str, str] = {}
    clean: dict = {}
    clean["unit_number"] = check_text(raw.get("unit_number"), 32, _("Enter the unit number, e.g. 2-301."), errors, "unit_number")
    area = parse_area(str(raw.get("floor_area") or ""), MAX_UNIT_AREA)
    if area.problem:
        errors["floor_area"] = area_message(area.problem)
    clean["floor_area"] = area.value
    stock = raw.get("is_developer_stock")
    clean["is_developer_stock"] = bool(stock)
    name = check_text(raw.get("owner_name"), 64, None, errors, "owner_name")
    phone_text = str(raw.get("owner_phone") or "").strip()
    clean["owner_name"], clean["owner_phone"] = name, ""
    if clean["is_developer_stock"]:
        if name or phone_text:
            errors["owner_name"] = _("An unsold unit of the developer has no owner: leave the name and phone empty.")
        return clean, errors
    if not name and "owner_name" not in errors:
        errors["owner_name"] = _("Enter the owner's name, or mark the unit as the developer's unsold stock.")
    phone = normalise_owner_phone(phone_text)
    if not phone_text:
        errors["owner_phone"] = _("Enter the owner's phone number.")
    elif phone is None:
        errors["owner_phone"] = _("Enter a mobile number (11 digits, e.g. 13812345678) or a landline (e.g. 0971-8123456).")
    clean["owner_phone"] = phone or ""
    return clean, errors


@dataclass
class RegistryForm:
    """A form's values as typed (shown again when refused), the cleaned values, and the errors."""

    values: dict = field(default_factory=dict)
    clean: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


COMMUNITY_FIELDS = ("code", "name", "address", "year_built", "total_area", "renovation_year", "renovation_status",
                    "building_count", "household_count")


def _typed(form, names) -> dict:
    return {name: str(form.get(name, ""))[:256] for name in names}


def parse_community_form(form, this_year: int, *, with_code: bool) -> RegistryForm:
    values = _typed(form, COMMUNITY_FIELDS)
    clean, errors = check_community_fields(values, this_year, with_code=with_code)
    clean["building_count"] = check_count(values["building_count"], errors, "building_count")
    clean["household_count"] = check_count(values["household_count"], errors, "household_count")
    return RegistryForm(values=values, clean=clean, errors=errors)


def parse_building_form(form) -> RegistryForm:
    values = _typed(form, ("number", "floors"))
    errors: dict[str, str] = {}
    clean = {"number": check_text(values["number"], 32, _("Enter the building's number, e.g. 3号楼."), errors, "number")}
    floors = normalise_code(values["floors"])
    clean["floors"] = None
    if floors:
        if floors.isascii() and floors.isdigit() and 1 <= int(floors) <= 200:
            clean["floors"] = int(floors)
        else:
            errors["floors"] = _("Enter a whole number of floors from 1 to 200, or leave it empty.")
    return RegistryForm(values=values, clean=clean, errors=errors)


def parse_household_form(form) -> RegistryForm:
    values = _typed(form, ("building", "unit_number", "floor_area", "owner_name", "owner_phone", "is_developer_stock"))
    clean, errors = check_household_fields(values)
    try:
        clean["building"] = int(values["building"])
    except ValueError:
        clean["building"] = None
    if clean["building"] is None:
        errors["building"] = _("Choose the building.")
    return RegistryForm(values=values, clean=clean, errors=errors)


def decimal_text(value: Decimal | None) -> str:
    """An exact decimal as a form shows it again (no exponent, no float)."""
    return "" if value is None else format(Decimal(value).quantize(Decimal("0.01")), "f")
