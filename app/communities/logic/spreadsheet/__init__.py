"""The registry's spreadsheets read back as text: the template's two sheets, from an XLSX or a CSV.

Pure: bytes in, rows of text out. Nothing here checks what a value means; ``importing`` does. A file
that cannot or may not be read raises ``SpreadsheetError`` with a problem code. Files are streamed
(``xlsx``, ``csvfile``) and every limit of ``limits`` is checked as they are, so a file built to
freeze the server is refused after its first few kilobytes of nonsense. The template street offices
fill in is made in ``template``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.communities.logic.spreadsheet.csvfile import csv_rows
from app.communities.logic.spreadsheet.limits import (
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROW_NUMBER,
    MAX_ROWS,
    MAX_TEXT_CHARS,
    MAX_UNZIPPED_BYTES,
    Budget,
    SpreadsheetError,
)
from app.communities.logic.spreadsheet.xlsx import XlsxReader, cell_text

__all__ = [
    "COLUMNS", "COMMUNITY_COLUMNS", "COMMUNITY_SHEET", "HOUSEHOLD_COLUMNS", "HOUSEHOLD_SHEET", "MAX_BYTES",
    "MAX_CELL_CHARS", "MAX_CELLS", "MAX_COLUMNS", "MAX_ROW_NUMBER", "MAX_ROWS", "MAX_TEXT_CHARS",
    "MAX_UNZIPPED_BYTES", "Sheet", "SpreadsheetError", "cell_text", "read_tables",
]

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


def _csv_kind(header: list[str]) -> str:
    """A CSV holds one sheet; its header row tells which."""
    keys = set().union(*(_header_keys(cell) for cell in header))
    if "房号" in keys or "楼栋" in keys:
        return HOUSEHOLD_SHEET
    if "小区名称" in keys or "所属社区代码" in keys:
        return COMMUNITY_SHEET
    raise SpreadsheetError("kind")


def _sheet_from_rows(name: str | None, rows: Iterable[tuple[int, list[str]]]) -> Sheet:
    """Rows (row number, texts) → a Sheet keyed by field; the first non-blank row is the header.
    ``name`` None: a CSV's rows, whose header tells the sheet. Rows are taken one at a time, so
    a reader's limits stop a file while it is read."""
    sheet = Sheet(name) if name else None
    positions: dict[str, int] = {}
    for number, texts in rows:
        if not any(texts):
            continue
        if sheet is None:
            sheet = Sheet(_csv_kind(texts))
        if not sheet.header_row:
            sheet.header_row = number
            found: dict[str, int] = {}
            for index, text in enumerate(texts):
                for key in _header_keys(text):
                    found.setdefault(key, index)
            for name_, header, required in COLUMNS[sheet.name]:
                index = next((found[key] for key in _header_keys(header) if key in found), None)
                if index is not None:
                    positions[name_] = index
                elif required:
                    sheet.missing.append(header)
            continue
        if len(sheet.rows) >= MAX_ROWS:
            raise SpreadsheetError("too_many_rows", sheet=sheet.name, row=number, max=MAX_ROWS)
        values = {name_: (texts[index] if index < len(texts) else "") for name_, index in positions.items()}
        sheet.rows.append((number, values))
    if sheet is None:
        raise SpreadsheetError("empty")  # a CSV with nothing but blank lines
    if not sheet.header_row:
        sheet.missing = [header for _, header, required in COLUMNS[sheet.name] if required]
    return sheet


def _read_xlsx(data: bytes, budget: Budget) -> list[Sheet]:
    try:
        book = XlsxReader(data, budget)
        names = {_fold(name): name for name in book.sheets}
        wanted = [name for name in (COMMUNITY_SHEET, HOUSEHOLD_SHEET) if name in names]
        if not wanted:
            raise SpreadsheetError("no_sheet")
        return [_sheet_from_rows(name, book.rows(names[name], name)) for name in wanted]
    except SpreadsheetError:
        raise
    except Exception:  # a damaged or foreign file can fail anywhere; whatever it is, it cannot be read
        raise SpreadsheetError("unreadable") from None


def read_tables(data: bytes, filename: str) -> dict[str, Sheet]:
    """The sheets found in an XLSX (小区 and/or 住户) or a CSV (one kind, told by its header row)."""
    if not data:
        raise SpreadsheetError("empty")
    if len(data) > MAX_BYTES:
        raise SpreadsheetError("too_big")
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError("old_xls")
    budget = Budget()
    if suffix == "xlsx":
        if not data.startswith(b"PK"):
            raise SpreadsheetError("unreadable")
        sheets = _read_xlsx(data, budget)
    elif suffix == "csv":
        if data.startswith(b"PK"):
            raise SpreadsheetError("type")  # an XLSX renamed to .csv
        sheets = [_sheet_from_rows(None, csv_rows(data, budget))]
    else:
        raise SpreadsheetError("type")
    return {sheet.name: sheet for sheet in sheets}
