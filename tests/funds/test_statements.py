"""A bank statement of fund deposits read, checked and matched to households, the way banks export them."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from app.funds.statements import (
    HouseholdRecord,
    check_statement,
    parse_day,
    parse_rows,
    read_statement,
    unit_references,
)
from app.i18n import set_locale

TODAY = date(2024, 3, 31)
SCOPE = "17"


def register():
    """Three walk-up blocks of two stairways, three floors of two flats (the demo's shape: 2-301 is
    stairway 2, flat 301); 王芳 owns two flats, two different owners are both called 李伟."""
    households, n = [], 0
    for building in (1, 2, 3):
        for stairway in (1, 2):
            for floor in (1, 2, 3):
                for door in (1, 2):
                    n += 1
                    households.append([n, f"{building}号楼", f"{stairway}-{floor}0{door}", f"业主{n}", f"1390000{n:04d}"])
    owners = {5: "张三", 19: "王芳", 21: "王芳", 30: "李伟", 31: "李伟", 13: "赵敏"}
    for household_id, name in owners.items():
        households[household_id - 1][3] = name
    return [HouseholdRecord(*row) for row in households]


def household(building, unit):
    return next(h.id for h in register() if (h.building, h.unit_number) == (building, unit))


PREAMBLE = [
    ["中国建设银行 账户交易明细"],
    ["账号：6217 0000 1111 2222", "户名：幸福小区专项维修资金"],
    ["起止日期：2024-03-01 至 2024-03-31"],
]
HEADER = ["交易日期", "流水号", "借方金额", "贷方金额", "对方户名", "摘要", "附言"]


def csv_bytes(rows, *, encoding="gb18030", delimiter=","):
    """As Excel saves a CSV: quoted where a cell holds the delimiter, CRLF line ends."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def check(data, filename="statement.csv"):
    return check_statement(data, filename, register(), scope=SCOPE, today=TODAY)


@pytest.fixture
def chinese():
    set_locale("zh_CN")
    yield
    set_locale("zh_CN")


def test_a_gbk_statement_is_matched_by_unit_then_by_payer_and_the_rest_is_explained(chinese):
    rows = PREAMBLE + [HEADER] + [
        ["2024-03-05 09:12:44", "CCB0001", "", "1,250.00", "刘强", "转账存入", "3栋2单元201 维修资金"],
        ["2024/3/6", "CCB0002", "", "８,０００.５０", "孙丽", "网银", "3-1-102"],
        ["20240307", "CCB0003", "", "600", "张三", "维修资金", ""],  # by the payer: 张三 owns one flat
        ["2024-03-08", "CCB0004", "", "300.00", "王芳", "续筹", "2号楼101"],  # 2号楼101: two stairways, 王芳 owns one
        ["2024-03-09", "CCB0005", "", "300.00", "周杰", "续筹", "1号楼101"],  # two flats 101, payer owns neither
        ["2024-03-10", "CCB0006", "", "300.00", "王芳", "维修资金", ""],  # 王芳 owns two flats
        ["2024-03-11", "CCB0007", "", "300.00", "某某物业公司", "代缴", "9号楼1-909"],
        ["2024-03-12", "CCB0008", "", "300.00", "李伟", "", ""],  # two owners called 李伟
        ["2024-03-13", "CCB0009", "", "400.00", "吴刚", "代缴 联系人13900000013", ""],  # an owner's mobile
        ["2024-03-14", "CCB0010", "", "CNY 300.00", "", "", ""],
        ["2024-03-31", "", "", "11,850.50", "", "本月合计", ""],
        ["2024-03-31", "", "", "11,850.50", "", "期末余额：", ""],
        ["", "", "", "11,850.50", "", "合计", ""],
        ["制表人：柜员 0231"],
    ]
    result = check(csv_bytes(rows))
    assert not result.problems
    matched = {deposit.serial: (deposit.household_id, deposit.amount_fen, deposit.on, deposit.matched_by) for deposit in result.matched}
    assert matched == {
        "CCB0001": (household("3号楼", "2-201"), 125_000, date(2024, 3, 5), "unit"),
        "CCB0002": (household("3号楼", "1-102"), 800_050, date(2024, 3, 6), "unit"),
        "CCB0003": (5, 60_000, date(2024, 3, 7), "payer"),
        "CCB0004": (19, 30_000, date(2024, 3, 8), "unit_payer"),
        "CCB0009": (13, 40_000, date(2024, 3, 13), "phone"),
    }
    unmatched = {row.serial: (row.problem, row.reason) for row in result.unmatched}
    assert unmatched["CCB0005"][0] == "unit_ambiguous"
    assert "1号楼 1-101" in unmatched["CCB0005"][1] and "1号楼 2-101" in unmatched["CCB0005"][1]
    assert unmatched["CCB0006"][0] == "payer_ambiguous" and "王芳" in unmatched["CCB0006"][1]
    assert unmatched["CCB0007"][0] == "unit_unknown" and "9-1-909" in unmatched["CCB0007"][1]
    assert unmatched["CCB0008"][0] == "payer_ambiguous"
    assert unmatched["CCB0010"][0] == "nothing"
    assert unmatched["CCB0010"][1] == "该行的附言中没有房号，也没有付款人。"
    assert not any(word in reason for _problem, reason in unmatched.values() for word in ("memo", "household", "owner"))
    assert result.matched_fen == 125_000 + 800_050 + 60_000 + 30_000 + 40_000
    assert result.unmatched_fen == 5 * 30_000


