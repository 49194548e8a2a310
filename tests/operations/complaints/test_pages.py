"""The complaint pages: an owner files one, the company sees it on its home and its list and responds
(as a full page and as an htmx fragment), the owner sees the new response and closes it; the street
records a hotline complaint and filters its area's; bad input comes back with messages; outsiders get
404; the community page shows counts only."""

from __future__ import annotations

import pytest

from app.operations.grievances.tables import Complaint, ComplaintEvent
from tests.factories import csrf_from, login
from tests.operations.complaints.helpers import china, file_as, make_complaints_world


async def _as(client, username: str) -> str:
    client.cookies.clear()
    assert (await login(client, username)).status_code == 303
    client.cookies.set("cx_lang", "en")
    return csrf_from((await client.get("/account/password")).text)


async def test_the_round_trip_owner_files_company_responds_owner_closes(client, clock):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))
    token = await _as(client, "erin")
    form = await client.get(f"/communities/{world.community_a}/complaints/new")
    assert form.status_code == 200 and "Send the complaint" in form.text
    done = await client.post(f"/communities/{world.community_a}/complaints", data={
        "subject": "电梯异响", "text": "2号楼电梯运行时有异响。", "channel": "hotline_12345", "_csrf_token": token,
    }, follow_redirects=False)
    assert done.status_code == 303
    page = await client.get(done.headers["location"])
    assert "The complaint is filed" in page.text and "电梯异响" in page.text
    assert "Awaiting a response" in page.text and "Your next step" not in page.text
    assert "the end of Nov 5, 2026" in page.text  # Monday 09:00 + 3 working days: all of Thursday is in time
    complaint_id = (await Complaint.select(Complaint.id, Complaint.channel).first())
    assert complaint_id["channel"] == "online"  # an owner files online, whatever he posts
    complaint_id = complaint_id["id"]

    token = await _as(client, "fred")
    home = await client.get("/")
    assert "Complaints awaiting your response" in home.text and "电梯异响" in home.text
    listing = await client.get("/complaints")
    assert "电梯异响" in listing.text and "Nov 5, 2026" in listing.text
    fragment = await client.post(f"/complaints/{complaint_id}/respond", data={"text": "已联系维保单位检修。", "_csrf_token": token},
                                 headers={"HX-Request": "true", "HX-Target": "complaint"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "已联系维保单位检修。" in fragment.text and "Responded" in fragment.text

    await _as(client, "erin")
    home = await client.get("/")
    assert "Your complaints" in home.text and "New response" in home.text
    page = await client.get(f"/complaints/{complaint_id}")
    assert "已联系维保单位检修。" in page.text and "Satisfied: close the complaint" in page.text
    assert "New response" not in (await client.get("/")).text  # read now
    token = csrf_from(page.text)
    closed = await client.post(f"/complaints/{complaint_id}/close", data={"text": "", "_csrf_token": token},
                               follow_redirects=False)
    assert closed.status_code == 303
    page = await client.get(closed.headers["location"])
    assert "The complaint is closed." in page.text and "Complainant satisfied" in page.text
    kinds = await ComplaintEvent.select(ComplaintEvent.kind).order_by(ComplaintEvent.id)
    assert [row["kind"] for row in kinds] == ["filed", "respond", "close"]


async def test_bad_input_comes_back_with_messages_and_files_nothing(client, clock):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))
    token = await _as(client, "bob")
    url = f"/communities/{world.community_a}/complaints"
    cases = [
        ({"subject": "", "text": "x", "channel": "hotline_12345"}, "Say in a few words what it is about."),
        ({"subject": "x", "text": "", "channel": "hotline_12345"}, "Describe the problem or the opinion."),
        ({"subject": "x", "text": "x", "channel": "online"}, "Choose where the complaint came from."),
        ({"subject": "x", "text": "x", "channel": ["a", "b"]}, "Choose where the complaint came from."),
        ({"subject": "甲" * 201, "text": "x", "channel": "wechat_group"}, "At most 200 characters."),
        ({"subject": "x", "text": "x" * 1501, "channel": "wechat_group"}, "At most 1500 characters."),
    ]
    for data, message in cases:
        answer = await client.post(url, data={**data, "_csrf_token": token}, follow_redirects=False)
        assert answer.status_code == 422, data
        assert message in answer.text, data
    assert await Complaint.count() == 0


