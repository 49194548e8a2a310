"""The ledger and statements as XLSX: what the page shows, as filtered, oldest first, amounts in exact
yuan and times in China's time; owners' names masked for the committee, whole for street staff; an
owner exports his own statement and nobody else's."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

from openpyxl import load_workbook

from tests.factories import login
from tests.funds.helpers import make_fund, post, principal


async def _as(client, username: str) -> None:
    assert (await login(client, username)).status_code == 303
    client.cookies.set("cx_lang", "en")


def _rows(answer) -> list[list]:
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(answer.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


async def _ledger(fund) -> None:
    dave = await principal("dave")
    await post(dave, fund.community, "deposit", 285_138, fund.units["1-101"], memo="工行回单 0012")
    await post(dave, fund.community, "deposit", 333_300, fund.units["1-102"])
    await post(dave, fund.community, "use", -10_050, fund.units["1-101"], memo="=HYPERLINK(\"x\")")
    await post(dave, fund.community, "interest", 1_234)


async def test_the_committee_exports_the_ledger_with_names_masked(client, clock):
    fund = await make_fund()
    await _ledger(fund)
    await _as(client, "dave")
    rows = _rows(await client.get(f"/communities/{fund.community}/fund/ledger.xlsx"))
    assert rows[0][:7] == ["Entry", "Posted", "Kind of entry", "Building", "Unit", "Owner", "Amount (yuan)"]
    assert [row[0] for row in rows[1:]] == [1, 2, 3, 4]
    first = rows[1]
    assert first[2:6] == ["Deposit", "1号楼", "1-101", "王*"] and Decimal(str(first[6])) == Decimal("2851.38")
    assert first[1] == datetime(2026, 11, 25, 10, 30)  # China's time, as the page shows it
    assert rows[2][5] == "李*" and rows[4][5] in ("", None) and rows[4][2] == "Interest"
    assert rows[3][7] == "'=HYPERLINK(\"x\")"  # never run as a formula
    assert all("王芳" not in str(cell) for row in rows for cell in row)


async def test_the_export_follows_the_pages_filters(client):
    fund = await make_fund()
    await _ledger(fund)
    await _as(client, "dave")
    deposits = _rows(await client.get(f"/communities/{fund.community}/fund/ledger.xlsx?kind=deposit"))
    assert [row[2] for row in deposits[1:]] == ["Deposit", "Deposit"]
    one = _rows(await client.get(f"/communities/{fund.community}/fund/ledger.xlsx?household={fund.units['1-101']}"))
    assert [row[0] for row in one[1:]] == [1, 3]
    page = await client.get(f"/communities/{fund.community}/fund/ledger?kind=deposit")
    assert f"/communities/{fund.community}/fund/ledger.xlsx?kind=deposit" in page.text


async def test_street_staff_see_owners_names_whole(client):
    fund = await make_fund()
    await _ledger(fund)
    await _as(client, "bob")
    rows = _rows(await client.get(f"/communities/{fund.community}/fund/ledger.xlsx"))
    assert rows[1][5] == "王芳"


async def test_a_statement_export_carries_the_balance_after_each_entry(client):
    fund = await make_fund()
    await _ledger(fund)
    await _as(client, "dave")
    answer = await client.get(f"/communities/{fund.community}/fund/households/{fund.units['1-101']}/statement.xlsx")
    rows = _rows(answer)
    assert rows[0][:3] == ["Building", "Unit", "Owner"]
    assert [(row[2], row[3], float(row[6]), float(row[7])) for row in rows[1:]] == [
        ("王*", 1, 2851.38, 2851.38), ("王*", 3, -100.5, 2750.88)]
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]


async def test_outsiders_get_no_export(client):
    fund = await make_fund()
    await _ledger(fund)
    for username, status in (("oscar", 404), ("mallory", 404), ("carol", 403), ("erin", 403)):
        client.cookies.clear()
        await _as(client, username)
        assert (await client.get(f"/communities/{fund.community}/fund/ledger.xlsx")).status_code == status
        path = f"/communities/{fund.community}/fund/households/{fund.units['1-101']}/statement.xlsx"
        assert (await client.get(path)).status_code == status
    client.cookies.clear()
    await _as(client, "dave")  # another community's household through this community's address
    path = f"/communities/{fund.community}/fund/households/{fund.other_unit}/statement.xlsx"
    assert (await client.get(path)).status_code == 404


async def test_an_owner_exports_his_own_statement_and_nobody_elses(client):
    fund = await make_fund()
    await _ledger(fund)
    await _as(client, "erin")  # 王芳's account: unit 1-101
    rows = _rows(await client.get(f"/my-fund/{fund.units['1-101']}/statement.xlsx"))
    assert rows[1][2] == "王芳" and len(rows) == 3
    page = await client.get(f"/my-fund/{fund.units['1-101']}")
    assert f"/my-fund/{fund.units['1-101']}/statement.xlsx" in page.text
    assert (await client.get(f"/my-fund/{fund.units['1-102']}/statement.xlsx")).status_code == 404
    assert (await client.get(f"/my-fund/{fund.other_unit}/statement.xlsx")).status_code == 404