def test_wrong_rows_are_reported_with_their_row_number_and_column_and_nothing_else_is_lost(chinese):
    rows = [HEADER] + [
        ["2024-03-05", "S1", "", "-500.00", "张三", "", "3-1-101"],
        ["2024-03-05", "S2", "", "0.00", "张三", "", "3-1-101"],
        ["2024-02-30", "S3", "", "500.00", "张三", "", "3-1-101"],
        ["2024-04-01", "S4", "", "500.00", "张三", "", "3-1-101"],  # tomorrow
        ["2024-03-05", "S5", "", "500.001", "张三", "", "3-1-101"],
        ["2024-03-05", "S6", "500.00", "", "维修资金专户", "支取", ""],
        ["2024-03-05", "S7", "", "十元", "张三", "", "3-1-101"],
        ["2024-03-05", "S8", "", "500.00", "张三", "", "3-1-101"],
        ["2024-03-06", "S8", "", "500.00", "张三", "", "3-1-101"],  # the bank's serial again
        ["", "S9", "", "500.00", "张三", "", "3-1-101"],
        ["2024-03-31", "S10", "", "+500.00", "张三", "", "3-1-101"],  # banks mark a credit with +
    ]
    result = check(csv_bytes(rows, encoding="utf-8"))
    problems = {(problem.row, problem.column): problem.message for problem in result.problems}
    assert set(problems) == {(2, "贷方金额"), (3, "贷方金额"), (4, "交易日期"), (5, "交易日期"), (6, "贷方金额"),
                             (7, "贷方金额"), (8, "贷方金额"), (10, "流水号"), (11, "交易日期")}
    assert "大于零" in problems[(2, "贷方金额")]
    assert "2024-02-30" in problems[(4, "交易日期")]
    assert "2024-04-01" in problems[(5, "交易日期")]
    assert problems[(10, "流水号")] == "流水号 S8 已在第 9 行出现过。"
    assert [deposit.serial for deposit in result.matched] == ["S8", "S10"]
    assert [deposit.amount_fen for deposit in result.matched] == [50_000, 50_000]


def statement_xlsx(rows, *, cover=False) -> bytes:
    workbook = Workbook()
    if cover:
        workbook.active.title = "封面"
        workbook.active.append(["幸福小区专项维修资金 2024年3月 对账单"])
        sheet = workbook.create_sheet("明细")
    else:
        sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_file_imported_again_or_as_xlsx_instead_of_csv_gives_the_same_keys():
    header = ["日期", "金额(元)", "付款人", "备注"]
    csv_rows = [header,
                ["2024-03-05", "1,000.00", "张三", "1号楼1单元301"],
                ["2024-03-05", "1,000.00", "张三", "1号楼1单元301"],  # paid twice the same day: two deposits
                ["2024-03-06", "88.8", "赵敏", ""]]
    xlsx_rows = [header,
                 [datetime(2024, 3, 5), 1000, "张三", "1号楼1单元301"],
                 [datetime(2024, 3, 5), 1000.0, "张三", "1号楼1单元301"],
                 [datetime(2024, 3, 6), 88.8, "赵敏", None]]
    first = check(csv_bytes(csv_rows))
    again = check(csv_bytes(csv_rows))
    as_xlsx = check(statement_xlsx(xlsx_rows, cover=True), "statement.xlsx")
    keys = [deposit.key for deposit in first.matched]
    assert len(keys) == 3 and len(set(keys)) == 3
    assert [deposit.key for deposit in again.matched] == keys
    assert [deposit.key for deposit in as_xlsx.matched] == keys
    assert [deposit.amount_fen for deposit in as_xlsx.matched] == [100_000, 100_000, 8_880]
    elsewhere = check_statement(csv_bytes(csv_rows), "statement.csv", register(), scope="18", today=TODAY)
    assert not set(keys) & {deposit.key for deposit in elsewhere.matched}


