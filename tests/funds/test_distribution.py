"""Crediting interest or common-part income to the households: the preview's parts add up exactly to the
amount (even when it is fewer fen than there are households), posting makes one entry per household
with a part, and a form sent twice posts once."""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from app.accounts.logic import SYSTEM
from app.funds.services.distribution import split
from app.funds.tables import FundAccount, FundEntry, FundHousehold
from tests.factories import csrf_from, make_account
from tests.funds.helpers import make_fund, post
from tests.funds.test_pages import _as


def _hidden(html: str, name: str) -> str:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)[-1]  # the confirm form's, when there are two


async def _preview(client, community: int, amount: str, basis: str = "balance", kind: str = "interest", key=None):
    form = await client.get(f"/communities/{community}/fund/distribution")
    data = {"amount": amount, "kind": kind, "basis": basis, "idempotency_key": key or _hidden(form.text, "idempotency_key"),
            "_csrf_token": csrf_from(form.text)}
    return await client.post(f"/communities/{community}/fund/distribution/preview", data=data, follow_redirects=False)


async def _post(client, community: int, preview_html: str, **overrides):
    data = {name: _hidden(preview_html, name) for name in ("amount", "kind", "basis", "idempotency_key", "digest")}
    data["_csrf_token"] = csrf_from(preview_html)
    return await client.post(f"/communities/{community}/fund/distribution", data={**data, **overrides},
                             follow_redirects=False)


def _parts(html: str) -> list[str]:
    return re.findall(r'data-label="Part" class="num">([^<]+)<', html)


async def test_the_preview_shows_each_part_adding_up_to_the_amount_and_posts_nothing(client):
    fund = await make_fund()
    await _as(client, "dave")
    answer = await _preview(client, fund.community, "100", basis="area")  # 85.55 + 100 + 60 m²
    assert answer.status_code == 200
    assert _parts(answer.text) == ["¥34.84", "¥40.72", "¥24.44"]  # 34.840, 40.725 → .72 (remainder smaller), 24.435 → .44
    assert 'id="distribution-total"><strong>¥100.00' in answer.text
    assert await FundEntry.count() == 0


async def test_posting_makes_one_entry_per_household_and_a_second_submit_posts_nothing(client):
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 300_000, fund.units["1-101"])
    await post(SYSTEM, fund.community, "deposit", 100_000, fund.units["1-102"])
    await _as(client, "dave")
    preview = await _preview(client, fund.community, "10.01")  # by balance: 3 : 1, 1-103 has none
    assert _parts(preview.text) == ["¥7.51", "¥2.50", "¥0.00"]
    done = await _post(client, fund.community, preview.text)
    assert done.status_code == 303
    assert "credited to the households" in (await client.get(done.headers["location"])).text
    entries = await FundEntry.select(FundEntry.household, FundEntry.kind, FundEntry.amount_fen).where(FundEntry.kind == "interest")
    assert sorted((row["household"], row["amount_fen"]) for row in entries) == [(fund.units["1-101"], 751), (fund.units["1-102"], 250)]
    again = await _post(client, fund.community, preview.text)
    assert again.status_code == 303 and "not posted twice" in (await client.get(again.headers["location"])).text
    assert await FundEntry.count().where(FundEntry.kind == "interest") == 2
    account = await FundAccount.select(FundAccount.balance_fen).first()
    assert account["balance_fen"] == 400_000 + 1_001


async def test_an_amount_smaller_than_the_number_of_households_still_adds_up(client):
    fund = await make_fund()
    await _as(client, "dave")
    preview = await _preview(client, fund.community, "0.02", basis="area", kind="income")
    assert _parts(preview.text) == ["¥0.01", "¥0.01", "¥0.00"]  # the two largest remainders: 100 m², then 85.55 m²
    assert (await _post(client, fund.community, preview.text)).status_code == 303
    rows = await FundHousehold.select(FundHousehold.household, FundHousehold.balance_fen)
    assert {row["household"]: row["balance_fen"] for row in rows} == {fund.units["1-101"]: 1, fund.units["1-102"]: 1}
    assert await FundEntry.count() == 2  # the household with nothing gets no entry


