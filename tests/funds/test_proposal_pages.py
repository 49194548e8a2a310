"""The fund-use pages: a committee member proposes a use and sees it apportioned; bad input comes back
with messages; the vote and the emergency forms; a double click disburses once; short households are
listed with their top-up notices; owners read their share only; others are refused."""

from __future__ import annotations

from datetime import date

from app.accounts.logic import SYSTEM
from app.communities.tables import Building
from app.decisions.tables import Decision
from app.funds.services import proposals
from app.funds.services.proposals import ProposalInput
from app.funds.tables import FundEntry, FundProposal
from tests.factories import csrf_from, login
from tests.funds.helpers import make_fund, post, principal


async def _as(client, username: str) -> str:
    client.cookies.clear()
    assert (await login(client, username)).status_code == 303
    client.cookies.set("cx_lang", "en")
    return csrf_from((await client.get("/account/password")).text)


async def _proposal(fund, budget_fen: int = 24_555, community: int | None = None, **extra) -> int:
    data = ProposalInput(title="屋面防水维修", budget_fen=budget_fen, contractor="青海建工", **extra)
    return await proposals.create_proposal(SYSTEM, community or fund.community, data)


async def test_the_committee_proposes_a_use_and_sees_it_apportioned(client):
    fund = await make_fund()
    token = await _as(client, "dave")
    form = await client.get(f"/communities/{fund.community}/fund/proposals/new")
    assert form.status_code == 200 and "Who bears the cost" in form.text
    done = await client.post(f"/communities/{fund.community}/fund/proposals", data={
        "title": "屋面防水维修", "budget": "245.55", "contractor": "青海建工", "scope": "whole", "_csrf_token": token,
    }, follow_redirects=False)
    assert done.status_code == 303
    page = await client.get(done.headers["location"])
    assert "The proposal is saved as a draft." in page.text
    for share in ("¥85.55", "¥100.00", "¥60.00", "¥245.55"):
        assert share in page.text
    assert "lacks ¥85.55" in page.text  # nothing deposited yet: each household is marked short
    assert "Top-up notice" in page.text
    listing = await client.get(f"/communities/{fund.community}/fund/proposals")
    assert "屋面防水维修" in listing.text and "Draft" in listing.text


async def test_a_bad_proposal_comes_back_with_messages_and_saves_nothing(client):
    fund = await make_fund()
    token = await _as(client, "dave")
    url = f"/communities/{fund.community}/fund/proposals"
    cases = [
        ({"title": "", "budget": "100", "contractor": "甲", "scope": "whole"}, "Name the project."),
        ({"title": "甲", "budget": "abc", "contractor": "甲", "scope": "whole"}, "as a number"),
        ({"title": "甲", "budget": "100", "contractor": "甲", "scope": "moon"}, "Choose who bears the cost."),
        ({"title": "甲", "budget": "100", "contractor": "甲", "scope": "buildings"}, "Tick the buildings"),
        ({"title": "甲", "budget": "100", "contractor": "甲", "scope": "units", "household_ids": str(fund.other_unit)},
         "Choose units of this community."),
        ({"title": "甲" * 201, "budget": "100", "contractor": "甲", "scope": "whole"}, "At most 200 characters."),
        ({"title": "甲", "budget": "100", "contractor": "甲", "scope": "whole", "building_ids": "x" * 5000},
         None),  # a wrong-typed id is ignored; the whole community bears it
    ]
    for data, message in cases[:-1]:
        answer = await client.post(url, data={**data, "_csrf_token": token}, follow_redirects=False)
        assert answer.status_code == 422 and message in answer.text, message
    assert await FundProposal.count() == 0
    fragment = await client.post(url, data={"title": "", "_csrf_token": token},
                                 headers={"HX-Request": "true", "HX-Target": "proposal-form"})
    assert fragment.status_code == 422 and "<html" not in fragment.text and "Name the project." in fragment.text


