"""An XLSX's sheets read row by row from their XML, as openpyxl would read them (data only).

openpyxl, even read-only, builds a whole row, and the whole shared-strings table, before anything
can be checked. Here the workbook's parts stream through ``ooxml`` (byte, element and tag budgets,
no entities), each filled cell is reported to the file's ``Budget`` as it completes, a cell's text
is checked as it arrives, and a sheet is read only as far as the end of its data.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from app.communities.logic.spreadsheet.limits import MAX_CELL_CHARS, MAX_CELLS, MAX_TEXT_CHARS, Budget, SpreadsheetError
from app.communities.logic.spreadsheet.ooxml import Package, Part, Stop

EXCEL_COLUMNS = 16_384  # XFD: a row that claims more is no worksheet
MAX_FORMAT_CHARS = 255  # a number format longer than Excel allows is not looked into


def cell_text(value: object) -> str:
    """A cell as text, exactly: a whole float as an integer, other floats by their shortest repr."""
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        try:
            return format(Decimal(repr(value)), "f")
        except InvalidOperation:
            return repr(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


class _Workbook(Part):
    """workbook.xml: the sheets' names and relationship ids, and which calendar dates count from."""

    def __init__(self, package: Package) -> None:
        super().__init__(package)
        self.sheets: list[tuple[str, str]] = []
        self.epoch = CALENDAR_WINDOWS_1900

    def start(self, name: str, attrs: dict) -> None:
        if name == "sheet":
            rid = next((value for key, value in attrs.items() if key.endswith(":id")), "")
            self.sheets.append((attrs.get("name", ""), rid))
        elif name == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904

    def end(self, name: str) -> None:
        if name == "sheets":
            raise Stop


class _Styles(Part):
    """styles.xml: which cell styles show a number as a date (or a duration)."""

    def __init__(self, package: Package) -> None:
        super().__init__(package)
        self.custom: dict[str, str] = {}
        self.formats: list[str] = []  # each cell style's number format id, in order
        self.section = ""

    def start(self, name: str, attrs: dict) -> None:
        if name in ("numFmts", "cellXfs"):
            self.section = name
        elif name == "numFmt" and self.section == "numFmts":
            self.custom[attrs.get("numFmtId", "")] = attrs.get("formatCode", "")[: MAX_FORMAT_CHARS + 1]
        elif name == "xf" and self.section == "cellXfs":
            self.formats.append(attrs.get("numFmtId", "0"))

    def end(self, name: str) -> None:
        if name == self.section:
            self.section = ""
        if name == "cellXfs":
            raise Stop

    def dates(self) -> tuple[set[str], set[str]]:
        """The style indexes (as written in a cell's ``s``) of dates, and of durations."""
        dates, durations = set(), set()
        for index, format_id in enumerate(self.formats):
            code = self.custom.get(format_id)
            if code is None and format_id.isdigit() and len(format_id) < 4:
                code = builtin_format_code(int(format_id))
            if code is None or len(code) > MAX_FORMAT_CHARS:
                continue
            if is_date_format(code):
                dates.add(str(index))
            if is_timedelta_format(code):
                durations.add(str(index))
        return dates, durations


class _SharedStrings(Part):
    """The table of texts cells refer to: each bounded as a cell is, the whole as a file is."""

    def __init__(self, package: Package) -> None:
        super().__init__(package)
        self.strings: list[str] = []
        self.chars = 0
        self.phonetic = 0  # inside <rPh>: a reading guide, not part of the text

    def start(self, name: str, attrs: dict) -> None:
        if name == "rPh":
            self.phonetic += 1
        elif name == "t" and not self.phonetic:
            self.gather(True)

    def end(self, name: str) -> None:
        if name == "t":
            self.gather(False)
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "si":
            text = self.take()
            self.strings.append(text)
            self.chars += len(text)
            if len(self.strings) > MAX_CELLS:
                raise SpreadsheetError("too_many_cells", max=MAX_CELLS)
            if self.chars > MAX_TEXT_CHARS:
                raise SpreadsheetError("too_much_text", max=MAX_TEXT_CHARS)

    def too_long(self, length: int) -> None:
        if length > MAX_CELL_CHARS:
            raise SpreadsheetError("shared_text_too_long", max=MAX_CELL_CHARS)


_COLUMNS = {chr(64 + n): n for n in range(1, 27)} | {chr(64 + a) + chr(64 + b): a * 26 + b for a in range(1, 27) for b in range(1, 27)}


def _column(ref: str) -> int:
    """The column of a cell reference ("B7" → 2), at most one past Excel's last."""
    letters = ref.rstrip("0123456789")
    column = _COLUMNS.get(letters)
    if column is not None:
        return column
    column = 0
    for letter in letters:
        if not "A" <= letter <= "Z":
            raise SpreadsheetError("unreadable")
        column = column * 26 + ord(letter) - 64
        if column > EXCEL_COLUMNS:
            return EXCEL_COLUMNS + 1
    return column


