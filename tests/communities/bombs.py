"""Small files built to exhaust a spreadsheet reader: a few hundred kilobytes that declare millions
of rows or cells, or a cell of tens of megabytes. Built in memory, compressed, never committed."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from app.communities.logic.spreadsheet import MAX_BYTES
from tests.communities.sheets import HOUSEHOLD_HEADERS, csv_text, household_row

HEADER_CSV = csv_text(HOUSEHOLD_HEADERS, [household_row("630102001001001")]).encode()
MB = 1024 * 1024

_CONTENT_TYPES = (  # what Excel and openpyxl need to open the file: the bombs are real workbooks
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
_OVERRIDE = '<Override PartName="/xl/{name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{type}+xml"/>'
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>'
)
WORKBOOK_TWO_SHEETS_ONE_PART = _WORKBOOK.format(  # both sheets read the same part
    sheets='<sheet name="小区" sheetId="1" r:id="rId1"/><sheet name="住户" sheetId="2" r:id="rId1"/>')
_RELATIONSHIP = '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{type}" Target="{target}"/>'
_RELATIONSHIPS = ('<?xml version="1.0" encoding="UTF-8"?>'
                  '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>')
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>"
    + '<row r="1">' + "".join(f'<c t="inlineStr"><is><t>{header}</t></is></c>' for header in HOUSEHOLD_HEADERS) + "</row>"
)
SHEET_END = "</sheetData></worksheet>"


def blank_lines_csv() -> bytes:
    """A header, then as many empty lines as the size limit lets in (five million)."""
    return HEADER_CSV + b"\n" * (MAX_BYTES - len(HEADER_CSV))


def wide_row_csv() -> bytes:
    """A header, then row 3: two and a half million cells."""
    return HEADER_CSV + b"1," * ((MAX_BYTES - len(HEADER_CSV)) // 2)


def trailing_commas_csv() -> bytes:
    """A header, then row 3: one value and millions of empty cells after it (a sheet saved with
    every column selected)."""
    return HEADER_CSV + b"1" + b"," * (MAX_BYTES - len(HEADER_CSV) - 1)


def huge_cell_csv(quoted: bool = False) -> bytes:
    """A header, then row 3: one cell of nearly 5 MB (quoted: with line breaks, so it spans lines)."""
    size = MAX_BYTES - len(HEADER_CSV) - 2
    return HEADER_CSV + (b'"' + b"a\n" * (size // 2) + b'"' if quoted else b"a" * size)


def xlsx_package(sheet_parts, shared_parts=None, workbook: str | None = None) -> bytes:
    """A workbook with one 住户 sheet whose XML is the concatenation of ``sheet_parts`` (an iterable
    of str, streamed into the zip so that tens of megabytes never sit in the test's memory), and
    shared strings likewise."""
    return _package([("住户", sheet_parts)], shared_parts, workbook)


def _package(sheets: list[tuple[str, object]], shared_parts=None, workbook: str | None = None) -> bytes:
    listing = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, (name, _) in enumerate(sheets, start=1))
    relationships = [_RELATIONSHIP.format(id=f"rId{n}", type="worksheet", target=f"worksheets/sheet{n}.xml") for n in range(1, len(sheets) + 1)]
    if shared_parts is not None:
        relationships.append(_RELATIONSHIP.format(id="rId0", type="sharedStrings", target="sharedStrings.xml"))
    parts = [(f"xl/worksheets/sheet{n}.xml", content) for n, (_, content) in enumerate(sheets, start=1)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        overrides = [_OVERRIDE.format(name=f"worksheets/sheet{n}.xml", type="worksheet") for n in range(1, len(sheets) + 1)]
        if shared_parts is not None:
            overrides.append(_OVERRIDE.format(name="sharedStrings.xml", type="sharedStrings"))
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(overrides="".join(overrides)))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook or _WORKBOOK.format(sheets=listing))
        archive.writestr("xl/_rels/workbook.xml.rels", _RELATIONSHIPS.format("".join(relationships)))
        for name, content in [*parts, ("xl/sharedStrings.xml", shared_parts)]:
            if content is None:
                continue
            with archive.open(name, "w", force_zip64=False) as member:
                for part in content:
                    member.write(part.encode() if isinstance(part, str) else part)
    data = buffer.getvalue()
    assert len(data) < MAX_BYTES, len(data)
    return data


def register_xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A register as Excel writes it, quickly (openpyxl takes seconds for 40,000 rows): cells with
    their references and a style, text in the shared strings, numbers as numbers."""
    strings: dict[str, int] = {}

    def cell(ref: str, value) -> str:
        if isinstance(value, (int, float)):
            return f'<c r="{ref}" s="1"><v>{value}</v></c>'
        return f'<c r="{ref}" s="1" t="s"><v>{strings.setdefault(str(value), len(strings))}</v></c>'

    parts = []
    for name, rows in sheets.items():
        body = [f'<row r="{number}" spans="1:{len(row)}">' + "".join(cell(f"{chr(65 + index)}{number}", value)
                for index, value in enumerate(row) if value not in (None, "")) + "</row>"
                for number, row in enumerate(rows, start=1)]
        parts.append((name, ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
                             *body, "</sheetData></worksheet>"]))
    shared = ['<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
              *(f"<si><t>{escape(text)}</t></si>" for text in strings), "</sst>"]
    return _package(parts, shared)


def _repeated(text: str, times: int, batch: int = 10_000):
    for start in range(0, times, batch):
        yield text * min(batch, times - start)


def wide_row_xlsx(cells: int = 2_000_000, empty: bool = False) -> bytes:
    """Row 3 of two million cells (with a value each, or empty ones: <c/>)."""
    cell = "<c/>" if empty else "<c><v>1</v></c>"
    return xlsx_package([SHEET_START, '<row r="3">', *_repeated(cell, cells), "</row>", SHEET_END])


def huge_cell_xlsx(megabytes: int = 50) -> bytes:
    """Row 3's first cell: an inline string of ``megabytes`` MB."""
    return xlsx_package([SHEET_START, '<row r="3"><c t="inlineStr"><is><t>', *_repeated("a" * 1024, megabytes * 1024), "</t></is></c></row>", SHEET_END])


def huge_shared_string_xlsx(megabytes: int = 50) -> bytes:
    """Row 3's first cell refers to shared string 0, of ``megabytes`` MB."""
    sheet = [SHEET_START, '<row r="3"><c t="s"><v>0</v></c></row>', SHEET_END]
    shared = ['<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
              *_repeated("a" * 1024, megabytes * 1024), "</t></si></sst>"]
    return xlsx_package(sheet, shared)


def rows_xlsx(rows: list[list[str]], shared: list[str] | None = None) -> bytes:
    """A hand-written 住户 sheet: each cell an inline string, or a shared string's index when it is an int."""
    def cell(value):
        return f"<c t=\"s\"><v>{value}</v></c>" if isinstance(value, int) else f'<c t="inlineStr"><is><t>{value}</t></is></c>'
    body = "".join(f'<row r="{number}">' + "".join(cell(value) for value in row) + "</row>" for number, row in enumerate(rows, start=2))
    strings = None
    if shared is not None:
        strings = ['<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', *(f"<si><t>{text}</t></si>" for text in shared), "</sst>"]
    return xlsx_package([SHEET_START, body, SHEET_END], strings)