async def test_putting_it_to_the_vote_links_the_decision_draft(client, clock):
    fund = await make_fund()
    proposal_id = await _proposal(fund)
    token = await _as(client, "dave")
    bad = await client.post(f"/fund-proposals/{proposal_id}/vote", data={
        "opens_on": "2026-11-30", "closes_on": "2026-11-01", "_csrf_token": token})
    assert bad.status_code == 422 and "cannot be before the first" in bad.text
    assert await Decision.count() == 0
    done = await client.post(f"/fund-proposals/{proposal_id}/vote", data={
        "opens_on": "2026-11-25", "closes_on": "2026-12-09", "_csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    decision = await Decision.select(Decision.id, Decision.matter).first()
    assert done.headers["location"].startswith(f"/decisions/{decision['id']}") and decision["matter"] == "fund_use"
    page = await client.get(f"/fund-proposals/{proposal_id}")
    assert "Put to the owners&#39; vote" in page.text or "Put to the owners' vote" in page.text
    assert f"/decisions/{decision['id']}" in page.text


async def test_an_emergency_is_authorised_disbursed_once_and_published_to_the_owners(client, clock):
    fund = await make_fund()
    for unit, amount in (("1-101", 8555), ("1-102", 10000), ("1-103", 6000)):
        await post(SYSTEM, fund.community, "deposit", amount, fund.units[unit])
    proposal_id = await _proposal(fund)
    token = await _as(client, "dave")
    bad = await client.post(f"/fund-proposals/{proposal_id}/emergency", data={
        "reason": "", "authorised_by": "", "authorised_on": "2026-13-01", "_csrf_token": token})
    assert bad.status_code == 422
    for message in ("Choose the emergency from the list.", "Say who authorised", "YYYY-MM-DD"):
        assert message in bad.text
    future = await client.post(f"/fund-proposals/{proposal_id}/emergency", data={
        "reason": "elevator", "authorised_by": "李主任", "authorised_on": "2026-11-26", "_csrf_token": token})
    assert future.status_code == 422 and "cannot be in the future" in future.text
    done = await client.post(f"/fund-proposals/{proposal_id}/emergency", data={
        "reason": "elevator", "authorised_by": "街道办 李主任", "authorised_on": "2026-11-25", "_csrf_token": token},
        follow_redirects=False)
    assert done.status_code == 303
    first = await client.post(f"/fund-proposals/{proposal_id}/disburse", data={"_csrf_token": token},
                              follow_redirects=False)
    again = await client.post(f"/fund-proposals/{proposal_id}/disburse", data={"_csrf_token": token},
                              follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert "already been disbursed" in (await client.get(again.headers["location"])).text
    assert await FundEntry.count().where(FundEntry.kind == "use") == 3
    await _as(client, "erin")  # 王芳's account: her community's owners see the emergency afterwards
    listing = await client.get(f"/communities/{fund.community}/fund/proposals")
    assert "Emergency, published afterwards" in listing.text and "Elevator danger" in listing.text
    page = await client.get(f"/fund-proposals/{proposal_id}")
    assert page.status_code == 200 and "Your share" in page.text
    assert "¥85.55" in page.text and "¥100.00" not in page.text  # her own unit's share, no neighbour's
    assert "/disburse" not in page.text and "/emergency" not in page.text  # read-only


async def test_short_households_block_the_disbursement_and_get_a_notice(client, clock):
    fund = await make_fund()
    await post(SYSTEM, fund.community, "deposit", 8555, fund.units["1-101"])
    await post(SYSTEM, fund.community, "deposit", 10000, fund.units["1-102"])
    proposal_id = await _proposal(fund)
    dave = await principal("dave")
    await proposals.authorise_emergency(dave, proposal_id, "drainage", "业委会主任 张伟", date(2026, 11, 25))
    token = await _as(client, "dave")
    blocked = await client.post(f"/fund-proposals/{proposal_id}/disburse", data={"_csrf_token": token},
                                headers={"HX-Request": "true", "HX-Target": "proposal-actions"})
    assert blocked.status_code == 422 and "Nothing was disbursed." in blocked.text and "<html" not in blocked.text
    assert "lacks ¥60.00" in blocked.text and "1-103" in blocked.text and "1-101" not in blocked.text
    assert await FundEntry.count().where(FundEntry.kind == "use") == 0
    notice = await client.get(f"/fund-proposals/{proposal_id}/notices/{fund.units['1-103']}")
    assert notice.status_code == 200 and "top-up notice" in notice.text.lower()
    assert "¥60.00" in notice.text and "屋面防水维修" in notice.text and 'class="a4"' in notice.text
    covered = await client.get(f"/fund-proposals/{proposal_id}/notices/{fund.units['1-101']}")
    assert covered.status_code == 404  # 1-101 can bear its share: no notice


async def test_owners_and_companies_may_not_propose_and_another_community_is_not_found(client):
    fund = await make_fund()
    proposal_id = await _proposal(fund)
    token = await _as(client, "erin")
    assert (await client.get(f"/communities/{fund.community}/fund/proposals/new")).status_code == 403
    assert (await client.post(f"/fund-proposals/{proposal_id}/disburse", data={"_csrf_token": token})).status_code == 403
    other = await _proposal(fund, community=fund.world.community_b)
    assert (await client.get(f"/fund-proposals/{other}")).status_code == 404
    token = await _as(client, "carol")
    assert (await client.get(f"/communities/{fund.community}/fund/proposals")).status_code == 403
    assert (await client.get(f"/fund-proposals/{proposal_id}")).status_code == 403
    token = await _as(client, "dave")
    assert (await client.get(f"/communities/{fund.world.community_b}/fund/proposals")).status_code == 404
    assert (await client.get(f"/fund-proposals/{other}")).status_code == 404
    assert (await client.post(f"/fund-proposals/{other}/cancel", data={"_csrf_token": token})).status_code == 404
    assert (await client.get(f"/fund-proposals/{proposal_id}/notices/{fund.other_unit}")).status_code == 404


async def test_a_draft_is_changed_to_some_units_picked_building_by_building(client):
    fund = await make_fund()
    proposal_id = await _proposal(fund)
    token = await _as(client, "dave")
    page = await client.get(f"/fund-proposals/{proposal_id}")
    assert f"/fund-proposals/{proposal_id}/edit" in page.text
    form = await client.get(f"/fund-proposals/{proposal_id}/edit")
    assert form.status_code == 200 and 'value="屋面防水维修"' in form.text and 'value="245.55"' in form.text
    building = await Building.select(Building.id).where(Building.community == fund.community).first()
    picker = await client.get(f"/communities/{fund.community}/fund/proposals/units/{building['id']}",
                              headers={"HX-Request": "true", "HX-Target": f"units-{building['id']}"})
    assert picker.status_code == 200 and "<html" not in picker.text
    assert f'value="{fund.units["1-101"]}"' in picker.text and f'value="{fund.units["1-103"]}"' in picker.text
    other = await client.get(f"/communities/{fund.community}/fund/proposals/units/{fund.other_building}",
                             headers={"HX-Request": "true", "HX-Target": f"units-{fund.other_building}"})
    assert other.status_code == 404  # another community's building
    done = await client.post(f"/fund-proposals/{proposal_id}/edit", data={
        "title": "屋面防水维修(一单元)", "budget": "100", "contractor": "青海建工", "scope": "units",
        "household_ids": [str(fund.units["1-101"]), str(fund.units["1-103"])], "_csrf_token": token,
    }, follow_redirects=False)
    assert done.status_code == 303
    page = await client.get(done.headers["location"])
    assert "The draft is saved." in page.text and "屋面防水维修(一单元)" in page.text
    # ¥100 over 85.55 + 60.00 m²: 58.78 and 41.22 (largest remainder), 1-102 bears nothing
    assert "¥58.78" in page.text and "¥41.22" in page.text and "1-102" not in page.text
    again = await client.get(f"/fund-proposals/{proposal_id}/edit")
    assert f'value="{fund.units["1-101"]}" checked' in again.text  # the ticked units shown in their building


async def test_a_change_is_refused_with_its_message_and_once_the_draft_is_before_the_owners(client, clock):
    fund = await make_fund()
    proposal_id = await _proposal(fund)
    token = await _as(client, "dave")
    bad = await client.post(f"/fund-proposals/{proposal_id}/edit", data={
        "title": "", "budget": "-5", "contractor": "青海建工", "scope": "whole", "_csrf_token": token})
    assert bad.status_code == 422 and "Name the project." in bad.text
    assert (await FundProposal.select(FundProposal.title).first())["title"] == "屋面防水维修"
    await client.post(f"/fund-proposals/{proposal_id}/vote", data={
        "opens_on": "2026-11-25", "closes_on": "2026-12-09", "_csrf_token": token})
    assert (await FundProposal.select(FundProposal.state).first())["state"] != "draft"
    form = await client.get(f"/fund-proposals/{proposal_id}/edit")
    assert form.status_code == 422 and "cannot do that now" in form.text
    late = await client.post(f"/fund-proposals/{proposal_id}/edit", data={
        "title": "改", "budget": "1", "contractor": "甲", "scope": "whole", "_csrf_token": token})
    assert late.status_code == 422 and "cannot do that now" in late.text
    assert (await FundProposal.select(FundProposal.budget_fen).first())["budget_fen"] == 24_555
    for username in ("erin", "carol", "mallory"):  # an owner reads, a company and another area are refused
        await _as(client, username)
        assert (await client.get(f"/fund-proposals/{proposal_id}/edit")).status_code in (403, 404)


async def test_the_decision_page_shows_the_use_and_an_owner_his_own_share(client, clock):
    from app.decisions.services.decisions import open_decision
    from app.funds.services import votes

    fund = await make_fund()
    proposal_id = await _proposal(fund)  # ¥245.55 over 85.55 + 100 + 60 m²: 1-101 (王芳, erin's) bears ¥85.55
    dave = await principal("dave")
    decision_id = await votes.put_to_vote(dave, proposal_id, date(2026, 11, 25), date(2026, 12, 9))
    await open_decision(dave, decision_id)
    await _as(client, "dave")
    page = (await client.get(f"/decisions/{decision_id}")).text
    assert 'id="fund-use"' in page and f"/fund-proposals/{proposal_id}" in page and "青海建工" in page
    assert "3 households, 245.55 m² in all" in page and "Your share" not in page
    notice = (await client.get(f"/decisions/{decision_id}/notice")).text
    assert "屋面防水维修" in notice and f'href="/fund-proposals/{proposal_id}"' not in notice
    await _as(client, "erin")
    mine = (await client.get(f"/decisions/{decision_id}")).text
    assert "Your share for 1号楼 · 1-101: ¥85.55 (85.55 m²)." in mine
