"""Files built to freeze or exhaust the server are refused within a second and a few megabytes, each
with the limit it breaks named; files within the limits read as before."""

import io
import time
import tracemalloc
import zipfile

import pytest

from app.communities.logic.importing import ImportContext, check_file
from app.communities.logic.spreadsheet import MAX_ROWS, read_tables
from app.i18n import set_locale
from tests.communities import bombs
from tests.communities.sheets import (
    COMMUNITY_HEADERS,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLD_HEADERS,
    community_row,
    csv_text,
    household_row,
    many_households,
    xlsx,
)

CONTEXT = ImportContext(scope_prefix="630102001", region_codes=frozenset({"630102001001"}),
                        community_codes=frozenset({"630102001001001"}), this_year=2025)
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def english():
    set_locale("en")
    yield
    set_locale("zh_CN")


def _problems(data: bytes, filename: str) -> list[tuple]:
    return [(p.sheet, p.row, p.message) for p in check_file(data, filename, CONTEXT).problems]


def _only_message(data: bytes, filename: str) -> str:
    [(_sheet, _row, message)] = _problems(data, filename)
    return message


BOMBS = {
    "blank lines (CSV)": (bombs.blank_lines_csv, "a.csv", "goes on past row 40,000 (blank rows count too)"),
    "a row of millions of cells (CSV)": (bombs.wide_row_csv, "a.csv", "Row 3 goes up to column 2,621,359: at most 60 columns"),
    "a row of millions of empty cells (CSV)": (bombs.trailing_commas_csv, "a.csv",
                                               "Row 3 is longer than 120,180 characters (mostly empty cells)"),
    "one huge cell (CSV)": (bombs.huge_cell_csv, "a.csv", "A cell in row 3 holds more than 1,000 characters"),
    "one huge quoted cell over millions of lines (CSV)": (lambda: bombs.huge_cell_csv(quoted=True), "a.csv",
                                                          "A cell in row 3 holds more than 1,000 characters"),
    "a row of millions of cells (XLSX)": (bombs.wide_row_xlsx, "a.xlsx", "Row 3 goes up to column 61: at most 60 columns"),
    "a row of millions of empty cells (XLSX)": (lambda: bombs.wide_row_xlsx(empty=True), "a.xlsx",
                                                "Row 3 goes up to column 16,385: at most 60 columns"),
    "one huge cell (XLSX)": (bombs.huge_cell_xlsx, "a.xlsx", "A cell in row 3 holds more than 1,000 characters"),
    "one huge shared string (XLSX)": (bombs.huge_shared_string_xlsx, "a.xlsx", "a text of more than 1,000 characters"),
}