def test_a_serial_gives_the_key_whatever_else_the_row_says():
    header = ["交易日期", "贷方金额", "户名", "附言", "流水号"]
    one = parse_rows(read_statement(csv_bytes([header, ["2024-03-05", "10", "张三", "补缴", "A-1"]]), "s.csv"), scope=SCOPE, today=TODAY)[0]
    two = parse_rows(read_statement(csv_bytes([header, ["2024-03-05", "10", "张三", "补缴 3-1-101", "A-1"]]), "s.csv"), scope=SCOPE, today=TODAY)[0]
    assert one[0].key == two[0].key and len(one[0].key) <= 45


def test_english_headers_in_a_tab_separated_utf8_file_with_a_bom():
    rows = [["Transaction Date", "Serial No", "Credit Amount", "Payer Name", "Remarks"],
            ["2024-03-05", "X1", "1.00.00", "Zhang San", "Bldg"],
            ["2024-03-05", "X2", "¥2,000.00", "Zhang San", "3-2-302"]]
    result = check(csv_bytes(rows, encoding="utf-8-sig", delimiter="\t"))
    assert [(problem.row, problem.column) for problem in result.problems] == [(2, "Credit Amount")]
    assert [(deposit.household_id, deposit.amount_fen) for deposit in result.matched] == [(household("3号楼", "2-302"), 200_000)]


@pytest.mark.parametrize(("data", "filename", "words"), [
    (b"", "s.csv", "空"),
    (csv_bytes([["姓名", "电话"], ["张三", "138"]]), "s.csv", "日期"),
    (csv_bytes([["日期", "金额"], ["2024-03-05", "10"]]), "s.csv", "付款人"),
    (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "s.xls", ".xls"),
    (b"PK\x03\x04 not really", "s.xlsx", "无法"),
    (csv_bytes([["日期", "金额", "付款人"], ["2024-03-05", "10", "张" * 1200]]), "s.csv", "1,000"),
    (csv_bytes([["日期", "金额", "付款人"], ["", "", ""]]), "s.csv", "没有"),
    (b"date,amount", "s.pdf", ".xlsx"),
])
def test_a_file_that_cannot_be_read_gets_one_clear_message(chinese, data, filename, words):
    result = check(data, filename)
    assert not result.matched and not result.unmatched
    assert len(result.problems) == 1 and words in result.problems[0].message


def test_the_header_is_found_under_a_long_preamble_but_not_after_thirty_rows():
    rows = [[f"说明 {n}"] for n in range(29)] + [["日期", "金额", "付款人"], ["2024-03-05", "10", "张三"]]
    assert len(check(csv_bytes(rows)).matched) == 1
    assert check(csv_bytes([["说明"]] + rows)).problems


@pytest.mark.parametrize(("memo", "references"), [
    ("3栋2单元501", [("3", "2", "501")]),
    ("3号楼2单元501室", [("3", "2", "501")]),
    ("三号楼二单元301", [("3", "2", "301")]),
    ("１２栋３单元１０２", [("12", "3", "102")]),
    ("3-2-501", [("3", "2", "501")]),
    ("5#2-402 维修资金", [("5", "2", "402")]),
    ("3号楼501", [("3", None, "501")]),
    ("A座1单元1201", [("A", "1", "1201")]),
    ("2024-03-05 存入", []),
    ("1234栋501", []),
    ("代缴3号楼2-301、5号楼1-101", [("3", "2", "301"), ("5", "1", "101")]),
])
def test_unit_references_in_a_memo(memo, references):
    assert unit_references(memo) == references


@pytest.mark.parametrize(("text", "day"), [
    ("2024-03-05", date(2024, 3, 5)), ("2024/3/5", date(2024, 3, 5)), ("2024.03.05", date(2024, 3, 5)),
    ("2024年3月5日", date(2024, 3, 5)), ("20240305", date(2024, 3, 5)), ("2024-03-05 10:23:11", date(2024, 3, 5)),
    ("2024-03-05T00:00:00", date(2024, 3, 5)), ("２０２４-０３-０５", date(2024, 3, 5)),
    ("2024-02-30", None), ("45356", None), ("3/5/2024", None), ("昨天", None),
])
def test_statement_dates(text, day):
    assert parse_day(text) == day


def test_a_memo_that_begins_with_a_total_word_is_still_a_deposit_but_a_bare_total_line_is_not():
    rows = [["交易日期", "金额", "户名", "摘要"],
            ["2024-03-05", "500", "刘强", "合计缴纳 3-1-101"],
            ["2024-03-05", "500", "", "合计"],
            ["2024-03-05", "500", "", "Total:"]]
    result = check(csv_bytes(rows))
    assert [(deposit.row, deposit.household_id) for deposit in result.matched] == [(2, household("3号楼", "1-101"))]
    assert not result.unmatched and not result.problems
