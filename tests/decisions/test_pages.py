"""The pages as users meet them: a committee member drafts, opens, enters paper ballots and closes; an
owner votes from his phone page; the notice carries a QR code; the result is published; the register
exports with names masked for the committee; bad input gets a message, never a 5xx."""

import io
import re
from datetime import datetime

from openpyxl import load_workbook

from app import clock as app_clock
from app.decisions.tables import Ballot, Decision, DecisionHead
from tests.decisions.factories import equal_units, link, make_register, principal
from tests.factories import csrf_from, login, make_world


async def _token(client) -> str:
    return csrf_from((await client.get("/account/password")).text)


async def _post(client, path, data):
    return await client.post(path, data={"_csrf_token": await _token(client), **data}, follow_redirects=False)


async def _open_decision(client, world) -> int:
    assert (await login(client, "dave")).status_code == 303
    response = await _post(client, f"/communities/{world.community_a}/decisions", {
        "matter": "common_parts", "title": "利用架空层开办便民超市", "body": "租期三年，收益归全体业主。",
        "opens_on": "2026-11-20", "closes_on": "2026-11-30"})
    assert response.status_code == 303
    decision_id = (await Decision.select(Decision.id).first())["id"]
    assert (await _post(client, f"/decisions/{decision_id}/open", {})).status_code == 303
    return decision_id


async def test_a_committee_member_runs_a_vote_with_paper_ballots_and_publishes_the_result(client, clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(4))
    decision_id = await _open_decision(client, world)
    page = (await client.get(f"/decisions/{decision_id}")).text
    assert "参与表决人数四分之三以上" in page  # item 8 takes the three-quarters rule
    heads = await DecisionHead.select(DecisionHead.id).order_by(DecisionHead.id)
    for head, choice in zip(heads, ["yes", "yes", "yes", "no"], strict=True):
        response = await _post(client, f"/decisions/{decision_id}/ballots", {
            "head_id": str(head["id"]), "choice": choice, "channel": "paper", "reference": f"纸票{head['id']}"})
        assert response.status_code == 303
    register = (await client.get(f"/decisions/{decision_id}/ballots")).text
    assert "纸票" in register and "业主1" in register and "1号楼 001" in register  # each owner with his units
    found = (await client.get(f"/decisions/{decision_id}/ballots", params={"q": "1号楼 003"})).text
    assert "业主3" in found and "业主1" not in found  # a clerk holding a paper ballot finds its unit
    page = (await client.get(f"/decisions/{decision_id}")).text
    assert "75.00%" in page and "按目前票数：通过" in page
    early = await _post(client, f"/decisions/{decision_id}/close", {})  # the window's last day is still a voting day
    assert early.status_code == 422 and "2026年11月30日" in early.text
    assert "次日起可结束表决" in early.text and "结束表决并公示结果</button>" not in early.text  # no button that cannot work
    assert (await Decision.select(Decision.state).first())["state"] == "open"
    clock.set(datetime(2026, 12, 1, 9, tzinfo=app_clock.CHINA))
    assert (await _post(client, f"/decisions/{decision_id}/close", {})).status_code == 303
    result = (await client.get(f"/decisions/{decision_id}/result")).text
    assert "业主共同决定事项表决结果公示" in result and "通过" in result
    # The notice gives the votes against and the abstentions too, frozen with the rest.
    assert re.search(r"反对</th>\s*<td[^>]*>1</td><td[^>]*>80.00</td>", result)
    assert re.search(r"弃权</th>\s*<td[^>]*>0</td><td[^>]*>0.00</td>", result)
    assert (await client.get(f"/decisions/{decision_id}/ballots")).status_code == 200
    # Closed: a paper ballot is refused with a message, nothing changes.
    response = await _post(client, f"/decisions/{decision_id}/ballots", {
        "head_id": str(heads[3]["id"]), "choice": "yes", "channel": "paper", "reference": "迟到"})
    assert response.status_code == 422 and "不在表决期限内" in response.text
    assert await Ballot.count().where(Ballot.choice == "no") == 1


