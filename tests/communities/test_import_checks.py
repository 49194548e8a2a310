"""The dry run's checks, pure: each bad row is named with its sheet, row number and reason."""

import pytest

from app.communities.logic.importing import ImportContext, check_file
from app.communities.logic.spreadsheet import MAX_BYTES, read_tables
from app.communities.logic.spreadsheet.template import template_bytes
from app.i18n import set_locale
from tests.communities.sheets import (
    COMMUNITY_HEADERS,
    HOUSEHOLD_HEADERS,
    community_row,
    csv_text,
    household_row,
    xlsx,
)

CONTEXT = ImportContext(
    scope_prefix="630102001",
    region_codes=frozenset({"630102001001", "630102001004"}),
    community_codes=frozenset({"630102001001001"}),
    this_year=2025,
)


@pytest.fixture(autouse=True)
def english():
    set_locale("en")
    yield
    set_locale("zh_CN")


def _problems(data, filename="register.xlsx", context=CONTEXT):
    return [(p.sheet, p.row, p.column, p.message) for p in check_file(data, filename, context).problems]


def test_a_clean_workbook_gives_its_rows_and_no_problem():
    plan = check_file(xlsx([community_row()], [household_row(), household_row(unit="1-102", stock="是", owner="", phone="")]), "a.xlsx", CONTEXT)
    assert plan.ok, plan.problems
    assert [row.values["code"] for row in plan.communities] == ["630102001001101"]
    assert [row.values["unit_number"] for row in plan.households] == ["1-101", "1-102"]
    assert plan.households[1].values["is_developer_stock"] is True
    assert str(plan.communities[0].values["total_area"]) == "12000.50"


def test_households_of_a_community_already_registered_need_no_小区_row():
    assert check_file(xlsx(None, [household_row("630102001001001")]), "a.xlsx", CONTEXT).ok


@pytest.mark.parametrize("area, reason", [
    ("85.123", "two decimals"), ("0", "more than 0"), ("-5", "more than 0"), ("八十", "number of m²"), ("", "Enter the floor area"),
    ("123456789", "too large"),
])
def test_a_household_area_that_is_not_exact_and_positive_is_a_problem(area, reason):
    [(sheet, row, column, message)] = _problems(xlsx(None, [household_row("630102001001001", area=area)]))
    assert (sheet, row, column) == ("住户", 2, "建筑面积(平方米)") and reason in message


def test_a_float_cell_with_three_decimals_is_refused_not_rounded():
    [(_, _, column, message)] = _problems(xlsx(None, [household_row("630102001001001", area=85.125)]))
    assert column == "建筑面积(平方米)" and "two decimals" in message


@pytest.mark.parametrize("year, ok", [(1900, True), (2025, True), (1899, False), (2026, False), ("19九五", False)])
def test_the_year_built_must_lie_between_1900_and_this_year(year, ok):
    row = community_row(year=year, renovation_year=None, status="")
    problems = _problems(xlsx([row]))
    assert (problems == []) is ok, problems
    if not ok:
        assert problems[0][:3] == ("小区", 2, "建成年份")


def test_an_unknown_community_code_in_the_住户_sheet_is_a_problem():
    problems = _problems(xlsx([community_row()], [household_row("630102001001102")]))
    assert problems == [("住户", 2, "小区编码", "Community 630102001001102 is neither in the 小区 sheet nor registered.")]


def test_a_duplicate_unit_in_the_file_names_the_first_row():
    rows = [household_row(), household_row(owner="李四", phone="13900000000"), household_row(unit="1-102")]
    problems = _problems(xlsx([community_row()], rows))
    assert problems == [("住户", 3, "房号", "Unit 1-101 of 1号楼 already appears in row 2.")]


def test_the_same_unit_number_in_another_building_is_fine():
    assert _problems(xlsx([community_row()], [household_row(), household_row(building="2号楼")])) == []


@pytest.mark.parametrize("phone", ["12345", "2381234567", "138123456789", "电话"])
def test_a_phone_that_is_no_phone_number_is_a_problem(phone):
    [(sheet, row, column, message)] = _problems(xlsx([community_row()], [household_row(phone=phone)]))
    assert (sheet, row, column) == ("住户", 2, "联系电话") and "mobile number" in message


def test_an_owned_unit_needs_an_owner_and_unsold_stock_none():
    rows = [household_row(owner="", phone=""), household_row(unit="1-102", stock="是"), household_row(unit="1-103", stock="也许")]
    problems = _problems(xlsx([community_row()], rows))
    assert [(p[1], p[2]) for p in problems] == [(2, "业主姓名"), (2, "联系电话"), (3, "业主姓名"), (4, "开发商未售(是/否)")]


