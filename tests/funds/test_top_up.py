"""The top-up list (续筹) and its notices: a household just under 30% of its first deposit is listed with
what it must pay, one exactly at 30% is not; notices print for all or the chosen households."""

from __future__ import annotations

from app.accounts.logic import SYSTEM
from app.funds.shares import is_under_top_up_line, top_up_due_fen, top_up_line_fen
from tests.factories import login, make_account
from tests.funds.helpers import make_fund, post
from tests.funds.test_pages import _as

FIRST_101 = 285_138  # 85.55 m² × 33.33 yuan, half up
FIRST_102 = 333_300  # 100 m² × 33.33 yuan


async def _fund_with_one_under_the_line():
    """1-101 one fen under its 30% line, 1-102 exactly at 30% (not under), 1-103 never paid (owing)."""
    fund = await make_fund()
    just_under = top_up_line_fen(FIRST_101) - 1
    assert is_under_top_up_line(just_under, FIRST_101) and not is_under_top_up_line(FIRST_102 * 3 // 10, FIRST_102)
    await post(SYSTEM, fund.community, "deposit", FIRST_101, fund.units["1-101"])
    await post(SYSTEM, fund.community, "use", just_under - FIRST_101, fund.units["1-101"])
    await post(SYSTEM, fund.community, "deposit", FIRST_102, fund.units["1-102"])
    await post(SYSTEM, fund.community, "use", FIRST_102 * 3 // 10 - FIRST_102, fund.units["1-102"])
    return fund


async def test_the_list_shows_households_just_under_the_line_and_what_each_must_pay(client):
    fund = await _fund_with_one_under_the_line()
    await _as(client, "dave")
    page = await client.get(f"/communities/{fund.community}/fund/top-up")
    assert page.status_code == 200
    due = top_up_due_fen(85_541, FIRST_101)
    assert due == 199_597
    assert "1-101" in page.text and "王芳" in page.text
    assert "¥855.41" in page.text and "¥855.42" in page.text and "¥1,995.97" in page.text  # balance, line, to pay
    assert "1-102" not in page.text  # exactly 30%: not under
    assert "1-103" not in page.text  # has not paid its first deposit yet: owing, not a top-up
    fund_page = await client.get(f"/communities/{fund.community}/fund")
    assert f"/communities/{fund.community}/fund/top-up" in fund_page.text


async def test_nobody_under_the_line_says_so(client):
    fund = await make_fund()
    await _as(client, "dave")
    page = await client.get(f"/communities/{fund.community}/fund/top-up")
    assert page.status_code == 200 and "nobody needs to top up" in page.text


async def test_notices_print_for_all_or_for_the_chosen_households(client):
    fund = await _fund_with_one_under_the_line()
    await _as(client, "dave")
    path = f"/communities/{fund.community}/fund/top-up/notices"
    everyone = await client.get(path, params={"how": "工商银行 6217-0000 幸福小区维修资金 12月31日前"})
    assert everyone.status_code == 200
    assert everyone.text.count('class="card a4 notice-page"') == 1
    notice = everyone.text
    assert "幸福小区" in notice and "1-101" in notice and "王芳" in notice and "¥1,995.97" in notice
    assert "¥855.41" in notice and "¥855.42" in notice and "工商银行 6217-0000" in notice
    chosen = await client.get(path, params={"household": [str(fund.units["1-101"])]})
    assert chosen.text.count('class="card a4 notice-page"') == 1
    # a household not under the line, another community's, or nonsense: no notice, no error
    others = await client.get(path, params={"household": [str(fund.units["1-102"]), str(fund.other_unit), "abc", "-1"]})
    assert others.status_code == 200 and "notice-page" not in others.text and "No notice to print" in others.text


async def test_only_those_who_see_the_fund_see_the_list(client):
    fund = await _fund_with_one_under_the_line()
    await make_account("frank", "committee", community_id=fund.world.community_b)
    paths = [f"/communities/{fund.community}/fund/top-up", f"/communities/{fund.community}/fund/top-up/notices"]
    for username, status in (("alice", 200), ("bob", 200), ("carol", 403), ("erin", 403), ("frank", 404),
                             ("mallory", 404), ("oscar", 404)):
        client.cookies.clear()
        await _as(client, username)
        for path in paths:
            assert (await client.get(path, follow_redirects=False)).status_code == status, (username, path)


async def test_the_pages_read_in_chinese(client):
    fund = await _fund_with_one_under_the_line()
    await login(client, "dave")  # the default language
    notices = await client.get(f"/communities/{fund.community}/fund/top-up/notices")
    assert "住宅专项维修资金续筹通知" in notices.text and "幸福小区 1号楼 1-101 业主" in notices.text
    listing = await client.get(f"/communities/{fund.community}/fund/top-up")
    assert "30%续筹线" in listing.text and "¥1,995.97" in listing.text
    distribution = await client.get(f"/communities/{fund.community}/fund/distribution")
    assert "各户余额" in distribution.text
    statement = await client.get(f"/communities/{fund.community}/fund/import")
    assert "导入银行对账单" in statement.text
