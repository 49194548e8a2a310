"""Importing a bank statement into a community's fund: the dry run posts nothing, the confirm posts the
matched deposits once (a file imported again posts nothing twice), a tampered confirm is refused, and
a bad file gets a message."""

from __future__ import annotations

import csv
import io
import re

import pytest

from app.communities.logic.spreadsheet import MAX_BYTES
from app.communities.tables import Owner
from app.funds.tables import FundEntry, FundHousehold
from app.jobs.tables import Upload
from tests.factories import csrf_from, make_account
from tests.funds.helpers import make_fund
from tests.funds.test_pages import _as

HEADER = ["交易日期", "流水号", "贷方金额", "对方户名", "摘要"]
ROWS = [
    ["2026-11-20", "S001", "1,000.00", "王芳", "1号楼1-101 维修资金"],  # the unit in the memo
    ["2026-11-21", "S002", "500.00", "李强", "维修资金"],  # the payer owns 1-102
    ["2026-11-22", "S003", "88.00", "陌生人", "捐款"],  # nobody of this community
]


def statement(rows=ROWS, header=HEADER) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["中国建设银行 账户交易明细"], header, *rows])
    return buffer.getvalue().encode("gb18030")


async def _upload(client, community: int, data: bytes, filename: str = "对账单.csv", headers=None):
    page = await client.get(f"/communities/{community}/fund/import")
    return await client.post(f"/communities/{community}/fund/import", files={"file": (filename, data, "text/csv")},
                             data={"_csrf_token": csrf_from(page.text)}, headers=headers or {}, follow_redirects=False)


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


async def _confirm(client, community: int, html: str, **overrides):
    data = {"upload": _hidden(html, "upload"), "filename": _hidden(html, "filename"), "digest": _hidden(html, "digest"),
            "_csrf_token": csrf_from((await client.get("/account/password")).text), **overrides}
    return await client.post(f"/communities/{community}/fund/import/confirm", data=data, follow_redirects=False)


async def _checked_by_dave(client):
    """Community A's fund, and the dry run of the three-row statement as dave (its committee) saw it."""
    fund = await make_fund()
    await _as(client, "dave")
    return fund, await _upload(client, fund.community, statement())


async def _balances(fund) -> dict[int, int]:
    rows = await FundHousehold.select(FundHousehold.household, FundHousehold.balance_fen)
    return {row["household"]: row["balance_fen"] for row in rows}


async def test_the_dry_run_lists_matched_and_unmatched_rows_and_posts_nothing(client, clock):
    fund = await make_fund()
    await _as(client, "dave")
    answer = await _upload(client, fund.community, statement())
    assert answer.status_code == 200
    html = answer.text
    assert "nothing is posted yet" in html and "Post 2 deposits" in html
    assert "1号楼 1-101" in html and "1号楼 1-102" in html and "¥1,000.00" in html
    assert "Rows not matched to a household" in html and "陌生人 is not the name of an owner" in html
    assert await FundEntry.count() == 0


async def test_confirming_posts_the_matched_deposits_and_a_second_import_posts_nothing_twice(client, clock):
    fund, checked = await _checked_by_dave(client)
    done = await _confirm(client, fund.community, checked.text)
    assert done.status_code == 200 and "2 deposits were posted" in done.text and "¥1,500.00" in done.text
    assert await _balances(fund) == {fund.units["1-101"]: 100_000, fund.units["1-102"]: 50_000}
    assert await Upload.count() == 0  # the stored file goes once posted

    again = await _upload(client, fund.community, statement())
    assert "Already in the ledger" in again.text and "there is nothing to post" in again.text
    assert 'name="upload"' not in again.text

    longer = await _upload(client, fund.community, statement([*ROWS, ["2026-11-23", "S004", "20.00", "", "1号楼1-103"]]))
    assert "Post 1 deposit" in longer.text
    done = await _confirm(client, fund.community, longer.text)
    assert "1 deposit was posted" in done.text and "2 rows were already in the ledger" in done.text
    assert await FundEntry.count() == 3
    assert (await _balances(fund))[fund.units["1-103"]] == 2_000


async def test_a_confirm_sent_twice_posts_once(client, clock):
    fund, checked = await _checked_by_dave(client)
    assert (await _confirm(client, fund.community, checked.text)).status_code == 200
    second = await _confirm(client, fund.community, checked.text)
    assert second.status_code == 422 and "upload the file again" in second.text
    assert await FundEntry.count() == 2