def test_rows_outside_the_users_area_are_problems():
    other_street = "630102002008001"
    problems = _problems(xlsx([community_row(other_street)], [household_row(other_street), household_row("630103001003001")]))
    assert [(p[0], p[1], p[3]) for p in problems] == [
        ("小区", 2, f"{other_street} lies outside your area."),
        ("住户", 2, f"{other_street} lies outside your area."),
        ("住户", 3, "630103001003001 lies outside your area."),
    ]


def test_a_community_code_must_name_a_residents_community_of_the_tree():
    problems = _problems(xlsx([community_row("630102001009001"), community_row("630102001001000")]))
    assert problems[0][:3] == ("小区", 2, "小区编码") and "no residents' community 630102001009" in problems[0][3]
    assert problems[1][:3] == ("小区", 3, "小区编码") and "001 to 999" in problems[1][3]


def test_the_residents_community_column_must_match_the_code():
    row = community_row()
    row[2] = "630102001004"
    [(sheet, number, column, message)] = _problems(xlsx([row]))
    assert (sheet, number, column) == ("小区", 2, "所属社区代码") and "first 12 digits" in message


def test_a_community_twice_in_the_file_is_a_problem():
    problems = _problems(xlsx([community_row(), community_row(name="别名")]))
    assert problems == [("小区", 3, "小区编码", "Community 630102001001101 already appears in row 2.")]


def test_every_bad_row_is_listed_not_only_the_first():
    rows = [household_row(unit=f"1-{n}", area="0") for n in range(101, 131)]
    assert len(_problems(xlsx([community_row()], rows))) == 30


def test_a_missing_column_is_named_once_rather_than_on_every_row():
    problems = _problems(csv_text(["小区编码", "楼栋", "房号", "业主姓名"], [["630102001001001", "1", "101", "张三"]]).encode(), "h.csv")
    assert problems == [("住户", 1, "建筑面积(平方米)", "The column 建筑面积(平方米) is missing.")]


def test_full_width_headers_and_numbers_are_read():
    text = csv_text(["小区编码", "楼栋", "房号", "建筑面积（平方米）", "业主姓名", "联系电话", "开发商未售（是/否）"],
                    [["６３０１０２００１００１００１", "1号楼", "101", "８５．５", "张三", "13812345678", "否"]])
    plan = check_file(text.encode(), "h.csv", CONTEXT)
    assert plan.ok, plan.problems
    assert str(plan.households[0].values["floor_area"]) == "85.50"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_is_read_in_utf8_with_or_without_bom_and_in_gb18030(encoding):
    data = csv_text(HOUSEHOLD_HEADERS, [household_row("630102001001001")]).encode(encoding)
    plan = check_file(data, "住户.csv", CONTEXT)
    assert plan.ok, plan.problems
    assert plan.households[0].values["owner_name"] == "张三"


def test_a_csv_of_communities_is_told_apart_by_its_headers():
    plan = check_file(csv_text(COMMUNITY_HEADERS, [community_row()]).encode(), "c.csv", CONTEXT)
    assert plan.ok and len(plan.communities) == 1 and not plan.households


@pytest.mark.parametrize("data, filename, reason", [
    (b"", "a.xlsx", "empty"),
    (b"x" * (MAX_BYTES + 1), "a.csv", "too large"),
    (b"PK\x03\x04 broken zip", "a.xlsx", "cannot be read"),
    (b"not a zip at all", "a.xlsx", "cannot be read"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.xls", "old Excel file"),
    (b"a,b\n1,2\n", "a.txt", ".xlsx"),
    (b"\x00\x01\x02binary", "a.csv", "text cannot be read"),
    (b"\xff\xfe\x00\x00garbage", "a.csv", "text cannot be read"),
    ("名字,年龄\n张三,5\n".encode(), "a.csv", "first row must be the headers"),
    (xlsx(None, None), "a.xlsx", "neither a 小区 nor a 住户 sheet"),
    (xlsx([], None), "a.xlsx", "no rows to import"),
])
def test_a_file_that_is_no_register_is_one_clear_problem(data, filename, reason):
    [(sheet, row, column, message)] = _problems(data, filename)
    assert (sheet, row, column) == ("", 0, "") and reason in message, message


def test_an_xlsx_that_inflates_enormously_is_refused_before_it_is_parsed():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<" + b"a" * (120 * 1024 * 1024))
    [(_, _, _, message)] = _problems(buffer.getvalue())
    assert "too large" in message


def test_the_template_reads_back_with_both_sheets_and_no_rows():
    sheets = read_tables(template_bytes(["说明"]), "template.xlsx")
    assert set(sheets) == {"小区", "住户"}
    assert all(sheet.rows == [] and sheet.missing == [] for sheet in sheets.values())