async def test_a_bad_action_is_refused_with_a_message(client, clock):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))
    complaint_id = await file_as("erin", world.community_a)
    token = await _as(client, "fred")
    empty = await client.post(f"/complaints/{complaint_id}/respond", data={"text": " ", "_csrf_token": token})
    assert empty.status_code == 422 and "Write the response the complainant will read." in empty.text
    never = await client.post(f"/complaints/{complaint_id}/close", data={"text": "", "_csrf_token": token})
    assert never.status_code == 403  # a company never closes a complaint: the complainant or the street does
    token = await _as(client, "erin")
    early = await client.post(f"/complaints/{complaint_id}/close", data={"text": "", "_csrf_token": token})
    assert early.status_code == 422 and "while the complaint is awaiting a response" in early.text
    token = await _as(client, "bob")
    await client.post(f"/complaints/{complaint_id}/respond", data={"text": "x", "_csrf_token": token})
    await _as(client, "fred")
    token = csrf_from((await client.get(f"/complaints/{complaint_id}")).text)
    await client.post(f"/complaints/{complaint_id}/respond", data={"text": "好的", "_csrf_token": token})
    token = await _as(client, "bob")
    unnoted = await client.post(f"/complaints/{complaint_id}/close", data={"text": "", "_csrf_token": token})
    assert unnoted.status_code == 422 and "Note whether the complainant is satisfied." in unnoted.text
    assert (await Complaint.select(Complaint.state).first())["state"] == "responded"


@pytest.mark.parametrize("username", ["carol", "gina", "mallory", "oscar", "hank"])
async def test_outsiders_get_a_404(client, clock, username):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))
    complaint_id = await file_as("erin", world.community_a)
    token = await _as(client, username)
    assert (await client.get(f"/complaints/{complaint_id}")).status_code == 404
    answer = await client.post(f"/complaints/{complaint_id}/respond", data={"text": "x", "_csrf_token": token})
    assert answer.status_code in (403, 404)
    assert "楼道灯坏了" not in (await client.get("/complaints")).text


async def test_the_street_records_a_hotline_call_and_filters_its_area(client, clock):
    world = await make_complaints_world()
    clock.set(china(2026, 10, 20, 9, 0))
    await file_as("hank", world.community_b, subject="路灯不亮")  # the street answers: proxy-managed
    token = await _as(client, "bob")
    done = await client.post(f"/communities/{world.community_a}/complaints", data={
        "subject": "噪音扰民", "text": "夜间施工。", "channel": "hotline_12345", "complainant_name": "张先生",
        "_csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    clock.set(china(2026, 11, 2, 9, 0))  # both are past their deadlines now
    home = await client.get("/")
    assert "Overdue complaints in your area" in home.text and "路灯不亮" in home.text and "噪音扰民" in home.text
    mine = await client.get("/complaints?responsible=street")
    assert "路灯不亮" in mine.text and "噪音扰民" not in mine.text
    hotline = await client.get("/complaints?channel=hotline_12345&overdue=1",
                               headers={"HX-Request": "true", "HX-Target": "complaint-list"})
    assert "<html" not in hotline.text and "噪音扰民" in hotline.text and "路灯不亮" not in hotline.text
    odd = await client.get("/complaints?state=nonsense&community=x&page=-4&overdue=%00")
    assert odd.status_code == 200
    community = await client.get(f"/communities/{world.community_b}/complaints")
    assert "路灯不亮" in community.text and "噪音扰民" not in community.text
    await _as(client, "mallory")
    assert "路灯不亮" not in (await client.get("/complaints?state=")).text


async def test_the_community_page_shows_counts_and_the_owner_files_from_it(client, clock):
    world = await make_complaints_world()
    clock.set(china(2026, 11, 2, 9, 0))
    await file_as("gina", world.community_a, subject="别人的诉求")
    await _as(client, "erin")
    page = await client.get(f"/communities/{world.community_a}")
    assert page.status_code == 200 and "File a complaint" in page.text
    assert "别人的诉求" not in page.text  # counts only
    assert (await client.get(f"/communities/{world.community_a}/complaints")).status_code in (403, 404)
    assert "别人的诉求" not in (await client.get("/complaints")).text