@pytest.mark.parametrize("make, filename, reason", BOMBS.values(), ids=BOMBS.keys())
def test_a_bomb_is_refused_in_under_a_second_and_100_mb_naming_the_limit(make, filename, reason):
    data = make()
    assert len(data) <= 5 * MB
    started = time.thread_time()  # the parse's own CPU, whatever else the machine is doing
    message = _only_message(data, filename)
    assert time.thread_time() - started < 1.0
    assert reason in message, message
    tracemalloc.start()
    try:
        check_file(data, filename, CONTEXT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * MB, f"{peak / MB:.0f} MB"


def test_the_refusal_is_in_the_users_language():
    set_locale("zh_CN")
    [(sheet, row, message)] = _problems(bombs.wide_row_xlsx(), "登记表.xlsx")
    assert (sheet, row, message) == ("住户", 3, "第 3 行一直用到第 61 列，最多只能有 60 列。")
    assert "第 3 行一直用到第 2,621,359 列" in _only_message(bombs.wide_row_csv(), "登记表.csv")


def _wide(columns: int, trailing_blanks: int = 0) -> list[str]:
    return household_row("630102001001001") + ["备注"] * (columns - 7) + [""] * trailing_blanks


@pytest.mark.parametrize("filename", ["a.csv", "a.xlsx"])
def test_a_row_may_fill_60_columns_but_not_61_and_empty_cells_after_do_not_count(filename):
    def file(row):
        if filename.endswith(".csv"):
            return csv_text(HOUSEHOLD_HEADERS, [row]).encode()
        return bombs.rows_xlsx([row]) if row[-1] == "" else xlsx(None, [row])

    assert _problems(file(_wide(60)), filename) == []
    assert _problems(file(_wide(60, trailing_blanks=200)), filename) == []
    assert _only_message(file(_wide(61)), filename) == "Row 2 goes up to column 61: at most 60 columns are allowed."


def test_a_cell_may_hold_1000_characters_but_not_1001_in_any_of_the_ways_a_file_holds_text():
    fits, too_long = "地" * 1000, "地" * 1001
    for text in (fits, too_long):
        row = household_row("630102001001001") + [text]
        files = [(csv_text(HOUSEHOLD_HEADERS, [row]).encode(), "a.csv"), (xlsx(None, [row]), "a.xlsx"),
                 (bombs.rows_xlsx([row]), "a.xlsx"), (bombs.rows_xlsx([[*row[:-1], 0]], shared=[text]), "a.xlsx")]
        for data, filename in files:
            problems = _problems(data, filename)
            if text is fits:
                assert problems == [], problems
            else:
                [(_, _, message)] = problems
                assert "more than 1,000 characters" in message and "at most 1,000" in message


def test_the_whole_file_is_bounded_in_filled_cells_and_in_characters():
    rows = [["1"] * 26 for _ in range(MAX_ROWS)]  # 520,000 cells in 1 MB
    assert _only_message(csv_text(HOUSEHOLD_HEADERS, rows).encode(), "a.csv") == (
        "The file holds more than 500,000 filled cells: split it into several files.")
    # One short shared string, referred to by many cells, still counts each time it is read.
    rows = [[0] * 50 for _ in range(200)]
    message = _only_message(bombs.rows_xlsx(rows, shared=["字" * 900]), "a.xlsx")
    assert message == "The file holds more than 8,000,000 characters of text: split it into several files."


def test_rows_past_40000_are_not_read_even_when_blank():
    near = bombs.xlsx_package([bombs.SHEET_START, '<row r="40000"><c t="inlineStr"><is><t>x</t></is></c></row>', bombs.SHEET_END])
    assert {row for _, row, _ in _problems(near, "a.xlsx")} == {40000}  # read, and its row checked
    past = bombs.xlsx_package([bombs.SHEET_START, '<row r="40001"/>', bombs.SHEET_END])
    assert _problems(past, "a.xlsx") == [("住户", 0, "The sheet goes on past row 40,000 (blank rows count too): at most "
                                                   "40,000 rows are read; split it into several files.")]


def _patched_sizes(data: bytes, size: int) -> bytes:
    """The same zip, each member declaring ``size`` bytes unzipped (in its local and central headers)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = out.find(signature)
        while start >= 0:
            out[start + offset : start + offset + 4] = size.to_bytes(4, "little")
            start = out.find(signature, start + 4)
    return bytes(out)


def test_an_xlsx_is_read_against_a_byte_budget_not_its_headers():
    # Both sheets point at one 60 MB part: the zip declares 60 MB, reading it twice inflates 120.
    part = ["<worksheet><sheetData>", *(["<!--" + "x" * 1000 + "-->"] * (60 * 1024)), "</sheetData></worksheet>"]
    data = bombs.xlsx_package(part, workbook=bombs.WORKBOOK_TWO_SHEETS_ONE_PART)
    started = time.thread_time()
    assert _only_message(data, "a.xlsx") == "The workbook is too large once unpacked: at most 100 MB."
    assert time.thread_time() - started < 2.0
    # A member that declares fewer bytes than it holds is not read past what it declares.
    lying = _patched_sizes(bombs.huge_cell_xlsx(megabytes=1), 100)
    assert "cannot be read" in _only_message(lying, "a.xlsx")


def test_an_xlsx_of_a_thousand_parts_is_refused_before_they_are_listed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for n in range(1001):
            archive.writestr(f"xl/media/{n}.bin", b"")
    assert _only_message(buffer.getvalue(), "a.xlsx") == (
        "The workbook is made of more than 1,000 parts: save it again from Excel with only the 小区 and 住户 sheets.")


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lolololololololololol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1 or "") + ";") * 10}">' for n in range(1, 10)) + "]>")


@pytest.mark.parametrize("where", ["sheet", "shared strings"])
def test_xml_entities_are_refused_unexpanded(where):
    if where == "sheet":
        data = bombs.xlsx_package([LAUGHS, bombs.SHEET_START.split("?>", 1)[1], "<row><c t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>", bombs.SHEET_END])
    else:
        data = bombs.xlsx_package([bombs.SHEET_START, '<row><c t="s"><v>0</v></c></row>', bombs.SHEET_END],
                                  [LAUGHS, "<sst><si><t>&lol9;</t></si></sst>"])
    started = time.thread_time()
    assert "cannot be read" in _only_message(data, "a.xlsx")
    assert time.thread_time() - started < 1.0


def test_a_workbook_written_by_hand_reads_as_excel_shows_it():
    """Prefixed names, rich text with a phonetic guide, shared and inline strings, numbers, booleans."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (f'<x:worksheet xmlns:x="{main}"><x:sheetData><x:row r="1">'
             + "".join(f'<x:c r="{chr(65 + n)}1" t="s"><x:v>{n}</x:v></x:c>' for n in range(7)) + "</x:row>"
             '<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>630102001001001</x:t></x:is></x:c><x:c r="B3" t="s"><x:v>7</x:v></x:c>'
             '<x:c r="C3" t="str"><x:f>"1-"&amp;"101"</x:f><x:v>1-101</x:v></x:c><x:c r="D3"><x:v>85.5</x:v></x:c>'
             '<x:c r="E3" t="s"><x:v>8</x:v></x:c><x:c r="F3"><x:v>13812345678</x:v></x:c><x:c r="G3" t="b"><x:v>0</x:v></x:c></x:row>'
             "</x:sheetData><x:mergeCells><x:mergeCell ref=\"A1:B1\"/></x:mergeCells></x:worksheet>")
    strings = ([f'<sst xmlns="{main}">'] + [f"<si><t>{header}</t></si>" for header in HOUSEHOLD_HEADERS]
               + ["<si><t>1号楼</t></si>", '<si><r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">三 </t></r>'
                  "<rPh sb=\"0\" eb=\"1\"><t>ZHANG</t></rPh></si>", "</sst>"])
    sheets = read_tables(bombs.xlsx_package([sheet], strings), "a.xlsx")
    assert sheets["住户"].rows == [(3, {
        "community_code": "630102001001001", "building": "1号楼", "unit_number": "1-101", "floor_area": "85.5",
        "owner_name": "张三", "owner_phone": "13812345678", "is_developer_stock": "否"})]


def test_the_largest_register_the_limits_allow_is_read_whole():
    communities = [community_row(code=f"630102001001{n % 999 + 1:03d}") for n in range(MAX_ROWS)]
    households = many_households(count=MAX_ROWS)
    data = bombs.register_xlsx({"小区": [COMMUNITY_HEADERS, *communities], "住户": [HOUSEHOLD_HEADERS, *households]})
    sheets = read_tables(data, "a.xlsx")
    assert [len(sheets[name].rows) for name in ("小区", "住户")] == [MAX_ROWS, MAX_ROWS]
    assert sheets["住户"].rows[-1] == (MAX_ROWS + 1, dict(zip([name for name, _, _ in HOUSEHOLD_COLUMNS], households[-1])))
    text = csv_text(COMMUNITY_HEADERS, communities).encode("gb18030")
    assert len(read_tables(text, "a.csv")["小区"].rows) == MAX_ROWS