async def test_an_owner_votes_from_his_phone_page_and_may_change_his_vote(client, clock):
    world = await make_world()
    reg = await make_register(world.community_a, equal_units(3))
    erin = await principal("erin")
    await link(erin.id, reg["业主2"])
    decision_id = await _open_decision(client, world)
    draft = await _post(client, f"/communities/{world.community_a}/decisions", {
        "matter": "other", "title": "尚未公布的草稿", "opens_on": "2026-11-20", "closes_on": "2026-11-30"})
    draft_id = int(draft.headers["location"].split("/")[2].split("?")[0])
    client.cookies.clear()
    assert (await login(client, "erin")).status_code == 303
    assert (await client.get(f"/decisions/{draft_id}")).status_code == 404  # a draft is not yet the owners' business
    assert "尚未公布的草稿" not in (await client.get("/decisions")).text
    home = (await client.get("/")).text  # his home leads with the vote he has not cast yet
    assert "可参加的表决" in home and "利用架空层开办便民超市" in home and "立即投票" in home
    page = (await client.get(f"/decisions/{decision_id}/vote")).text
    assert "业主2" in page and "业主1" not in page
    head = (await DecisionHead.select(DecisionHead.id).where(DecisionHead.owner == reg["业主2"]).first())["id"]
    assert (await _post(client, f"/decisions/{decision_id}/vote", {"head_id": str(head), "choice": "no"})).status_code == 303
    assert (await _post(client, f"/decisions/{decision_id}/vote", {"head_id": str(head), "choice": "yes"})).status_code == 303
    page = (await client.get(f"/decisions/{decision_id}/vote")).text
    assert "您的意见：同意" in page
    home = (await client.get("/")).text
    assert "您已投票：同意" in home and "立即投票" not in home
    other = (await DecisionHead.select(DecisionHead.id).where(DecisionHead.owner == reg["业主1"]).first())["id"]
    assert (await _post(client, f"/decisions/{decision_id}/vote", {"head_id": str(other), "choice": "yes"})).status_code == 404
    bad = await _post(client, f"/decisions/{decision_id}/vote", {"head_id": str(head), "choice": "maybe"})
    assert bad.status_code == 422 and "请选择同意、反对或弃权" in bad.text
    assert [r["choice"] for r in await Ballot.select(Ballot.choice)] == ["yes"]
    # Owners see the decision and its tally, not the register.
    assert (await client.get(f"/decisions/{decision_id}")).status_code == 200
    assert (await client.get(f"/decisions/{decision_id}/ballots")).status_code == 403


async def test_the_notice_has_the_rule_the_window_and_a_qr_code_to_the_ballot_page(client, clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(3))
    decision_id = await _open_decision(client, world)
    notice = (await client.get(f"/decisions/{decision_id}/notice")).text
    assert "<svg" in notice and f"/decisions/{decision_id}/vote" in notice
    assert "第（8）项" in notice and "四分之三以上" in notice


