"""The audit log reads as a clerk speaks: object names, actions and fields in the user's language,
values formatted, filters in the URL that keep to the user's area."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from app.accounts import services as accounts
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.audit import services as audit
from app.audit.tables import AuditEntry
from app.communities.tables import Building, Community
from tests.factories import login, make_world, post_form


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


def _rows(page) -> str:
    """The entries' table, as text (tags dropped)."""
    part = page.text.split('id="audit-rows"', 1)[-1]
    return html.unescape(re.sub(r"<[^>]+>", " ", part))


async def _add_household(client, community_id: int) -> None:
    await Building.insert(Building(community=community_id, number="1号楼"))
    building = (await Building.select(Building.id).first())["id"]
    data = {"building": building, "unit_number": "1-101", "floor_area": "85.50", "owner_name": "张三", "owner_phone": "13812345678"}
    response = await post_form(client, f"/communities/{community_id}/households", data,
                               page=f"/communities/{community_id}/households/new")
    assert response.status_code == 303


@pytest.mark.parametrize("lang, words", [
    ("zh_CN", ["添加住户", "住户 幸福小区 1号楼 1-101", "建筑面积（m²）: 85.50", "业主: 张三", "房号: 1-101"]),
    ("en", ["Household added", "Household 幸福小区 1号楼 1-101", "Floor area (m²): 85.50", "Owner: 张三", "Unit: 1-101"]),
])
async def test_an_entry_names_its_object_and_its_fields_in_the_users_language(client, lang, words):
    world = await make_world()
    await login(client, "bob")
    await _add_household(client, world.community_a)
    client.cookies.clear()
    if lang == "en":
        client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    text = _rows(await client.get("/audit", params={"action": "household.create"}))
    for word in words:
        assert word in text, (word, text)
    assert "floor_area" not in text and "household " not in text


async def test_an_entry_still_reads_right_once_its_object_is_renamed_or_gone(client):
    world = await make_world()
    await login(client, "bob")
    await _add_household(client, world.community_a)
    await Community.update({Community.name: "改名小区"}).where(Community.id == world.community_a)
    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    assert "Household 幸福小区 1号楼 1-101" in _rows(await client.get("/audit"))


async def test_entries_written_before_names_were_kept_fall_back_on_their_summary(client):
    await make_world()
    await audit.record(SYSTEM, "community.update", "community", 7, {"name": ["旧名", "新名"]}, "630102001001")
    await audit.record(SYSTEM, "company.create", "company", 8, {"name": "安居物业"}, "630102")
    await audit.record(SYSTEM, "building.create", "building", 9, {}, "630102001001")
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    text = _rows(await client.get("/audit"))
    assert "Community 旧名" not in text  # a change's pair is not a name
    assert "Property company 安居物业" in text and "Building #9" in text
    assert "Name: 旧名 → 新名" in text


@pytest.mark.parametrize("lang, words", [
    ("en", ["Start: Mar 1, 2025", "Management mode: Professional property service", "Amount: ¥1,234.56",
            "Red property company: Yes", "Floor area (m²): 85.50", "End: —"]),
    ("zh_CN", ["开始: 2025年3月1日", "管理模式: 专业化物业服务", "金额: ¥1,234.56", "红色物业: 是", "建筑面积（m²）: 85.50"]),
])
async def test_dates_decimals_and_codes_in_a_summary_are_stored_and_read_right(client, lang, words):
    await make_world()
    moment = datetime(2025, 3, 1, 2, 30, tzinfo=timezone.utc)
    summary = {"start": date(2025, 3, 1), "mode": "professional", "amount_fen": 123456, "is_red_property": True,
               "floor_area": Decimal("85.50"), "end": None, "at": moment, "nested": {"start": date(2025, 3, 1), "areas": (Decimal("1.5"),)}}
    await audit.record(SYSTEM, "arrangement.assign", "arrangement", 1, summary, "630102001001", object_name="幸福小区")
    stored = await AuditEntry.select(AuditEntry.summary).output(load_json=True).first()
    assert stored["summary"]["start"] == "2025-03-01" and stored["summary"]["floor_area"] == "85.50"
    assert stored["summary"]["nested"] == {"start": "2025-03-01", "areas": ["1.5"]}
    if lang == "en":
        client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get("/audit")
    assert page.status_code == 200
    text = _rows(page)
    for word in words:
        assert word in text, (word, text)


async def test_a_summary_with_str_dates_from_older_callers_reads_the_same(client):
    await make_world()
    await audit.record(SYSTEM, "arrangement.end", "arrangement", 1, {"end": str(date(2025, 3, 1)), "reason": "expiry"}, "630102")
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    text = _rows(await client.get("/audit"))
    assert "End: Mar 1, 2025" in text and "Reason: The contract expired" in text


