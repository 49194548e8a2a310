"""Spreadsheets for the import tests, built in memory the way street offices' files come."""

from __future__ import annotations

import io

from openpyxl import Workbook

from app.communities.logic.spreadsheet import COMMUNITY_COLUMNS, HOUSEHOLD_COLUMNS

COMMUNITY_HEADERS = [header for _, header, _ in COMMUNITY_COLUMNS]
HOUSEHOLD_HEADERS = [header for _, header, _ in HOUSEHOLD_COLUMNS]


def community_row(code="630102001001101", name="新建小区", year=1998, area="12000.50", renovation_year=2025, status="计划改造", address="东关大街8号"):
    return [code, name, code[:12], address, year, area, renovation_year, status]


def household_row(code="630102001001101", building="1号楼", unit="1-101", area="85.50", owner="张三", phone="13812345678", stock="否"):
    return [code, building, unit, area, owner, phone, stock]


def xlsx(communities=None, households=None, *, headers=True) -> bytes:
    """A workbook with a 小区 sheet and/or a 住户 sheet (None leaves the sheet out)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, column_headers, rows in (("小区", COMMUNITY_HEADERS, communities), ("住户", HOUSEHOLD_HEADERS, households)):
        if rows is None:
            continue
        sheet = workbook.create_sheet(name)
        if headers:
            sheet.append(column_headers)
        for row in rows:
            sheet.append(row)
    if not workbook.sheetnames:
        workbook.create_sheet("Sheet1").append(["名字", "年龄"])  # a workbook of something else
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(headers, rows) -> str:
    lines = [",".join(headers)] + [",".join("" if cell is None else str(cell) for cell in row) for row in rows]
    return "\n".join(lines) + "\n"


def many_households(code="630102001001101", count=600) -> list[list]:
    """``count`` households over buildings of 60 units; every tenth owner holds two units."""
    rows = []
    for n in range(count):
        building = f"{n // 60 + 1}号楼"
        unit = f"{(n % 60) // 12 + 1}-{(n % 12) + 101}"
        owner = n - 1 if n % 10 == 1 else n  # a buyer of two neighbouring units is one owner
        rows.append(household_row(code, building, unit, f"{60 + n % 50}.{n % 100:02d}", f"业主{owner}", f"139{owner:08d}"))
    return rows