async def test_the_register_export_masks_names_for_the_committee_not_for_the_street_office(client, clock):
    world = await make_world()
    await make_register(world.community_a, [("101", "张三丰", "80.00", False)])
    decision_id = await _open_decision(client, world)

    async def names() -> list:
        response = await client.get(f"/decisions/{decision_id}/ballots.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]

    assert await names() == ["张**"]
    client.cookies.clear()
    assert (await login(client, "bob")).status_code == 303
    assert await names() == ["张三丰"]


async def test_the_tally_and_the_register_answer_htmx_with_their_fragment(client, clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(3))
    decision_id = await _open_decision(client, world)
    fragment = await client.get(f"/decisions/{decision_id}", headers={"HX-Request": "true", "HX-Target": "tally"})
    assert fragment.text.lstrip().startswith('<section class="card" id="tally"') and "<html" not in fragment.text
    found = await client.get(f"/decisions/{decision_id}/ballots?q=业主2",
                             headers={"HX-Request": "true", "HX-Target": "register"})
    assert "<html" not in found.text and "业主2" in found.text and "业主3" not in found.text


async def test_a_bad_draft_gets_messages_and_saves_nothing(client, clock):
    world = await make_world()
    assert (await login(client, "dave")).status_code == 303
    response = await _post(client, f"/communities/{world.community_a}/decisions", {
        "matter": "hire", "title": "", "opens_on": "2026-11-30", "closes_on": "2026-11-20"})
    assert response.status_code == 422
    assert "请填写表决事项标题" in response.text and "请选择物业服务企业" in response.text
    assert await Decision.count() == 0
    response = await _post(client, f"/communities/{world.community_a}/decisions", {
        "matter": "other", "title": "议题", "opens_on": "2026-11-30", "closes_on": "2026-11-20"})
    assert response.status_code == 422 and "表决截止日期不能早于开始日期" in response.text
    assert await Decision.count() == 0


async def test_hiring_a_company_is_put_to_the_whole_community_not_to_one_building(client, clock):
    world = await make_world()
    register = await make_register(world.community_a, equal_units(3))
    assert (await login(client, "dave")).status_code == 303
    values = {"title": "议题", "opens_on": "2026-11-20", "closes_on": "2026-11-30", "company_id": str(world.company_a),
              "service_start": "2027-01-01", "building_ids": str(register["building"])}
    response = await _post(client, f"/communities/{world.community_a}/decisions", {"matter": "hire", **values})
    assert response.status_code == 422 and "全体业主" in response.text and await Decision.count() == 0
    unit = next(iter(register["households"].values()))
    response = await _post(client, f"/communities/{world.community_a}/decisions", {
        "matter": "election", **values, "building_ids": "", "household_ids": str(unit)})
    assert response.status_code == 422 and await Decision.count() == 0
    # Using the fund may concern one building only.
    response = await _post(client, f"/communities/{world.community_a}/decisions", {"matter": "fund_use", **values})
    assert response.status_code == 303 and await Decision.count() == 1
    decision_id = (await Decision.select(Decision.id).first())["id"]
    assert "楼栋：1号楼" in (await client.get(f"/decisions/{decision_id}")).text  # named, not only "buildings concerned"


async def test_the_community_page_lists_its_decisions_and_lets_the_committee_draft_one(client, clock):
    world = await make_world()
    await make_register(world.community_a, equal_units(3))
    decision_id = await _open_decision(client, world)
    page = (await client.get(f"/communities/{world.community_a}")).text
    assert "利用架空层开办便民超市" in page and f"/communities/{world.community_a}/decisions/new" in page
    listed = (await client.get(f"/decisions?community={world.community_a}&state=open")).text
    assert f"/decisions/{decision_id}" in listed
    assert f"/decisions/{decision_id}\"" not in (await client.get("/decisions?state=closed")).text
    client.cookies.clear()
    assert (await login(client, "alice")).status_code == 303  # the bureau reads, does not draft
    page = (await client.get(f"/communities/{world.community_a}")).text
    assert "利用架空层开办便民超市" in page and "/decisions/new" not in page


async def test_the_tally_names_every_condition_not_met(client, clock):
    """One paper ballot of four equal units: neither two thirds of the area nor of the owners took
    part, and the page says both, not only the first."""
    world = await make_world()
    await make_register(world.community_a, equal_units(4))
    decision_id = await _open_decision(client, world)
    head = await DecisionHead.select(DecisionHead.id).order_by(DecisionHead.id).first()
    await _post(client, f"/decisions/{decision_id}/ballots", {
        "head_id": str(head["id"]), "choice": "yes", "channel": "paper", "reference": "纸票1"})
    page = (await client.get(f"/decisions/{decision_id}")).text
    assert "参与表决的专有面积不足" in page and "参与表决的业主人数不足" in page