async def test_the_parts_always_add_up_and_stay_within_a_fen_of_the_exact_share():
    fund = await make_fund()  # 85.55, 100 and 60 m²: 24,555 hundredths in all
    for amount in (1, 2, 3, 4, 99, 24_554, 24_555, 24_556, 10**10 - 1, 10**10):
        shares = await split(fund.community, amount, "interest", "area")
        weights = [part.weight for part in shares.parts]
        assert shares.total_fen == amount, amount
        for part, weight in zip(shares.parts, weights, strict=True):
            assert abs(Fraction(amount * weight, sum(weights)) - part.fen) < 1, amount


async def test_the_preview_is_posted_only_as_it_was_shown(client):
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 300_000, fund.units["1-101"])
    await _as(client, "dave")
    preview = await _preview(client, fund.community, "10")
    await post(SYSTEM, fund.community, "deposit", 100_000, fund.units["1-102"])  # the balances change meanwhile
    stale = await _post(client, fund.community, preview.text)
    assert stale.status_code == 422 and "balances have changed" in stale.text
    assert _parts(stale.text) == ["¥7.50", "¥2.50", "¥0.00"]
    assert await FundEntry.count().where(FundEntry.kind == "interest") == 0
    assert (await _post(client, fund.community, stale.text)).status_code == 303
    assert await FundEntry.count().where(FundEntry.kind == "interest") == 2
    forged = await _post(client, fund.community, stale.text, idempotency_key="ab" * 16, digest="0" * 64)
    assert forged.status_code == 422 and await FundEntry.count().where(FundEntry.kind == "interest") == 2


async def test_the_basis_defaults_to_the_setting(client, configure):
    fund = await make_fund()
    await _as(client, "dave")
    page = await client.get(f"/communities/{fund.community}/fund/distribution")
    assert 'value="balance" checked' in page.text
    configure(POLICY_FUND_DISTRIBUTION_BASIS="area")
    page = await client.get(f"/communities/{fund.community}/fund/distribution")
    assert 'value="area" checked' in page.text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("amount", "", "Enter the amount in yuan."),
    ("amount", "abc", "as a number"),
    ("amount", "-5", "more than zero"),
    ("amount", "0.001", "At most two decimals"),
    ("amount", "1" * 40, "too large"),
    ("kind", "use", "Choose interest or common-part income."),
    ("basis", "headcount", "by balance or by floor area"),
    ("idempotency_key", "not-hex!", "load it again"),
])
async def test_bad_input_comes_back_with_a_message_and_posts_nothing(client, field, value, message):
    fund = await make_fund()
    await _as(client, "dave")
    form = await client.get(f"/communities/{fund.community}/fund/distribution")
    data = {"amount": "10", "kind": "interest", "basis": "area", "idempotency_key": _hidden(form.text, "idempotency_key"),
            "_csrf_token": csrf_from(form.text), field: value}
    for path in ("distribution/preview", "distribution"):
        answer = await client.post(f"/communities/{fund.community}/fund/{path}", data=data, follow_redirects=False)
        assert answer.status_code == 422 and message in answer.text, (path, answer.text[-2000:])
    assert await FundEntry.count() == 0


async def test_no_balance_to_share_by_is_explained(client):
    fund = await make_fund()
    await _as(client, "dave")
    answer = await _preview(client, fund.community, "10", basis="balance")
    assert answer.status_code == 422 and "No household concerned has a balance" in answer.text
    unpreviewed = await client.post(f"/communities/{fund.community}/fund/distribution", data={
        "amount": "10", "kind": "interest", "basis": "area", "idempotency_key": "ab" * 16, "_csrf_token": csrf_from(answer.text)},
        headers={"HX-Request": "true", "HX-Target": "distribution-form"})
    assert unpreviewed.status_code == 422 and "<html" not in unpreviewed.text and "Look at the households" in unpreviewed.text
    assert await FundEntry.count() == 0


async def test_only_those_who_keep_the_fund_may_distribute(client):
    fund = await make_fund()
    await make_account("frank", "committee", community_id=fund.world.community_b)
    for username, status in (("carol", 403), ("erin", 403), ("frank", 404), ("mallory", 404), ("oscar", 404)):
        client.cookies.clear()
        await _as(client, username)
        assert (await client.get(f"/communities/{fund.community}/fund/distribution")).status_code == status, username
        token = csrf_from((await client.get("/account/password")).text)
        for path in ("distribution/preview", "distribution"):
            answer = await client.post(f"/communities/{fund.community}/fund/{path}", data={
                "amount": "10", "kind": "interest", "basis": "area", "idempotency_key": "ab" * 16, "_csrf_token": token})
            assert answer.status_code == status, (username, path)
    assert await FundEntry.count() == 0
