"""The register import's dry run in a real browser: the file is checked in place, every bad row is
listed with its sheet, row and column, and a clean file offers the import. Nothing is imported here."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.browser.helpers import log_in, zh

pytestmark = pytest.mark.browser

COMMUNITY = ["小区编码", "小区名称", "所属社区代码", "地址", "建成年份", "建筑面积(平方米)", "改造年份", "改造状态"]
HOUSEHOLD = ["小区编码", "楼栋", "房号", "建筑面积(平方米)", "业主姓名", "联系电话", "开发商未售(是/否)"]


def _workbook(unit_area: str) -> bytes:
    workbook = Workbook()
    communities = workbook.active
    communities.title = "小区"
    communities.append(COMMUNITY)
    communities.append(["630102001001901", "浏览器测试小区", "630102001001", "东关大街", 1996, "8000", 2026, "计划改造"])
    households = workbook.create_sheet("住户")
    households.append(HOUSEHOLD)
    households.append(["630102001001901", "1号楼", "1-101", "85.5", "张三", "13812345678", "否"])
    households.append(["630102001001901", "1号楼", "1-102", unit_area, "李四", "13912345678", "否"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _choose(page, data: bytes) -> None:
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    page.locator("#f-file").set_input_files(files=[{"name": "登记表.xlsx", "mimeType": mime, "buffer": data}])


def test_a_street_office_checks_a_spreadsheet_before_importing_it(page, screenshot):
    log_in(page, "street")
    page.goto("/communities/import")
    expect(page.locator("a[href='/communities/import/template.xlsx']")).to_be_visible()
    page.evaluate("window.__stillTheSamePage = true")

    _choose(page, _workbook("85.125"))
    page.locator("#import-form button[type=submit]").click()
    problems = page.locator("#import-result table tbody tr")
    expect(problems).to_have_count(1)
    cells = problems.first.locator("td").all_inner_texts()
    assert cells[:3] == ["住户", "3", "建筑面积(平方米)"]
    assert cells[3] in zh("An area has at most two decimals (0.01 m²).")
    expect(page.locator("#import-result input[name=upload]")).to_have_count(0)  # nothing to confirm
    screenshot(page, "street-import-problems")

    _choose(page, _workbook("90.25"))
    page.locator("#import-form button[type=submit]").click()
    confirm = page.locator("#import-result form button[type=submit]")
    expect(confirm).to_be_visible()
    expect(page.locator("#import-result table tbody tr")).to_have_count(3)  # communities, households, buildings
    assert page.evaluate("window.__stillTheSamePage === true"), "the check reloaded the whole page"
    screenshot(page, "street-import-ready")
