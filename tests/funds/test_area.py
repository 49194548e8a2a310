"""The fund across a street's or a bureau's area: the balance of every fund, the households under
the 30% line (the same condition as the fund page's) and the communities they are in, each figure
opening its list; another area's staff see their own figures only."""

from __future__ import annotations

from app.funds.services.views import under_count
from tests.factories import login
from tests.funds.helpers import make_fund, post, principal


async def _as(client, username: str) -> None:
    client.cookies.clear()
    assert (await login(client, username)).status_code == 303
    client.cookies.set("cx_lang", "en")


async def _funds(fund) -> None:
    """Community A: 1-101 paid up then spent down to 20% (under the line), 1-102 paid up; community B: one deposit."""
    dave = await principal("dave")
    await post(dave, fund.community, "deposit", 285_138, fund.units["1-101"])
    await post(dave, fund.community, "use", -228_111, fund.units["1-101"])  # 57,027 left: 20% of 285,138
    await post(dave, fund.community, "deposit", 333_300, fund.units["1-102"])
    await post(await principal("alice"), fund.world.community_b, "deposit", 1_000, fund.other_unit)


def _figure(text: str, label: str) -> str:
    before = text[:text.index(f'<span class="figure-label">{label}</span>')]
    return before[before.rindex('<span class="figure-value">') + 27:].split("<")[0]


async def test_the_street_sees_its_areas_totals_each_linked_to_its_list(client):
    fund = await make_fund()
    await _funds(fund)
    assert await under_count(fund.community) == 1
    await _as(client, "bob")
    text = (await client.get("/funds")).text
    assert _figure(text, "Communities with a fund") == "2"
    assert _figure(text, "Balance of all funds") == "¥3,913.27"  # 570.27 + 3,333.00 + 10.00
    assert _figure(text, "Households under the 30% line") == "1"
    assert _figure(text, "Communities with households under the 30% line") == "1"
    assert "/funds/list?show=under" in text and "/funds/list?show=funds" in text
    under = (await client.get("/funds/list?show=under")).text
    assert under.count("<tr><td") == 1 and f"/communities/{fund.community}/fund/households?show=under" in under
    assert "<h1>Communities with households under the 30% line</h1>" in under
    every = await client.get("/funds/list?show=funds", headers={"HX-Request": "true", "HX-Target": "fund-area-results"})
    assert every.text.count("<tr><td") == 2 and "<h1>" not in every.text


async def test_another_area_sees_none_of_it(client):
    fund = await make_fund()
    await _funds(fund)
    for username in ("mallory", "oscar"):
        await _as(client, username)
        text = (await client.get("/funds")).text
        assert _figure(text, "Communities with a fund") == "0" and _figure(text, "Balance of all funds") == "¥0.00"
        assert "<tr><td" not in (await client.get("/funds/list?show=under")).text
    for username in ("carol", "dave", "erin"):
        await _as(client, username)
        assert (await client.get("/funds")).status_code == 403


async def test_an_odd_list_name_or_page_shows_the_first_page_of_all(client):
    fund = await make_fund()
    await _funds(fund)
    await _as(client, "alice")
    for query in ("show=x%00", "show=under&page=99", "page=abc"):
        answer = await client.get(f"/funds/list?{query}")
        assert answer.status_code == 200 and "<tr><td" in answer.text


async def test_the_proposals_by_state_open_their_list_and_another_area_sees_none(client):
    from app.accounts.logic import SYSTEM
    from app.funds.services import proposals
    from app.funds.services.proposals import ProposalInput

    fund = await make_fund()
    roof = await proposals.create_proposal(SYSTEM, fund.community, ProposalInput(
        title="屋面防水", budget_fen=10_000, contractor="甲"))
    await proposals.create_proposal(SYSTEM, fund.community, ProposalInput(title="换水泵", budget_fen=5_000, contractor="乙"))
    await proposals.cancel(SYSTEM, roof)
    await _as(client, "bob")
    overview = (await client.get("/funds")).text
    assert '/funds/proposals?state=draft">1</a>' in overview and '/funds/proposals?state=cancelled">1</a>' in overview
    drafts = (await client.get("/funds/proposals?state=draft")).text
    assert "换水泵" in drafts and "屋面防水" not in drafts and "¥50.00" in drafts
    every = await client.get("/funds/proposals", headers={"HX-Request": "true", "HX-Target": "fund-area-proposals"})
    assert "换水泵" in every.text and "屋面防水" in every.text and "<html" not in every.text
    assert (await client.get("/funds/proposals?state=%00x&page=99")).status_code == 200
    await _as(client, "mallory")
    assert "换水泵" not in (await client.get("/funds/proposals")).text
