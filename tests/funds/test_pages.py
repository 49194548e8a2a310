"""The fund's pages: who sees a community's fund, recording a deposit (once per submission), an
entry and its correction, an owner's own statement (and nobody else's), the bureau's rates."""

from __future__ import annotations

import re
from datetime import date

from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.communities.tables import Building, Household, Owner
from app.funds.logic import household_status
from app.funds.services.views import under_count
from app.funds.tables import FundEntry, FundHousehold, FundRate
from app.owners.tables import OwnerLink
from tests.factories import csrf_from, login, make_account
from tests.funds.helpers import make_fund, post


async def _as(client, username: str) -> None:
    assert (await login(client, username)).status_code == 303
    client.cookies.set("cx_lang", "en")


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


async def _deposit(client, community: int, household: int, amount: str, memo: str = "", key: str | None = None):
    form = await client.get(f"/communities/{community}/fund/deposit")
    data = {"household": str(household), "amount": amount, "memo": memo, "idempotency_key": key or _key(form.text),
            "_csrf_token": csrf_from(form.text)}
    return await client.post(f"/communities/{community}/fund/deposits", data=data, follow_redirects=False)


async def test_the_committee_records_a_deposit_and_sees_it_on_the_fund_page(client):
    fund = await make_fund()
    await _as(client, "dave")
    done = await _deposit(client, fund.community, fund.units["1-101"], "2,851.38", "工行回单 0012")
    assert done.status_code == 303
    assert done.headers["location"].startswith(f"/communities/{fund.community}/fund/ledger")
    page = await client.get(done.headers["location"])
    assert "The deposit is recorded." in page.text
    assert "¥2,851.38" in page.text and "工行回单 0012" in page.text
    households = (await client.get(f"/communities/{fund.community}/fund/households")).text
    assert "Paid up" in households and "¥2,851.38" in households
    assert "First deposit owed" in households  # 1-102 has not paid: 100 m² × 33.33 = ¥3,333.00 owed
    assert "¥3,333.00" in households
    overview = (await client.get(f"/communities/{fund.community}/fund")).text
    assert "¥2,851.38" in overview  # the balance


async def test_a_double_submit_of_the_deposit_form_records_once(client):
    fund = await make_fund()
    await _as(client, "dave")
    form = await client.get(f"/communities/{fund.community}/fund/deposit")
    data = {"household": str(fund.units["1-102"]), "amount": "100", "idempotency_key": _key(form.text),
            "_csrf_token": csrf_from(form.text)}
    first = await client.post(f"/communities/{fund.community}/fund/deposits", data=data, follow_redirects=False)
    again = await client.post(f"/communities/{fund.community}/fund/deposits", data=data, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert "already been recorded" in (await client.get(again.headers["location"])).text
    assert await FundEntry.count() == 1


async def test_a_bad_deposit_comes_back_with_messages_and_records_nothing(client):
    fund = await make_fund()
    await _as(client, "dave")
    for amount, message in (("", "Enter the amount in yuan."), ("-5", "more than zero"), ("1.001", "At most two decimals"),
                            ("abc", "as a number")):
        answer = await _deposit(client, fund.community, fund.units["1-101"], amount)
        assert answer.status_code == 422 and message in answer.text
    other = await _deposit(client, fund.community, fund.other_unit, "100")  # community B's unit
    assert other.status_code == 422 and "Choose a household of this community." in other.text
    stale = await _deposit(client, fund.community, fund.units["1-101"], "100", key="x" * 65)
    assert stale.status_code == 422 and "load it again" in stale.text
    assert await FundEntry.count() == 0


async def test_the_deposit_form_as_a_fragment(client):
    fund = await make_fund()
    await _as(client, "dave")
    form = await client.get(f"/communities/{fund.community}/fund/deposit")
    answer = await client.post(f"/communities/{fund.community}/fund/deposits", data={
        "household": "", "amount": "", "idempotency_key": _key(form.text), "_csrf_token": csrf_from(form.text)},
        headers={"HX-Request": "true", "HX-Target": "deposit-form"})
    assert answer.status_code == 422 and "<html" not in answer.text and "Choose the household." in answer.text


async def test_the_area_staff_see_the_fund_and_nobody_else_does(client):
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 500, fund.units["1-101"])
    entry = (await FundEntry.select(FundEntry.id).first())["id"]
    paths = [f"/communities/{fund.community}/fund", f"/communities/{fund.community}/fund/households",
             f"/communities/{fund.community}/fund/ledger",
             f"/communities/{fund.community}/fund/households/{fund.units['1-101']}", f"/fund-entries/{entry}"]
    for username, status in (("alice", 200), ("bob", 200), ("dave", 200), ("mallory", 404), ("oscar", 404),
                             ("carol", 403), ("erin", 403)):
        client.cookies.clear()
        await _as(client, username)
        for path in paths:
            assert (await client.get(path, follow_redirects=False)).status_code == status, (username, path)


