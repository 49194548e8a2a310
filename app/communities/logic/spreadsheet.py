"""The registry's spreadsheets: the template street offices fill in, and reading it back as text.

Pure: bytes in, rows of text out (or bytes out for the template). Nothing here checks what a value
means; ``importing`` does. A file that cannot be read raises ``SpreadsheetError`` with a problem code.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from app.communities.logic import STATUS_WORDS_IN_TEMPLATE

COMMUNITY_SHEET = "小区"
HOUSEHOLD_SHEET = "住户"

# (field, header, required): the headers are the file's format, Chinese whatever the user's language.
COMMUNITY_COLUMNS = (
    ("code", "小区编码", True),
    ("name", "小区名称", True),
    ("region_code", "所属社区代码", True),
    ("address", "地址", False),
    ("year_built", "建成年份", True),
    ("total_area", "建筑面积(平方米)", True),
    ("renovation_year", "改造年份", False),
    ("renovation_status", "改造状态", False),
)
HOUSEHOLD_COLUMNS = (
    ("community_code", "小区编码", True),
    ("building", "楼栋", True),
    ("unit_number", "房号", True),
    ("floor_area", "建筑面积(平方米)", True),
    ("owner_name", "业主姓名", False),
    ("owner_phone", "联系电话", False),
    ("is_developer_stock", "开发商未售(是/否)", False),
)
COLUMNS = {COMMUNITY_SHEET: COMMUNITY_COLUMNS, HOUSEHOLD_SHEET: HOUSEHOLD_COLUMNS}

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000  # per sheet; a street office's register is far smaller
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # an XLSX that inflates beyond this is not a register
MAX_COLUMNS = 30
FILE_PROBLEMS = ("empty", "too_big", "type", "old_xls", "unreadable", "encoding", "too_many_rows", "no_sheet", "kind")


class SpreadsheetError(ValueError):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass
class Sheet:
    name: str  # COMMUNITY_SHEET or HOUSEHOLD_SHEET
    header_row: int = 0  # 0: the sheet has no header row at all
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (row number as the user sees it, values)
    missing: list[str] = field(default_factory=list)  # required headers not found


def _fold(text: str) -> str:
    """A header as compared: full-width folded (NFKC), no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _header_keys(header: str) -> set[str]:
    folded = _fold(header)
    return {folded, folded.split("(")[0]}  # "建筑面积(平方米)" may be written "建筑面积"


def cell_text(value: object) -> str:
    """A cell as text, exactly: a whole float as an integer, other floats by their shortest repr."""
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


def _sheet_from_rows(name: str, rows) -> Sheet:
    """Rows (row number, list of cells) → a Sheet keyed by field; the first non-blank row is the header."""
    sheet = Sheet(name)
    positions: dict[str, int] = {}
    for number, cells in rows:
        texts = [cell_text(cell) for cell in cells[:MAX_COLUMNS]]
        if not any(texts):
            continue
        if not sheet.header_row:
            sheet.header_row = number
            found = {}
            for index, text in enumerate(texts):
                for key in _header_keys(text):
                    found.setdefault(key, index)
            for name_, header, required in COLUMNS[name]:
                index = next((found[key] for key in _header_keys(header) if key in found), None)
                if index is not None:
                    positions[name_] = index
                elif required:
                    sheet.missing.append(header)
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise SpreadsheetError("too_many_rows")
        values = {name_: (texts[index] if index < len(texts) else "") for name_, index in positions.items()}
        sheet.rows.append((number, values))
    if not sheet.header_row:
        sheet.missing = [header for _, header, required in COLUMNS[name] if required]
    return sheet


def _numbered(rows):
    # Blank rows are skipped but still read: bound them too, or a sheet of a million empty rows takes minutes.
    for number, cells in enumerate(rows, start=1):
        if number > 2 * MAX_ROWS + 10:
            raise SpreadsheetError("too_many_rows")
        yield number, list(cells)


