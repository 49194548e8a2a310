"""Checking a registry spreadsheet row by row, and what importing it would change.

Pure: the file's bytes and a snapshot of what the database knows (``ImportContext``) come in; the rows
to import and every problem (sheet, row number, column, reason in the user's language) go out. The
same checks as the forms (``forms.check_community_fields`` …), so a file and a form agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.communities.forms import (
    check_community_fields,
    check_household_fields,
    clean_text,
    code_message,
)
from app.communities.logic import community_code_problem, normalise_code
from app.communities.logic.spreadsheet import (
    COLUMNS,
    COMMUNITY_SHEET,
    HOUSEHOLD_SHEET,
    MAX_BYTES,
    Sheet,
    SpreadsheetError,
    read_tables,
)
from app.i18n import fmt_number, lazy
from app.i18n import gettext as _
from app.regions.logic import contains

COMMUNITY_FIELDS = ("name", "address", "region_code", "year_built", "total_area", "renovation_year", "renovation_status")
HOUSEHOLD_FIELDS = ("floor_area", "owner_name", "owner_phone", "is_developer_stock")
_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"", "否", "n", "no", "false", "0"}


@dataclass(frozen=True)
class ImportContext:
    """What the database knows, as far as the importing user may see."""

    scope_prefix: str | None  # None: unrestricted (the system)
    region_codes: frozenset[str]  # residents' communities in the tree, inside the scope
    community_codes: frozenset[str]  # communities already registered, inside the scope
    this_year: int


@dataclass(frozen=True)
class Problem:
    sheet: str  # 小区 · 住户 · "" for the file as a whole
    row: int  # the row number the user sees in the sheet; 0 for the file as a whole
    column: str  # the header, or ""
    message: str


@dataclass(frozen=True)
class CommunityRow:
    row: int
    values: dict  # code, region_code, name, address, year_built, total_area, renovation_year, renovation_status


@dataclass(frozen=True)
class HouseholdRow:
    row: int
    community_code: str
    building: str
    values: dict  # unit_number, floor_area, owner_name, owner_phone, is_developer_stock


@dataclass
class ImportPlan:
    communities: list[CommunityRow] = field(default_factory=list)
    households: list[HouseholdRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def row_count(self) -> int:
        return len(self.communities) + len(self.households)


_FILE_MESSAGES = {
    "empty": lazy("The file is empty."),
    "too_big": lazy("The file is too large: at most %(mb)s MB."),
    "type": lazy("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
    "busy": lazy("The server is reading several other files right now: nothing was checked. Try again in a minute."),
    "old_xls": lazy("This is an old Excel file (.xls): save it as an Excel workbook (.xlsx) and upload that."),
    "unreadable": lazy("The file cannot be read as a spreadsheet; it may be damaged."),
    "encoding": lazy("The file's text cannot be read: save the CSV as UTF-8 or as GB18030 (Excel's \"CSV\" on Chinese Windows)."),
    "too_many_rows": lazy("The sheet has more than %(max)s rows of data: split it into several files."),
    "no_sheet": lazy("The workbook has neither a 小区 nor a 住户 sheet: start from the template."),
    "kind": lazy("The CSV's first row must be the headers of the 小区 or the 住户 sheet of the template."),
    # The limits that keep a file from exhausting the server, each naming its number.
    "too_many_lines": lazy("The sheet goes on past row %(max)s (blank rows count too): at most %(max)s rows are read; split it into several files."),
    "too_many_columns": lazy("Row %(row)s goes up to column %(n)s: at most %(max)s columns are allowed."),
    "cell_too_long": lazy("A cell in row %(row)s holds more than %(max)s characters: a cell may hold at most %(max)s."),
    "row_too_long": lazy("Row %(row)s is longer than %(max)s characters (mostly empty cells): delete the empty columns and save again."),
    "shared_text_too_long": lazy("The workbook holds a text of more than %(max)s characters: a cell may hold at most %(max)s."),
    "too_many_cells": lazy("The file holds more than %(max)s filled cells: split it into several files."),
    "too_much_text": lazy("The file holds more than %(max)s characters of text: split it into several files."),
    "unzipped_too_big": lazy("The workbook is too large once unpacked: at most %(mb)s MB."),
    "too_many_parts": lazy("The workbook is made of more than %(max)s parts: save it again from Excel with only the 小区 and 住户 sheets."),
    "too_complex": lazy("The workbook's sheets are too complex to read (more than %(max)s elements): save them again from Excel without formatting."),
}


def file_message(problem: str, **details: int) -> str:
    """Why a file cannot be read, in the user's language; ``details`` are the numbers its reason
    names (the row, what it holds, the limit)."""
    numbers = {"mb": fmt_number(MAX_BYTES // (1024 * 1024))} | {key: fmt_number(value) for key, value in details.items()}
    return _(_FILE_MESSAGES[problem], **numbers)


def _header(sheet: str, name: str) -> str:
    return next((header for field_, header, _required in COLUMNS[sheet] if field_ == name), "")


def _fold(text: str) -> str:
    """A code or a yes/no cell as typed: full-width folded, ends trimmed, never NFKC (a ``²`` is no digit)."""
    return normalise_code(text)


def _scope_problem(code: str, context: ImportContext) -> str | None:
    if context.scope_prefix is not None and not contains(context.scope_prefix, code):
        return _("%(code)s lies outside your area.", code=code)
    return None


def _check_communities(sheet: Sheet, context: ImportContext, plan: ImportPlan) -> set[str]:
    """Adds the good rows to ``plan``; returns every code the sheet names (good or not)."""
    named: set[str] = set()
    first_row: dict[str, int] = {}
    for number, raw in sheet.rows:
        clean, errors = check_community_fields(raw, context.this_year, with_code=True)
        code = clean["code"]
        problems = [(name, message) for name, message in errors.items()]
        if code and "code" not in errors:
            named.add(code)
            region_given = _fold(raw.get("region_code", ""))
            outside = _scope_problem(code, context)
            if outside:
                problems.append(("code", outside))
            elif region_given and region_given != code[:12]:
                problems.append(("region_code", _("The residents' community code must be the first 12 digits of the community code (%(code)s).", code=code[:12])))
            elif code[:12] not in context.region_codes:
                problems.append(("code", _("There is no residents' community %(code)s in the region tree.", code=code[:12])))
            if code in first_row:
                problems.append(("code", _("Community %(code)s already appears in row %(row)s.", code=code, row=first_row[code])))
            else:
                first_row[code] = number
        for name, message in problems:
            plan.problems.append(Problem(COMMUNITY_SHEET, number, _header(COMMUNITY_SHEET, name), message))
        if not problems:
            plan.communities.append(CommunityRow(number, clean))
    return named


def _stock(raw: str) -> bool | None:
    text = _fold(raw).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    return None


def _check_households(sheet: Sheet, context: ImportContext, file_codes: set[str], plan: ImportPlan) -> None:
    first_row: dict[tuple[str, str, str], int] = {}
    for number, raw in sheet.rows:
        problems: list[tuple[str, str]] = []
        code = _fold(raw.get("community_code", ""))
        code_problem = community_code_problem(code)
        if code_problem:
            problems.append(("community_code", code_message(code_problem)))
        else:
            outside = _scope_problem(code, context)
            if outside:
                problems.append(("community_code", outside))
            elif code not in file_codes and code not in context.community_codes:
                problems.append(("community_code", _("Community %(code)s is neither in the 小区 sheet nor registered.", code=code)))
        building = clean_text(raw.get("building", ""))
        if not building:
            problems.append(("building", _("Enter the building, e.g. 3号楼.")))
        elif len(building) > 32:
            problems.append(("building", _("At most %(n)s characters.", n=32)))
        stock = _stock(raw.get("is_developer_stock", ""))
        if stock is None:
            problems.append(("is_developer_stock", _("Write 是 (yes) or 否 (no).")))
        clean, errors = check_household_fields({**raw, "is_developer_stock": bool(stock)})
        problems.extend(errors.items())
        key = (code, building, clean["unit_number"])
        if code and building and clean["unit_number"]:
            if key in first_row:
                problems.append(("unit_number", _("Unit %(unit)s of %(building)s already appears in row %(row)s.",
                                                  unit=clean["unit_number"], building=building, row=first_row[key])))
            else:
                first_row[key] = number
        for name, message in problems:
            plan.problems.append(Problem(HOUSEHOLD_SHEET, number, _header(HOUSEHOLD_SHEET, name), message))
        if not problems:
            plan.households.append(HouseholdRow(number, code, building, clean))


def check_sheets(sheets: dict[str, Sheet], context: ImportContext) -> ImportPlan:
    plan = ImportPlan()
    for sheet in sheets.values():
        for header in sheet.missing:
            plan.problems.append(Problem(sheet.name, sheet.header_row or 1, header, _("The column %(header)s is missing.", header=header)))
    if plan.problems:
        return plan  # without its columns a sheet's rows would all be wrong for the same reason
    file_codes: set[str] = set()
    if COMMUNITY_SHEET in sheets:
        file_codes = _check_communities(sheets[COMMUNITY_SHEET], context, plan)
    if HOUSEHOLD_SHEET in sheets:
        _check_households(sheets[HOUSEHOLD_SHEET], context, file_codes, plan)
    if not plan.problems and not plan.row_count:
        plan.problems.append(Problem("", 0, "", _("The file has no rows to import under its headers.")))
    return plan


def check_file(data: bytes, filename: str, context: ImportContext) -> ImportPlan:
    """Every problem with the file, or the rows to import when there is none."""
    try:
        sheets = read_tables(data, filename)
    except SpreadsheetError as exc:
        return ImportPlan(problems=[Problem(exc.sheet, exc.row, "", file_message(exc.problem, row=exc.row, **exc.details))])
    return check_sheets(sheets, context)


# What importing would change: compared on the natural keys, field by field.


def changed_fields(existing: dict, new: dict, names: tuple[str, ...]) -> dict:
    """The fields whose value differs ({name: new value}); Decimals compare by value (85.5 == 85.50)."""
    changes = {}
    for name in names:
        old, value = existing.get(name), new.get(name)
        if isinstance(old, Decimal) or isinstance(value, Decimal):
            same = old is not None and value is not None and Decimal(old) == Decimal(value)
        else:
            same = old == value
        if not same:
            changes[name] = value
    return changes


@dataclass
class Tally:
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def count(self, existing: dict | None, changes: dict) -> None:
        if existing is None:
            self.created += 1
        elif changes:
            self.changed += 1
        else:
            self.unchanged += 1
