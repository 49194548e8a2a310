"""How much of a spreadsheet is read, and the one place that counts it.

A register has 8 columns (小区) or 7 (住户) of short text (the longest, an address, holds at most 255
characters). Every limit leaves room for what a street office adds (a notes column, a remark) and is
checked while the file streams in, so a file built to exhaust the server is refused after a few
thousand cells, not after it has been read.
"""

from __future__ import annotations

MAX_BYTES = 5 * 1024 * 1024  # the upload as sent
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024  # an XLSX's XML, counted as it inflates (a header may lie)
MAX_ROWS = 20_000  # rows of data per sheet; a street office's register is far smaller
MAX_ROW_NUMBER = 2 * MAX_ROWS  # no sheet is read past this row, blank rows included
MAX_COLUMNS = 60  # the last column a value may sit in
MAX_CELL_CHARS = 1_000  # characters in one cell (an address has at most 255)
MAX_CELLS = 500_000  # filled cells in the whole file: two full sheets are ~300,000
MAX_TEXT_CHARS = 8_000_000  # characters in the whole file (and in an XLSX's shared strings)


class SpreadsheetError(ValueError):
    """A file that cannot or may not be read: ``problem`` is a code, ``details`` fill its message;
    ``sheet`` and ``row`` say where, when a place is known."""

    def __init__(self, problem: str, *, sheet: str = "", row: int = 0, **details: int) -> None:
        super().__init__(problem)
        self.problem = problem
        self.sheet = sheet
        self.row = row
        self.details = details


class Budget:
    """What one file has used of the limits; each reader reports every filled cell as it reads it."""

    def __init__(self) -> None:
        self.cells = 0
        self.chars = 0

    @staticmethod
    def row(sheet: str, number: int) -> None:
        if number > MAX_ROW_NUMBER:
            raise SpreadsheetError("too_many_lines", sheet=sheet, max=MAX_ROW_NUMBER)

    @staticmethod
    def column(sheet: str, row: int, column: int) -> None:
        """``column``: the last column (1 = A) the row uses so far."""
        if column > MAX_COLUMNS:
            raise SpreadsheetError("too_many_columns", sheet=sheet, row=row, n=column, max=MAX_COLUMNS)

    @staticmethod
    def text(sheet: str, row: int, length: int) -> None:
        """Called as a cell's text grows, so one huge cell is refused at its first kilobytes."""
        if length > MAX_CELL_CHARS:
            raise SpreadsheetError("cell_too_long", sheet=sheet, row=row, max=MAX_CELL_CHARS)

    def cell(self, sheet: str, row: int, column: int, length: int) -> None:
        """A filled cell, read whole (called for each: the checks are inline)."""
        if column > MAX_COLUMNS:
            self.column(sheet, row, column)
        if length > MAX_CELL_CHARS:
            self.text(sheet, row, length)
        self.cells += 1
        self.chars += length
        if self.cells > MAX_CELLS:
            raise SpreadsheetError("too_many_cells", max=MAX_CELLS)
        if self.chars > MAX_TEXT_CHARS:
            raise SpreadsheetError("too_much_text", max=MAX_TEXT_CHARS)