def _row_number(ref: str) -> int:
    if not ref.isdigit() or len(ref) > 9:
        raise SpreadsheetError("unreadable")
    return int(ref)


class _Sheet(Part):
    """A worksheet's rows as they complete: (row number, texts up to the last filled column)."""

    def __init__(self, book: XlsxReader, sheet: str) -> None:
        super().__init__(book.package)
        self.book = book
        self.sheet = sheet
        self.done: list[tuple[int, list[str]]] = []
        self.number = 0
        self.cells: dict[int, str] = {}
        self.column = self.count = 0
        self.kind = self.style = ""
        self.valued = self.inline = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict) -> None:  # the most frequent elements first
        if name == "c":
            ref = attrs.get("r")
            self.column = _column(ref) if ref else self.column + 1
            self.count += 1
            if self.column > EXCEL_COLUMNS or self.count > EXCEL_COLUMNS:  # empty cells too: millions of <c/>
                Budget.column(self.sheet, self.number, max(self.column, self.count))
            self.kind, self.style, self.valued = attrs.get("t", "n"), attrs.get("s", "0"), False
        elif name == "v":
            self.valued = True
            self.gather(True)
        elif name == "row":
            ref = attrs.get("r")
            self.number = _row_number(ref) if ref else self.number + 1
            Budget.row(self.sheet, self.number)
            self.cells, self.column, self.count = {}, 0, 0
        elif name == "is":
            self.valued = self.inline = True
        elif name == "rPh":
            self.phonetic += 1
        elif name == "t" and self.inline and not self.phonetic:
            self.gather(True)

    def end(self, name: str) -> None:
        if name == "c":
            self._cell()
        elif name == "v" or name == "t":
            self.gather(False)
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "is":
            self.inline = False
        elif name == "row" and self.cells:
            texts = [""] * max(self.cells)
            for column, text in self.cells.items():
                texts[column - 1] = text
            self.done.append((self.number, texts))
        elif name == "sheetData":
            raise Stop  # what follows (merged cells, validations …) is not read

    def _cell(self) -> None:
        raw = self.take()
        if not self.valued:
            return
        text = cell_text(self.book.value(raw, self.kind, self.style))
        if text:
            self.book.budget.cell(self.sheet, self.number, self.column, len(text))
            self.cells[self.column] = text

    def too_long(self, length: int) -> None:
        Budget.text(self.sheet, self.number, length)


class XlsxReader:
    """One workbook: ``sheets`` (name → part), then any sheet's rows, each read once."""

    def __init__(self, data: bytes, budget: Budget) -> None:
        self.package = Package(data)
        self.budget = budget
        office = "xl/workbook.xml"
        if self.package.has("_rels/.rels"):
            office = self._related(self.package.relationships(""), "officeDocument") or office
        self.parts = self.package.relationships(office)
        workbook = _Workbook(self.package)
        self.package.feed(office, workbook)
        self.epoch = workbook.epoch
        self.sheets = {name: self.parts[rid][1] for name, rid in workbook.sheets if rid in self.parts}
        self.strings: list[str] | None = None
        self.dates: set[str] = set()
        self.durations: set[str] = set()

    @staticmethod
    def _related(parts: dict[str, tuple[str, str]], kind: str) -> str | None:
        return next((target for type_, target in parts.values() if type_.endswith("/" + kind)), None)

    def _load(self) -> None:
        """What cells refer to: shared strings and date styles, read when a sheet first needs them."""
        strings = _SharedStrings(self.package)
        if name := self._related(self.parts, "sharedStrings"):
            self.package.feed(name, strings)
        self.strings = strings.strings
        if name := self._related(self.parts, "styles"):
            styles = _Styles(self.package)
            self.package.feed(name, styles)
            self.dates, self.durations = styles.dates()

    def value(self, raw: str, kind: str, style: str) -> object:
        """A cell's stored value as openpyxl gives it with data_only: its shared string, a bool, a
        number (int unless written with a point or an exponent; a date in a date style), or its text."""
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                raise SpreadsheetError("unreadable") from None
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind != "n":  # inlineStr, str (a formula's text), e (#N/A …), d (ISO 8601)
            return raw
        number = raw.strip()
        try:
            value = float(number) if any(mark in number for mark in ".eE") else int(number)
        except ValueError:
            return raw or None
        if style in self.dates:
            try:
                return from_excel(value, self.epoch, timedelta=style in self.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"
        return value

    def rows(self, name: str, label: str) -> Iterator[tuple[int, list[str]]]:
        """Sheet ``name``'s rows; ``label`` names the sheet in a refusal."""
        if self.strings is None:
            self._load()
        sheet = _Sheet(self, label)
        for _ in self.package.parse(self.sheets[name], sheet):
            yield from sheet.done
            sheet.done.clear()
        yield from sheet.done