def _read_xlsx(data: bytes) -> list[Sheet]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise SpreadsheetError("too_big")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SpreadsheetError:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file: all mean "cannot read it"
        raise SpreadsheetError("unreadable") from None
    try:
        sheets = []
        names = {_fold(name): name for name in workbook.sheetnames}
        for wanted in (COMMUNITY_SHEET, HOUSEHOLD_SHEET):
            if wanted not in names:
                continue
            worksheet = workbook[names[wanted]]
            sheets.append(_sheet_from_rows(wanted, _numbered(worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))))
    except SpreadsheetError:
        raise
    except Exception:
        raise SpreadsheetError("unreadable") from None
    finally:
        workbook.close()
    if not sheets:
        raise SpreadsheetError("no_sheet")
    return sheets


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (what Excel on a Chinese Windows saves)."""
    if b"\x00" in data:
        raise SpreadsheetError("encoding")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SpreadsheetError("encoding") from None


def _read_csv(data: bytes) -> list[Sheet]:
    text = decode_text(data)
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise SpreadsheetError("unreadable") from None
    header = next((row for row in records if any(cell.strip() for cell in row)), None)
    if header is None:
        raise SpreadsheetError("empty")
    keys = set().union(*(_header_keys(cell) for cell in header))
    if "房号" in keys or "楼栋" in keys:
        kind = HOUSEHOLD_SHEET
    elif "小区名称" in keys or "所属社区代码" in keys:
        kind = COMMUNITY_SHEET
    else:
        raise SpreadsheetError("kind")
    return [_sheet_from_rows(kind, ((number, row) for number, row in enumerate(records, start=1)))]


def read_tables(data: bytes, filename: str) -> dict[str, Sheet]:
    """The sheets found in an XLSX (小区 and/or 住户) or a CSV (one kind, told by its header row)."""
    if not data:
        raise SpreadsheetError("empty")
    if len(data) > MAX_BYTES:
        raise SpreadsheetError("too_big")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError("old_xls")
    if suffix == "xlsx":
        if not data.startswith(b"PK"):
            raise SpreadsheetError("unreadable")
        sheets = _read_xlsx(data)
    elif suffix == "csv":
        if data.startswith(b"PK"):
            raise SpreadsheetError("type")  # an XLSX renamed to .csv
        sheets = _read_csv(data)
    else:
        raise SpreadsheetError("type")
    return {sheet.name: sheet for sheet in sheets}


NOTES_SHEET = "说明"
EXAMPLES = {
    COMMUNITY_SHEET: ("630102001001001", "幸福小区", "630102001001", "西宁市城东区东关大街1号", "1995", "12500.5", "2024", "计划改造"),
    HOUSEHOLD_SHEET: ("630102001001001", "1号楼", "1-101", "85.5", "张三", "13812345678", "否"),
}


def template_bytes(notes: list[str]) -> bytes:
    """The XLSX street offices fill in: both sheets with their headers and choice lists, and a sheet of
    ``notes`` (in the user's language) with an example row for each; the data sheets start empty so
    that importing the template as downloaded imports nothing."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    for index, (name, columns) in enumerate(COLUMNS.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = name
        sheet.append([header for _, header, _ in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for letter_index in range(len(columns)):
            sheet.column_dimensions[chr(ord("A") + letter_index)].width = 18
        # Codes and phones are text: a number format would turn 15 digits into 6.30102E+14.
        for column in ("A", "C") if name == COMMUNITY_SHEET else ("A", "C", "F"):
            for row in range(2, 2002):
                sheet[f"{column}{row}"].number_format = "@"
        choices = STATUS_WORDS_IN_TEMPLATE if name == COMMUNITY_SHEET else ("是", "否")
        column = "H" if name == COMMUNITY_SHEET else "G"
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}2001")
    sheet = workbook.create_sheet(NOTES_SHEET)
    sheet.column_dimensions["A"].width = 100
    for line in notes:
        sheet.append([line])
    for name, columns in COLUMNS.items():
        sheet.append([])
        sheet.append([name])
        sheet.append([" | ".join(header for _, header, _ in columns)])
        sheet.append([" | ".join(EXAMPLES[name])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