async def _entries_over_three_days():
    await make_world()
    for day, actor, object_type, action in ((1, "bob", "community", "community.create"), (2, "alice", "company", "company.create"),
                                            (3, "bob", "household", "household.create")):
        await AuditEntry.insert(AuditEntry(
            actor=None, actor_name=actor, action=action, object_type=object_type, object_id=str(day),
            object_name=f"对象{day}", summary="{}", region_code="630102001001",
            at=datetime(2025, 3, day, 1, 0, tzinfo=timezone.utc),  # 09:00 in China
        ))
    await AuditEntry.insert(AuditEntry(  # oscar's district
        actor=None, actor_name="oscar", action="company.create", object_type="company", object_id="9",
        object_name="城中对象", summary="{}", region_code="630103", at=datetime(2025, 3, 2, 1, 0, tzinfo=timezone.utc),
    ))


def _names(page) -> set[str]:
    return set(re.findall(r"对象\d|城中对象", _rows(page)))


async def test_filters_by_day_user_object_and_action_keep_to_the_users_area(client):
    await _entries_over_three_days()
    await AuditEntry.delete().where(AuditEntry.action == "account.login")
    await login(client, "alice")
    get = client.get
    assert _names(await get("/audit", params={"since": "2025-03-02"})) == {"对象2", "对象3"}
    assert _names(await get("/audit", params={"since": "2025-03-02", "until": "2025-03-02"})) == {"对象2"}
    assert _names(await get("/audit", params={"until": "2025-03-01"})) == {"对象1"}
    assert _names(await get("/audit", params={"who": "bob"})) == {"对象1", "对象3"}
    assert _names(await get("/audit", params={"object_type": "household"})) == {"对象3"}
    assert _names(await get("/audit", params={"action": "company.create"})) == {"对象2"}  # not oscar's
    assert _names(await get("/audit", params={"who": "oscar"})) == set()
    client.cookies.clear()
    await login(client, "oscar")
    assert _names(await get("/audit")) == {"城中对象"}
    assert _names(await get("/audit", params={"who": "bob"})) == set()


async def test_a_day_is_a_day_in_china():
    await make_world()
    # 23:30 UTC on 1 March is 07:30 on 2 March in Xining.
    await AuditEntry.insert(AuditEntry(actor=None, actor_name="bob", action="community.create", object_type="community",
                                       object_id="1", summary="{}", region_code="630102",
                                       at=datetime(2025, 3, 1, 23, 30, tzinfo=timezone.utc)))
    alice = await _principal("alice")
    on = await audit.list_entries(alice, filters=audit.AuditFilter(since=date(2025, 3, 2), until=date(2025, 3, 2)))
    before = await audit.list_entries(alice, filters=audit.AuditFilter(until=date(2025, 3, 1)))
    assert on.total == 1 and before.total == 0


async def test_the_filter_is_a_form_without_javascript_and_an_htmx_fragment(client):
    await _entries_over_three_days()
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get("/audit", params={"who": "bob"})
    assert '<form class="filters" method="get"' in page.text and 'name="since"' in page.text and 'name="who"' in page.text
    assert 'value="bob"' in page.text and '<option value="household"' in page.text
    fragment = await client.get("/audit", params={"who": "bob"}, headers={"HX-Request": "true", "HX-Target": "audit-rows"})
    assert fragment.status_code == 200 and "<html" not in fragment.text and "<form" not in fragment.text
    assert _names(fragment) == {"对象1", "对象3"}


async def test_pages_keep_the_filters(client):
    await make_world()
    for n in range(55):
        await audit.record(SYSTEM, "community.update", "community", n, {"name": ["a", "b"]}, "630102001001", object_name=f"小区{n}")
    await audit.record(SYSTEM, "company.create", "company", 99, {}, "630102")
    await login(client, "alice")
    page = await client.get("/audit", params={"action": "community.update", "since": "2000-01-01"})
    link = html.unescape(re.search(r'href="([^"]*page=2[^"]*)"', page.text).group(1))
    assert "action=community.update" in link and "since=2000-01-01" in link
    second = await client.get(link)
    assert "小区0" in _rows(second) and "company" not in second.text.split('id="audit-rows"')[1].split("</table>")[0].lower()


@pytest.mark.parametrize("params", [
    {"since": "2025-13-45"}, {"since": "yesterday"}, {"until": "2025-02-30"}, {"since": "2025-03-02", "until": "2025-03-01"},
    {"object_type": "'; drop table audit_entry; --"}, {"who": "x" * 500}, {"page": "-1"}, {"action": "nope"},
])
async def test_whatever_is_typed_into_the_filter_answers_a_page(client, params):
    await _entries_over_three_days()
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get("/audit", params=params)
    assert page.status_code == 200
    if "since" in params or "until" in params:
        assert "Write the date as YYYY-MM-DD" in page.text or "cannot be before the first" in page.text


async def test_recording_a_summary_of_any_shape_never_fails():
    await make_world()
    odd = {"text": "a\x00b", "float": float("nan"), "set": {3, 1}, "when": datetime.now(timezone.utc) - timedelta(days=1),
           1: "number key", "deep": [[{"d": Decimal("1E+2")}]]}
    await audit.record(SYSTEM, "demo.load", "demo", "*", odd, "630102")
    stored = await AuditEntry.select(AuditEntry.summary).output(load_json=True).first()
    assert stored["summary"]["text"] == "ab" and stored["summary"]["set"] == [1, 3] and stored["summary"]["1"] == "number key"
    assert stored["summary"]["deep"] == [[{"d": "100"}]]
