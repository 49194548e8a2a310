"""The XLSX street offices fill in: both sheets with their headers and choice lists, and notes."""

from __future__ import annotations

import io

from app.communities.logic import STATUS_WORDS_IN_TEMPLATE
from app.communities.logic.spreadsheet import COLUMNS, COMMUNITY_SHEET, HOUSEHOLD_SHEET

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
