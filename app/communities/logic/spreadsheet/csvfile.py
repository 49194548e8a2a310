"""Reading a CSV row by row, never more than one row (of bounded length) in memory at once.

``csv.reader`` builds a whole record before it hands it over, so the lines it is given are bounded
first: a record longer than ``MAX_RECORD_CHARS`` cannot be a row within the limits (60 columns of
at most 1,000 characters, each doubled at worst by quoting) and is refused before it is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator

from app.communities.logic.spreadsheet.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    Budget,
    SpreadsheetError,
)

CHUNK = 64 * 1024
MAX_RECORD_CHARS = MAX_COLUMNS * (2 * MAX_CELL_CHARS + 3)
_QUOTED = re.compile(r'"[^"]*"')
_NOT_SPACE = re.compile(rb"\S")


def encoding_of(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030 (what Excel on a Chinese Windows saves); each is
    tried chunk by chunk, so the check makes no copy of the whole file."""
    if b"\x00" in data:
        raise SpreadsheetError("encoding")
    view = memoryview(data)
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), CHUNK):
                decoder.decode(view[start : start + CHUNK], final=start + CHUNK >= len(data))
        except UnicodeDecodeError:
            continue
        return encoding
    raise SpreadsheetError("encoding")


def delimiter_of(data: bytes) -> str:
    """A tab when the first line that is not blank has tabs and no comma (Excel's "Unicode text").
    Read on the bytes: neither byte occurs inside a UTF-8 or GB18030 character."""
    found = _NOT_SPACE.search(data)
    start = found.start() if found else 0
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    return "\t" if data.find(b"\t", start, end) >= 0 and data.find(b",", start, end) < 0 else ","


def used_columns(line: str, delimiter: str) -> int:
    """How many columns a line reaches, its trailing empty cells aside; quoted text is skipped
    (a quote that opens a cell spanning lines makes this an estimate)."""
    text = _QUOTED.sub("", line) if '"' in line else line
    text = text.rstrip(" \t\r\n" + delimiter)
    return text.count(delimiter) + 1 if text else 0


def _long_cell(line: str, delimiter: str) -> bool:
    """Whether the line holds one run of text longer than a cell may be (quotes and all)."""
    return re.search(f"[^{re.escape(delimiter)}\r\n]{{{MAX_CELL_CHARS + 1}}}", line) is not None


class _Lines:
    """The file's lines for ``csv.reader``, each record's length bounded before the reader sees it."""

    def __init__(self, data: bytes, encoding: str, delimiter: str) -> None:
        self.stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
        self.delimiter = delimiter
        self.record = 1  # the row the reader is on, as the user counts
        self.chars = 0  # of the record so far

    def __iter__(self) -> Iterator[str]:
        for line in iter(self.stream.readline, ""):
            self.chars += len(line)
            if self.chars > MAX_RECORD_CHARS:
                columns = used_columns(line, self.delimiter) if len(line) > MAX_RECORD_CHARS else 0
                Budget.column("", self.record, columns)
                if len(line) > MAX_RECORD_CHARS and not _long_cell(line, self.delimiter):
                    # Only delimiters and short cells on one line, e.g. a million trailing commas.
                    raise SpreadsheetError("row_too_long", row=self.record, max=MAX_RECORD_CHARS)
                raise SpreadsheetError("cell_too_long", row=self.record, max=MAX_CELL_CHARS)
            yield line

    def next_record(self) -> None:
        self.record += 1
        self.chars = 0


def csv_rows(data: bytes, budget: Budget) -> Iterator[tuple[int, list[str]]]:
    """(row number, the row's cells as trimmed text, trailing empty cells dropped), every limit of
    ``budget`` checked as each row is read; blank rows count towards the last row read."""
    lines = _Lines(data, encoding_of(data), delimiter_of(data))
    try:
        for record in csv.reader(lines, delimiter=lines.delimiter):
            number = lines.record
            budget.row("", number)
            texts = [cell.strip() for cell in record]
            while texts and not texts[-1]:
                texts.pop()
            budget.column("", number, len(texts))
            for column, text in enumerate(texts, start=1):
                if text:
                    budget.cell("", number, column, len(text))
            yield number, texts
            lines.next_record()
    except csv.Error:
        raise SpreadsheetError("unreadable") from None
    except UnicodeDecodeError:  # checked by encoding_of; kept for a decoder that disagrees with itself
        raise SpreadsheetError("encoding") from None
