"""Service logs through the pages: the phone form (preselected community, photos from the camera), its
messages, the lists with filters as pages and htmx fragments, who sees what (404 for anyone else), the
community page's, company page's and company home's summaries, and a 50 MB upload's friendly refusal."""

from __future__ import annotations

from datetime import date

import pytest

from app.operations.logs.tables import ServiceLog
from app.photos.tables import Photo
from tests.factories import csrf_from, login, make_account
from tests.operations.logs.helpers import at, log, make_logs_world
from tests.photos.images import SCRIPT_NAMED_JPG, bomb, phone_photo


async def _post(client, data: dict, files: list | None = None):
    token = csrf_from((await client.get("/service-logs/new")).text)
    fields = {"_csrf_token": token, "category": "cleaning", "service_date": "2026-11-25", "service_time": "08:30",
              "staff_count": "3", "hours": "1.5", "notes": "清扫楼道", **data}
    return await client.post("/service-logs", data=fields, files=files or [], follow_redirects=False)


def _photo(name: str = "楼道.jpg", data: bytes | None = None) -> tuple:
    return ("photos", (name, data if data is not None else phone_photo(), "image/jpeg"))


async def test_a_company_user_logs_a_service_with_photos_and_sees_it_in_its_list(client, clock):
    world = await make_logs_world()
    assert (await login(client, "carol")).status_code == 303
    form = (await client.get("/service-logs/new")).text
    assert 'capture="environment"' in form and "multiple" in form and 'accept="image/*"' in form
    assert f'<option value="{world.community_a}" selected>幸福小区</option>' in form  # the one it serves today
    response = await _post(client, {"community": str(world.community_a)}, [_photo(), _photo("2.jpg")])
    assert response.status_code == 303
    listing = (await client.get(response.headers["location"])).text
    assert "服务已记录" in listing or "The service is logged" in listing
    row = await ServiceLog.select().first()
    assert row["staff_count"] == 3 and row["hours_hundredths"] == 150 and row["photo_count"] == 2
    assert f'/photos/{row["first_photo"]}/thumbnail' in listing and "清扫楼道" in listing
    detail = (await client.get(f"/service-logs/{row['id']}")).text
    assert detail.count("/thumbnail") == 2
    photo = await client.get(f"/photos/{row['first_photo']}")
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert b"Exif" not in photo.content and b"PhoneMaker" not in photo.content  # the GPS position went with it


async def test_an_htmx_post_with_a_mistake_comes_back_as_the_form_with_messages_in_chinese(client, clock):
    world = await make_logs_world()
    await login(client, "carol")
    token = csrf_from((await client.get("/service-logs/new")).text)
    response = await client.post("/service-logs", data={
        "_csrf_token": token, "community": str(world.community_a), "category": "", "service_date": "2026-11-26",
        "service_time": "25:00", "staff_count": "0", "hours": "1.255"}, headers={"HX-Request": "true", "HX-Target": "log-form"})
    assert response.status_code == 422
    assert "<html" not in response.text
    for message in ("请选择服务类别", "请按 HH:MM 填写时间", "请填写人数", "最多两位小数"):
        assert message in response.text, message
    assert await ServiceLog.count() == 0


async def test_a_log_for_a_day_the_company_did_not_manage_is_refused_with_a_message(client, clock):
    world = await make_logs_world()
    await login(client, "bella")  # company B takes over on 30 November
    response = await _post(client, {"community": str(world.community_a)})
    assert response.status_code == 422 and "不能记录" in response.text
    assert await ServiceLog.count() == 0


@pytest.mark.parametrize(("data", "message"), [
    (SCRIPT_NAMED_JPG, "不是照片"), (bomb(), "像素"),
])
async def test_a_malicious_upload_is_refused_with_a_message_and_nothing_is_recorded(client, clock, data, message):
    world = await make_logs_world()
    await login(client, "carol")
    response = await _post(client, {"community": str(world.community_a)}, [_photo("evil.jpg", data)])
    assert response.status_code == 422 and message in response.text and "请重新选择照片" in response.text
    assert await ServiceLog.count() == 0 and await Photo.count() == 0


async def test_a_50_mb_photo_is_refused_with_its_size_and_the_limit(client, clock):
    """Six photos at their limit fit in one request, so a single 50 MB file arrives and is refused by
    its size, before anything decodes it."""
    world = await make_logs_world()
    await login(client, "carol")
    response = await _post(client, {"community": str(world.community_a)}, [_photo("big.jpg", b"\xff\xd8" + b"\0" * (50 * 1024 * 1024))])
    assert response.status_code == 422 and "文件大小为 50 MB，照片最大为 10 MB" in response.text
    assert await ServiceLog.count() == 0


