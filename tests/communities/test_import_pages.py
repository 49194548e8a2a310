"""Importing the register: the template, the dry run in the user's language, the job, twice over."""

import asyncio
import io
import time

from openpyxl import load_workbook

from app.audit.tables import AuditEntry
from app.communities.tables import Building, Community, Household, Owner
from app.jobs.tables import Job, Upload
from tests.communities.sheets import (
    HOUSEHOLD_HEADERS,
    community_row,
    csv_text,
    household_row,
    many_households,
    xlsx,
)
from tests.factories import csrf_from, login, make_world

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _upload(client, data: bytes, filename: str = "登记表.xlsx", headers=None):
    page = await client.get("/communities/import")
    return await client.post(
        "/communities/import", files={"file": (filename, data, XLSX)},
        data={"_csrf_token": csrf_from(page.text)}, headers=headers or {}, follow_redirects=False,
    )


async def _confirm(client, dry_run_html: str, headers=None):
    upload = dry_run_html.split('name="upload" value="')[1].split('"')[0]
    filename = dry_run_html.split('name="filename" value="')[1].split('"')[0]
    return await client.post(
        "/communities/import/start", data={"upload": upload, "filename": filename, "_csrf_token": csrf_from(dry_run_html)},
        headers=headers or {}, follow_redirects=False,
    )


async def _wait_for(job_id: int, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = await Job.select().where(Job.id == job_id).output(load_json=True).first()
        if row["state"] in ("done", "failed"):
            return row
        await asyncio.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {seconds}s: {row}")


async def _import(client, data: bytes, filename: str = "登记表.xlsx") -> dict:
    dry_run = await _upload(client, data, filename)
    assert dry_run.status_code == 200, dry_run.text
    response = await _confirm(client, dry_run.text)
    assert response.status_code == 303
    job = await _wait_for(int(response.headers["location"].rsplit("/", 1)[1]))
    assert job["state"] == "done", job["error"]
    return job


async def test_the_template_downloads_with_chinese_headers_on_two_sheets(client):
    await make_world()
    await login(client, "bob")
    response = await client.get("/communities/import/template.xlsx")
    assert response.status_code == 200 and response.headers["content-type"].startswith(XLSX)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:2] == ["小区", "住户"]
    assert [c.value for c in workbook["小区"][1]][:3] == ["小区编码", "小区名称", "所属社区代码"]
    assert [c.value for c in workbook["住户"][1]] == HOUSEHOLD_HEADERS