async def test_the_committee_of_another_community_gets_a_404(client):
    fund = await make_fund()
    await make_account("frank", "committee", community_id=fund.world.community_b)
    await _as(client, "frank")
    assert (await client.get(f"/communities/{fund.community}/fund")).status_code == 404
    assert (await client.get(f"/communities/{fund.community}/fund/households/{fund.units['1-101']}")).status_code == 404
    # a household of A under B's fund: 404 too
    assert (await client.get(f"/communities/{fund.world.community_b}/fund/households/{fund.units['1-101']}")).status_code == 404
    assert (await _deposit_blind(client, fund.community, fund.units["1-101"])).status_code == 404
    assert await FundEntry.count() == 0


async def _deposit_blind(client, community: int, household: int):
    page = await client.get("/account/password")
    return await client.post(f"/communities/{community}/fund/deposits", data={
        "household": str(household), "amount": "100", "idempotency_key": "blind-1", "_csrf_token": csrf_from(page.text)},
        follow_redirects=False)


async def test_the_ledger_filters_and_its_fragment(client):
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 10_000, fund.units["1-101"], memo="甲")
    await post(SYSTEM, fund.community, "deposit", 20_000, fund.units["1-102"], memo="乙")
    await post(SYSTEM, fund.community, "interest", 77, memo="利息")
    await _as(client, "dave")
    url = f"/communities/{fund.community}/fund/ledger"
    only = await client.get(url, params={"kind": "interest"}, headers={"HX-Request": "true", "HX-Target": "fund-ledger"})
    assert "<html" not in only.text and "利息" in only.text and "甲" not in only.text
    one = await client.get(url, params={"household": fund.units["1-102"]})
    assert "乙" in one.text and "甲" not in one.text and "<html" in one.text
    # each unit links to the ledger of that unit alone, keeping the kind chosen
    assert f'href="{url}?kind=deposit&amp;household={fund.units["1-101"]}"' in (
        await client.get(url, params={"kind": "deposit"})).text
    households = await client.get(f"/communities/{fund.community}/fund/households", params={"show": "under"},
                                  headers={"HX-Request": "true", "HX-Target": "fund-households"})
    assert "<html" not in households.text and "No household to show." in households.text
    assert (await client.get(url, params={"kind": "nonsense", "page": "99999999999"})).status_code == 200


async def test_an_older_link_to_the_fund_with_a_filter_opens_the_right_tab(client):
    fund = await make_fund()
    await _as(client, "dave")
    url = f"/communities/{fund.community}/fund"
    to_ledger = await client.get(url, params={"kind": "use", "page": "2"}, follow_redirects=False)
    assert to_ledger.headers["location"] == f"{url}/ledger?kind=use&page=2"
    to_households = await client.get(url, params={"show": "under"}, follow_redirects=False)
    assert to_households.headers["location"] == f"{url}/households?show=under"


async def test_a_household_under_the_30_percent_line_is_listed_with_its_top_up(client):
    fund = await make_fund()
    household = fund.units["1-102"]  # first deposit ¥3,333.00; 30% line ¥999.90
    await post(SYSTEM, fund.community, "deposit", 333_300, household)
    await post(SYSTEM, fund.community, "use", -(333_300 - 99_990), household)  # exactly at the line: not under
    await _as(client, "dave")
    url = f"/communities/{fund.community}/fund/households"
    assert "No household to show." in (await client.get(url, params={"show": "under"})).text
    await post(SYSTEM, fund.community, "use", -1, household)  # one fen under
    under = await client.get(url, params={"show": "under"})
    assert "Under the top-up line" in under.text and "top up ¥2,333.11" in under.text
    assert await under_count(fund.community) == 1


async def test_the_sql_line_agrees_with_the_rule_at_its_boundary():
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 1, fund.units["1-101"])
    cases = [(1000, 1000, 299), (1000, 1000, 300), (1000, 999, 0), (0, 0, 0), (10, 10, 2), (10, 10, 3)]
    for first, paid, balance in cases:
        await FundHousehold.update({FundHousehold.first_deposit_fen: first, FundHousehold.paid_fen: paid,
                                    FundHousehold.balance_fen: balance}).where(FundHousehold.household == fund.units["1-101"])
        assert (await under_count(fund.community) == 1) == (household_status(first, paid, balance) == "under_line")