async def test_a_tampered_confirm_is_refused_and_posts_nothing(client, clock):
    fund, checked = await _checked_by_dave(client)
    wrong_digest = await _confirm(client, fund.community, checked.text, digest="0" * 64)
    assert wrong_digest.status_code == 422 and "nothing was posted" in wrong_digest.text
    made_up = await _confirm(client, fund.community, checked.text, upload="1-" + "0" * 32 + ".csv")
    assert made_up.status_code == 422 and "upload the file again" in made_up.text
    # another user's stored upload (bob checked the same file) cannot be confirmed by dave
    client.cookies.clear()
    await _as(client, "bob")
    bobs = await _upload(client, fund.community, statement())
    client.cookies.clear()
    await _as(client, "dave")
    stolen = await _confirm(client, fund.community, checked.text, upload=_hidden(bobs.text, "upload"))
    assert stolen.status_code == 422 and "upload the file again" in stolen.text
    assert await FundEntry.count() == 0


async def test_a_register_changed_since_the_check_posts_nothing_and_shows_the_new_check(client, clock):
    fund, checked = await _checked_by_dave(client)
    await Owner.update({Owner.name: "李四"}).where(Owner.name == "李强")  # 李强's deposit no longer matches
    changed = await _confirm(client, fund.community, checked.text)
    assert changed.status_code == 422 and "nothing was posted" in changed.text and "Post 1 deposit" in changed.text
    assert await FundEntry.count() == 0
    done = await _confirm(client, fund.community, changed.text)
    assert "1 deposit was posted" in done.text and await FundEntry.count() == 1


async def test_a_confirm_for_another_community_is_refused(client, clock):
    fund = await make_fund()
    await _as(client, "bob")  # bob's street holds both A and B
    checked = await _upload(client, fund.community, statement())
    moved = await _confirm(client, fund.world.community_b, checked.text)
    assert moved.status_code == 422 and "nothing was posted" in moved.text
    assert await FundEntry.count() == 0


@pytest.mark.parametrize(("filename", "data", "message"), [
    ("对账单.txt", b"a,b\n1,2\n", "Upload an Excel workbook (.xlsx) or a CSV file (.csv)."),
    ("对账单.csv", b"", "empty"),
    ("对账单.csv", statement(header=["名称", "数量"]), "No row of the file has both a date column"),
    ("对账单.xlsx", b"PK\x03\x04 not really a workbook", "cannot be read"),
    ("对账单.xls", b"\xd0\xcf\x11\xe0 old", ".xls"),
])
async def test_a_bad_file_gets_a_message_and_nothing_is_posted(client, clock, filename, data, message):
    fund = await make_fund()
    await _as(client, "dave")
    answer = await _upload(client, fund.community, data, filename)
    assert answer.status_code == 422 and message in answer.text, answer.text[-3000:]
    assert await FundEntry.count() == 0 and await Upload.count() == 0


async def test_a_file_too_big_or_missing_gets_a_message(client, clock):
    fund = await make_fund()
    await _as(client, "dave")
    big = await _upload(client, fund.community, b"x" * (MAX_BYTES + 1))
    assert big.status_code == 422 and "MB" in big.text
    page = await client.get(f"/communities/{fund.community}/fund/import")
    none = await client.post(f"/communities/{fund.community}/fund/import", data={"_csrf_token": csrf_from(page.text)})
    assert none.status_code == 422 and "Choose a file to upload." in none.text
    assert await FundEntry.count() == 0 and await Upload.count() == 0


async def test_the_dry_run_as_a_fragment(client, clock):
    fund = await make_fund()
    await _as(client, "dave")
    answer = await _upload(client, fund.community, statement(), headers={"HX-Request": "true", "HX-Target": "import-result"})
    assert answer.status_code == 200 and "<html" not in answer.text and "Post 2 deposits" in answer.text


async def test_only_those_who_keep_the_fund_may_import(client, clock):
    fund = await make_fund()
    await make_account("frank", "committee", community_id=fund.world.community_b)
    for username, status in (("carol", 403), ("erin", 403), ("frank", 404), ("mallory", 404), ("oscar", 404)):
        client.cookies.clear()
        await _as(client, username)
        assert (await client.get(f"/communities/{fund.community}/fund/import")).status_code == status, username
        page = await client.get("/account/password")
        answer = await client.post(f"/communities/{fund.community}/fund/import", data={"_csrf_token": csrf_from(page.text)},
                                   files={"file": ("对账单.csv", statement(), "text/csv")})
        assert answer.status_code == status, username
    assert await Upload.count() == 0 and await FundEntry.count() == 0
