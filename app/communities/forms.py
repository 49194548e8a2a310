"""Input for the registry (a community, a building, a household), checked field by field.

The same checks serve the forms and the spreadsheet import, so a value typed in a form and the same
value in a file are accepted or refused alike. Messages are in the user's language.
"""

from __future__ import annotations

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
from app.forms import Form, clean_text
from app.i18n import gettext as _
from app.numbers import parse_whole

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
    result = parse_whole(raw, maximum=MAX_COUNT)
    if result.problem and result.problem != "empty":
        errors[name] = _("Enter a whole number from 0 to %(max)s.", max=MAX_COUNT)
    return result.value  # type: ignore[return-value]


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




COMMUNITY_FIELDS = ("code", "name", "address", "year_built", "total_area", "renovation_year", "renovation_status",
                    "building_count", "household_count")


def _typed(data, names) -> Form:
    """A Form holding each field as typed; the dict-based checks above (shared with the import) fill it."""
    form = Form(data=data)
    for name in names:
        form.raw(name)
    return form


def parse_community_form(data, this_year: int, *, with_code: bool) -> Form:
    form = _typed(data, COMMUNITY_FIELDS)
    clean, errors = check_community_fields(form.values, this_year, with_code=with_code)
    clean["building_count"] = check_count(form.values["building_count"], errors, "building_count")
    clean["household_count"] = check_count(form.values["household_count"], errors, "household_count")
    form.clean.update(clean)
    form.errors.update(errors)
    return form


def parse_building_form(data) -> Form:
    form = Form(data=data)
    form.text("number", max_length=32, required=_("Enter the building's number, e.g. 3号楼."))
    form.whole("floors", minimum=1, maximum=200,
               message=_("Enter a whole number of floors from 1 to 200, or leave it empty."))
    return form


def parse_household_form(data) -> Form:
    form = _typed(data, ("unit_number", "floor_area", "owner_name", "owner_phone", "is_developer_stock"))
    clean, errors = check_household_fields(form.values)
    form.clean.update(clean)
    form.errors.update(errors)
    form.id("building", required=_("Choose the building."))
    return form


def decimal_text(value: Decimal | None) -> str:
    """An exact decimal as a form shows it again (no exponent, no float)."""
    return "" if value is None else format(Decimal(value).quantize(Decimal("0.01")), "f")


def clean_filename(name: object) -> str:
    """An uploaded file's name as shown back: no folders, nothing unprintable, at most 128 characters."""
    text = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in text if ch.isprintable())[:128]


def parse_start_import(data) -> Form:
    """The dry run's "import it" button: the stored upload's key and the file's name."""
    form = Form(data=data)
    form.text("upload", max_length=64)
    form.clean["filename"] = clean_filename(form.raw("filename"))
    return form