async def test_an_entry_is_corrected_with_a_reason(client):
    fund = await make_fund()
    wrong = (await post(SYSTEM, fund.community, "deposit", 12_345, fund.units["1-101"])).entries[0]
    await _as(client, "dave")
    form = await client.get(f"/fund-entries/{wrong['id']}/correct")
    data = {"reason": "", "idempotency_key": _key(form.text), "_csrf_token": csrf_from(form.text)}
    empty = await client.post(f"/fund-entries/{wrong['id']}/correct", data=data)
    assert empty.status_code == 422 and "Say why the entry is corrected." in empty.text
    done = await client.post(f"/fund-entries/{wrong['id']}/correct", data={**data, "reason": "金额录错"},
                             follow_redirects=False)
    assert done.status_code == 303
    page = await client.get(done.headers["location"])
    assert "-¥123.45" in page.text and "金额录错" in page.text and "The entry is corrected" in page.text
    original = await client.get(f"/fund-entries/{wrong['id']}")
    assert "Corrected by" in original.text and "Correct this entry" not in original.text
    assert (await client.get(f"/fund-entries/{wrong['id']}/correct")).status_code == 404  # once only
    sub = await FundHousehold.select().where(FundHousehold.household == fund.units["1-101"]).first()
    assert (sub["balance_fen"], sub["paid_fen"]) == (0, 0)


async def test_an_owner_sees_his_own_statement_and_nobody_elses(client):
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 285_138, fund.units["1-101"], memo="首期")
    await post(SYSTEM, fund.community, "use", -1_000, fund.units["1-101"], memo="屋面防水")
    await post(SYSTEM, fund.community, "deposit", 9_999, fund.units["1-102"], memo="李强的")
    await _as(client, "erin")
    mine = await client.get("/my-fund")
    assert "1-101" in mine.text and "1-102" not in mine.text and "¥2,841.38" in mine.text
    statement = await client.get(f"/my-fund/{fund.units['1-101']}")
    assert statement.status_code == 200 and "屋面防水" in statement.text and "¥2,851.38" in statement.text
    assert "李强的" not in statement.text
    assert (await client.get(f"/my-fund/{fund.units['1-102']}")).status_code == 404  # a neighbour's
    assert (await client.get(f"/my-fund/{fund.other_unit}")).status_code == 404  # another community's
    assert (await client.get(f"/communities/{fund.community}/fund")).status_code == 403


async def test_an_owner_of_another_community_cannot_see_this_fund(client):
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 5_000, fund.units["1-101"])
    olivia = await make_account("olivia", "owner", community_id=fund.world.community_b)
    zhou = await Owner.select(Owner.id).where(Owner.name == "周平").first()
    await OwnerLink.insert(OwnerLink(account=olivia, owner=zhou["id"]))
    await _as(client, "olivia")
    mine = await client.get("/my-fund")
    assert "9-901" in mine.text and "1-101" not in mine.text
    assert (await client.get(f"/my-fund/{fund.units['1-101']}")).status_code == 404
    for path in (f"/communities/{fund.community}/fund", f"/communities/{fund.world.community_b}/fund"):
        assert (await client.get(path)).status_code in (403, 404)


async def test_the_community_page_links_the_fund_for_those_who_see_it(client):
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 5_000, fund.units["1-101"])
    await _as(client, "dave")
    page = await client.get(f"/communities/{fund.community}")
    assert f'href="/communities/{fund.community}/fund"' in page.text and "¥50.00" in page.text
    client.cookies.clear()
    await _as(client, "carol")
    assert "/fund" not in (await client.get(f"/communities/{fund.community}")).text


async def test_the_bureau_sets_its_countys_rate(client):
    await make_fund()
    await _as(client, "alice")
    page = await client.get("/fund-rates")
    assert "城东区 (630102)" in page.text and "¥33.33" in page.text
    data = {"county": "630102", "rate": "40", "effective_from": "2027-01-01", "_csrf_token": csrf_from(page.text)}
    done = await client.post("/fund-rates", data=data, follow_redirects=False)
    assert done.status_code == 303
    assert await FundRate.count().where(FundRate.region_code == "630102") == 2
    again = await client.post("/fund-rates", data={**data, "rate": "41.5"}, follow_redirects=False)
    assert again.status_code == 303  # the same county and day: the rate is replaced, not doubled
    rows = await FundRate.select(FundRate.rate_fen_per_m2).where(FundRate.effective_from == date(2027, 1, 1))
    assert rows == [{"rate_fen_per_m2": 4150}]
    for bad, message in (({"county": "630103"}, "Choose a county of your area."), ({"rate": "0"}, "more than zero"),
                         ({"effective_from": "soon"}, "YYYY-MM-DD")):
        answer = await client.post("/fund-rates", data={**data, **bad})
        assert answer.status_code == 422 and message in answer.text
    assert await FundRate.count() == 2


async def test_a_new_household_owes_its_first_deposit_at_the_rate_of_the_day(client):
    fund = await make_fund()
    building = await Building.select(Building.id).where(Building.community == fund.community).first()
    await Household.insert(Household(community=fund.community, building=building["id"], unit_number="1-104",
                                     floor_area="10.05", owner=None))
    await FundRate.update({FundRate.rate_fen_per_m2: 10}).where(FundRate.region_code == "630102")
    await _as(client, "bob")
    page = await client.get(f"/communities/{fund.community}/fund/households")
    assert "¥1.01" in page.text  # 10.05 m² × ¥0.10 = ¥1.005 → ¥1.01 (half up)
    assert await Account.count() > 0