async def test_a_request_over_every_photo_s_limit_gets_the_friendly_413_page(client, clock):
    world = await make_logs_world()
    await login(client, "carol")
    response = await _post(client, {"community": str(world.community_a)},
                           [_photo(f"{n}.jpg", b"\xff\xd8" + b"\0" * (9 * 1024 * 1024)) for n in range(7)])
    assert response.status_code == 413 and "10 MB" in response.text
    assert await ServiceLog.count() == 0


@pytest.mark.parametrize(("username", "status"), [
    ("alice", 200), ("bob", 200), ("dave", 200), ("erin", 200), ("carol", 200),
    ("mallory", 404), ("oscar", 404), ("bella", 404),
])
async def test_who_sees_a_log_and_its_photos(client, clock, username, status):
    world = await make_logs_world()
    log_id = await log("carol", world.community_a, at(date(2026, 11, 20)), photos=[phone_photo()])
    key = (await ServiceLog.select(ServiceLog.first_photo).first())["first_photo"]
    await login(client, username)
    assert (await client.get(f"/service-logs/{log_id}")).status_code == status
    assert (await client.get(f"/photos/{key}/thumbnail")).status_code == status


async def test_the_community_list_filters_and_answers_its_fragment(client, clock):
    world = await make_logs_world()
    await log("carol", world.community_a, at(date(2026, 11, 20)), category="greening", notes="修剪绿篱")
    await log("carol", world.community_a, at(date(2026, 11, 10)), category="repair", notes="更换灯泡")
    await login(client, "bob")
    url = f"/communities/{world.community_a}/service-logs"
    page = (await client.get(url)).text
    assert "修剪绿篱" in page and "更换灯泡" in page and "<html" in page
    only = await client.get(url + "?category=repair", headers={"HX-Request": "true", "HX-Target": "log-list"})
    assert "更换灯泡" in only.text and "修剪绿篱" not in only.text and "<html" not in only.text
    since = (await client.get(url + "?since=2026-11-15&until=2026-11-30&category=bogus")).text
    assert "修剪绿篱" in since and "更换灯泡" not in since
    assert (await client.get(url + "?since=garbage&page=x")).status_code == 200


async def test_a_company_sees_only_its_own_logs_of_a_community(client, clock):
    world = await make_logs_world()
    await log("carol", world.community_a, at(date(2026, 11, 20)), notes="甲公司记录")
    clock.set(at(date(2026, 12, 1), 12))
    await log("bella", world.community_a, at(date(2026, 12, 1)), notes="乙公司记录")
    await login(client, "bella")
    page = (await client.get(f"/communities/{world.community_a}/service-logs")).text
    assert "乙公司记录" in page and "甲公司记录" not in page
    mine = (await client.get("/service-logs")).text
    assert "乙公司记录" in mine and "甲公司记录" not in mine
    assert (await client.get(f"/companies/{world.company_a}/service-logs")).status_code == 404


async def test_street_and_bureau_read_a_company_s_logs_of_their_area(client, clock):
    world = await make_logs_world()
    await log("carol", world.community_a, at(date(2026, 11, 20)), notes="东关记录")
    await login(client, "bob")
    page = await client.get(f"/companies/{world.company_a}/service-logs")
    assert page.status_code == 200 and "东关记录" in page.text
    client.cookies.clear()
    await login(client, "mallory")  # another street: the company's page, none of these logs
    other = await client.get(f"/companies/{world.company_a}/service-logs")
    assert other.status_code in (200, 404) and "东关记录" not in other.text
    client.cookies.clear()
    await login(client, "dave")
    assert (await client.get(f"/companies/{world.company_a}/service-logs")).status_code in (403, 404)


async def test_the_community_page_and_the_company_home_summarise_the_logs(client, clock):
    world = await make_logs_world()
    await log("carol", world.community_a, at(date(2026, 11, 24)), photos=[phone_photo()])
    await log("carol", world.community_a, at(date(2026, 11, 2)))
    await login(client, "carol")
    home = (await client.get("/")).text
    assert "本周服务记录" in home and "幸福小区" in home and "记录一次服务" in home
    client.cookies.clear()
    await login(client, "dave")
    community = (await client.get(f"/communities/{world.community_a}")).text
    assert "服务记录" in community and f"/communities/{world.community_a}/service-logs" in community
    client.cookies.clear()
    await login(client, "alice")
    company = (await client.get(f"/companies/{world.company_a}")).text
    assert f"/companies/{world.company_a}/service-logs" in company


async def test_only_company_staff_open_the_form(client, clock):
    await make_logs_world()
    await make_account("nobody_company", "company")
    for username in ("bob", "dave", "erin"):
        client.cookies.clear()
        await login(client, username)
        assert (await client.get("/service-logs/new")).status_code in (403, 404)