async def test_a_dry_run_lists_every_bad_row_in_the_users_language_and_imports_nothing(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    data = xlsx([community_row()], [household_row(area="85.123"), household_row(unit="1-102", phone="12345"),
                                    household_row("630102002008001", unit="1-103")])
    response = await _upload(client, data)
    assert response.status_code == 422 and "<html" in response.text
    assert "3 problems: nothing was imported" in response.text
    for text in ("at most two decimals", "mobile number", "630102002008001 lies outside your area", "住户"):
        assert text in response.text
    assert 'name="upload"' not in response.text  # nothing to confirm
    assert await Community.count() == 4 and await Household.count() == 0
    assert await Upload.count() == 0  # a refused file is not kept


async def test_an_htmx_dry_run_gets_only_the_result_fragment(client):
    await make_world()
    await login(client, "bob")
    headers = {"HX-Request": "true", "HX-Target": "import-result"}
    response = await _upload(client, xlsx([community_row(year=1850)]), headers=headers)
    assert response.status_code == 422 and "<html" not in response.text
    assert 'id="import-form"' not in response.text and ">建成年份</td>" in response.text
    assert "HX-Request" in response.headers["vary"]


async def test_files_a_user_might_upload_never_break_the_page(client):
    await make_world()
    await login(client, "bob")
    cases = [
        (b"", "a.xlsx"), (b"PK\x03\x04garbage", "a.xlsx"), (b"\xd0\xcf\x11\xe0", "old.xls"), (b"hello", "a.pdf"),
        ("名字\n张三\n".encode("gb18030"), "a.csv"), (b"\xff" * 1000, "a.csv"), (b"x" * (5 * 1024 * 1024 + 10), "big.csv"),
        (csv_text(HOUSEHOLD_HEADERS, [household_row("630102001001001", area="9" * 300)]).encode(), "h.csv"),
        (xlsx([community_row(year=99999999999999999999)]), "a.xlsx"),
    ]
    for data, filename in cases:
        response = await _upload(client, data, filename)
        assert response.status_code == 422, (filename, response.status_code)
    page = await client.get("/communities/import")
    no_file = await client.post("/communities/import", data={"_csrf_token": csrf_from(page.text)})
    assert no_file.status_code == 422


async def test_a_clean_file_imports_through_a_worker_and_a_second_time_changes_nothing(client, real_worker):
    await make_world()
    await login(client, "bob")
    households = [household_row(), household_row(unit="1-102"), household_row(unit="1-103", owner="", phone="", stock="是"),
                  household_row("630102001001001", building="2号楼", unit="2-201", owner="王五", phone="0971-8123456")]
    data = xlsx([community_row()], households)
    dry_run = await _upload(client, data)
    assert dry_run.status_code == 200 and 'name="upload"' in dry_run.text
    assert await Community.count() == 4  # the dry run imported nothing
    started = await _confirm(client, dry_run.text, headers={"HX-Request": "true", "HX-Target": "import-result"})
    assert started.status_code == 200 and "<html" not in started.text and 'id="job-' in started.text
    job_id = int(started.text.split('id="job-')[1].split('"')[0])
    job = await _wait_for(job_id)
    assert job["state"] == "done", job["error"]
    assert job["result"]["created"] == 5 and job["result"]["changed"] == 0 and job["result"]["buildings_created"] == 2
    new = await Community.select().where(Community.code == "630102001001101").first()
    assert new["name"] == "新建小区" and (new["building_count"], new["household_count"]) == (1, 3)
    assert await Owner.count().where(Owner.community == new["id"]) == 1  # 张三 holds two units
    old = await Community.select().where(Community.code == "630102001001001").first()
    assert (old["building_count"], old["household_count"]) == (1, 1)
    assert (await Household.select(Household.owner.phone).where(Household.unit_number == "2-201").first())["owner.phone"] == "09718123456"

    again = await _import(client, data)
    assert again["result"]["created"] == 0 and again["result"]["changed"] == 0 and again["result"]["unchanged"] == 5
    assert await Household.count() == 4 and await Building.count() == 2
    assert await AuditEntry.count().where(AuditEntry.action == "registry.import") == 2


async def test_a_changed_row_updates_what_is_registered(client, real_worker):
    await make_world()
    await login(client, "bob")
    await _import(client, xlsx([community_row()], [household_row(), household_row(unit="1-102")]))
    changed = xlsx([community_row(name="新建小区（改名）")], [household_row(area="90.00"), household_row(unit="1-102")])
    dry_run = await _upload(client, changed)
    assert dry_run.status_code == 200
    job = await _import(client, changed)
    assert job["result"]["changed"] == 2 and job["result"]["created"] == 0 and job["result"]["unchanged"] == 1
    assert (await Community.select(Community.name).where(Community.code == "630102001001101").first())["name"] == "新建小区（改名）"
    areas = sorted(str(row["floor_area"]) for row in await Household.select(Household.floor_area))
    assert areas[-1] in ("90.00", "90")


async def test_600_households_import_from_a_csv_with_progress(client, real_worker):
    await make_world()
    await login(client, "bob")
    await _import(client, xlsx([community_row()], None))
    data = csv_text(HOUSEHOLD_HEADERS, many_households()).encode("gb18030")
    dry_run = await _upload(client, data, "住户.csv")
    assert dry_run.status_code == 200, dry_run.text
    response = await _confirm(client, dry_run.text)
    job_id = int(response.headers["location"].rsplit("/", 1)[1])
    seen = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        row = await Job.select(Job.state, Job.progress).where(Job.id == job_id).first()
        seen.add(row["progress"])
        if row["state"] in ("done", "failed"):
            break
        await asyncio.sleep(0.02)
    job = await _wait_for(job_id)
    assert job["state"] == "done", job["error"]
    assert job["result"]["households_created"] == 600 and job["result"]["buildings_created"] == 10
    assert any(0 < percent < 100 for percent in seen), seen  # progress moved before the end
    community = await Community.select().where(Community.code == "630102001001101").first()
    assert community["household_count"] == 600 and community["building_count"] == 10
    assert await Owner.count().where(Owner.community == community["id"]) == 540
    page = await client.get(f"/jobs/{job_id}")
    assert "job-done" in page.text


async def test_an_upload_belongs_to_the_user_who_checked_it(client):
    await make_world()
    await login(client, "bob")
    dry_run = await _upload(client, xlsx([community_row()], None))
    client.cookies.clear()
    await login(client, "alice")
    page = await client.get("/communities/import")
    upload = dry_run.text.split('name="upload" value="')[1].split('"')[0]
    for name in (upload, "../../secret_key", "1-" + "0" * 32 + ".xlsx"):
        response = await client.post("/communities/import/start", data={"upload": name, "filename": "x.xlsx", "_csrf_token": csrf_from(page.text)})
        assert response.status_code == 422, name
    assert await Job.count() == 0


async def test_readers_and_outsiders_cannot_import_into_bobs_area(client):
    await make_world()
    for username in ("dave", "carol"):
        await login(client, username)
        assert (await client.get("/communities/import")).status_code == 403
        assert (await client.get("/communities/import/template.xlsx")).status_code == 403
        client.cookies.clear()
    await login(client, "mallory")
    response = await _upload(client, xlsx([community_row()], None))
    assert response.status_code == 422 and "630102001001101" in response.text


async def test_200_communities_import_and_the_same_file_again_changes_nothing(client, real_worker):
    await make_world()
    await login(client, "bob")
    rows = [community_row(code=f"630102001004{n:03d}", name=f"批量小区{n:03d}", area=f"{1000 + n}.25") for n in range(101, 301)]
    data = xlsx(rows, None)
    first = await _import(client, data)
    assert first["result"]["communities_created"] == 200
    assert await Community.count().where(Community.name.like("批量小区%")) == 200
    again = await _import(client, data)
    assert again["result"]["created"] == 0 and again["result"]["changed"] == 0
    assert again["result"]["unchanged"] == 200


async def test_stored_uploads_live_in_the_database_and_expire_after_a_day(clock):
    from datetime import timedelta

    from app.accounts import services as accounts
    from app.accounts.tables import Account
    from app.communities.services import imports

    await make_world()
    row = await Account.select(Account.id).where(Account.username == "bob").first()
    bob = await accounts.load_principal(row["id"])
    old = await imports.store_upload(bob, b"old file", "a.csv")
    await Upload.update({Upload.created_at: clock.moment - timedelta(seconds=imports.KEEP_UPLOADS_SECONDS + 1)}).where(Upload.name == old)
    fresh = await imports.store_upload(bob, b"new file", "b.csv")
    assert await imports.stored_upload(bob, fresh) == b"new file"
    assert await imports.stored_upload(bob, old) is None  # pruned when the next file came in
    row = await Account.select(Account.id).where(Account.username == "mallory").first()
    assert await imports.stored_upload(await accounts.load_principal(row["id"]), fresh) is None  # not hers
