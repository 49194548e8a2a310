"""The yearly publication (公示): the year's opening and closing balance, money in by kind and out,
each household's movements with owners' names masked for every reader; the community's owners,
committee, street and bureau read it, an owner of another community does not."""

from __future__ import annotations

from datetime import datetime

from tests.factories import login, make_account
from tests.funds.helpers import make_fund, post, principal


async def _as(client, username: str) -> None:
    client.cookies.clear()
    assert (await login(client, username)).status_code == 303
    client.cookies.set("cx_lang", "en")


async def _two_years(fund, clock) -> None:
    dave = await principal("dave")
    clock.set(datetime(2025, 6, 1, 9, 0))
    await post(dave, fund.community, "deposit", 285_138, fund.units["1-101"])
    clock.set(datetime(2026, 1, 1, 0, 10))  # 2025-12-31 16:10 in UTC: already 2026 in Xining
    await post(dave, fund.community, "deposit", 333_300, fund.units["1-102"])
    clock.set(datetime(2026, 5, 5, 10, 0))
    await post(dave, fund.community, "use", -85_138, fund.units["1-101"], memo="电梯维修")
    await post(dave, fund.community, "interest", 1_000)
    clock.set(datetime(2026, 11, 25, 10, 30))


async def test_the_years_totals_by_kind_and_household(client, clock):
    fund = await make_fund()
    await _two_years(fund, clock)
    await _as(client, "dave")
    page = await client.get(f"/communities/{fund.community}/fund/publication?year=2026")
    assert page.status_code == 200
    text = page.text
    assert "Public notice of the maintenance fund for 2026" in text
    totals = text[text.index("<caption>Totals"):text.index("By kind of entry")]
    assert totals.count("¥") == 4
    for figure in ("¥2,851.38", "¥3,343.00", "¥851.38", "¥5,343.00"):  # opening, in, out, closing
        assert figure in totals
    kinds = text[text.index("By kind of entry"):text.index("Fund use projects")]
    assert "Deposit" in kinds and "Interest" in kinds and "Use charge" in kinds and "Top-up" not in kinds
    households = text[text.index("Each household"):]
    assert "王*" in households and "李*" in households and "王芳" not in text
    row = households[households.index("1-101"):households.index("1-102")]
    assert ["¥2,851.38", "¥0.00", "¥851.38", "¥2,000.00"] == [part.split("<")[0] for part in row.split('class="num">')[1:]]


async def test_the_year_before_closes_where_this_one_opens(client, clock):
    fund = await make_fund()
    await _two_years(fund, clock)
    await _as(client, "dave")
    text = (await client.get(f"/communities/{fund.community}/fund/publication?year=2025")).text
    totals = text[text.index("<caption>Totals"):text.index("By kind of entry")]
    assert totals.count("¥0.00") == 2 and totals.count("¥2,851.38") == 2  # opened at nothing, closed at one deposit
    assert "?year=2026" in text and "?year=2024" in text


async def test_a_year_out_of_range_shows_this_year(client, clock):
    fund = await make_fund()
    await _as(client, "dave")
    for asked in ("3000", "abc", "-1", ""):
        page = await client.get(f"/communities/{fund.community}/fund/publication?year={asked}")
        assert page.status_code == 200 and "for 2026" in page.text


async def test_staff_see_names_masked_on_the_publication_too(client, clock):
    fund = await make_fund()
    await _two_years(fund, clock)
    for username in ("bob", "alice"):
        await _as(client, username)
        text = (await client.get(f"/communities/{fund.community}/fund/publication?year=2026")).text
        assert "王*" in text and "王芳" not in text


async def test_the_communitys_owner_reads_it_and_another_communitys_does_not(client, clock):
    fund = await make_fund()
    await _two_years(fund, clock)
    await _as(client, "erin")  # an owner of community A
    assert (await client.get(f"/communities/{fund.community}/fund/publication")).status_code == 200
    assert f"/communities/{fund.community}/fund/publication" in (await client.get("/my-fund")).text
    assert (await client.get(f"/communities/{fund.community}/fund")).status_code in (403, 404)  # not the books
    await make_account("frank", "owner", community_id=fund.world.community_b)
    await _as(client, "frank")
    assert (await client.get(f"/communities/{fund.community}/fund/publication")).status_code == 404
    for username, status in (("carol", 403), ("mallory", 404), ("oscar", 404)):
        await _as(client, username)
        assert (await client.get(f"/communities/{fund.community}/fund/publication")).status_code == status


async def test_a_project_paid_in_the_year_is_published_with_its_cost_and_each_households_share(client, clock):
    from datetime import date

    from app.funds.services import disbursing, proposals
    from app.funds.services.proposals import ProposalInput

    fund = await make_fund()
    dave = await principal("dave")
    clock.set(datetime(2026, 3, 1, 9, 0))
    for unit, amount in {"1-101": 8555, "1-102": 10000, "1-103": 6000}.items():
        await post(dave, fund.community, "deposit", amount, fund.units[unit])
    proposal_id = await proposals.create_proposal(dave, fund.community, ProposalInput(
        title="屋面防水抢修", description="1号楼屋面渗漏", budget_fen=24_000, contractor="青海建工", scope="whole"))
    await proposals.authorise_emergency(dave, proposal_id, "leak", "街道办 李主任", date(2026, 3, 1))
    assert await disbursing.disburse(dave, proposal_id) is True
    clock.set(datetime(2026, 11, 25, 10, 30))
    await _as(client, "erin")  # an owner of the community reads it
    client.cookies.set("cx_lang", "zh_CN")
    text = (await client.get(f"/communities/{fund.community}/fund/publication?year=2026")).text
    assert "屋面防水抢修" in text and "青海建工" in text and "¥240.00" in text and "街道办 李主任" in text
    assert text.count("<td class=\"num\">¥") >= 3  # each household's share, names masked below
    assert (await client.get(f"/communities/{fund.community}/fund/publication?year=2025")).text.count("屋面防水抢修") == 0
    await _as(client, "bob")
    overview = (await client.get("/funds")).text
    assert '/funds/proposals?state=disbursed">1</a></td>' in overview and 'Draft</th><td class="num">0</td>' in overview
