"""The community list filters by today's manager, sorts, and exports exactly what it shows to XLSX."""

import io
from datetime import date

import openpyxl

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.companies.tables import Company
from app.management import services as management
from app.management.services import ArrangementInput
from tests.factories import login, make_community, make_world


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def _managed_world():
    world = await make_world()
    bob = await _principal("bob")
    await Company.update({Company.is_red_property: True}).where(Company.id == world.company_a)
    await management.assign(bob, world.community_a, ArrangementInput(
        mode="professional", start_date=date(2024, 1, 1), end_date=date(2099, 12, 31), company_id=world.company_a,
        contract_number="H-1", service_level="star1", fee_fen_per_m2_month=50))
    await management.assign(bob, world.community_b, ArrangementInput(mode="street_proxy", start_date=date(2024, 1, 1), responsible_id=bob.id))
    await make_community(name="新建小区", code="630102001004007", region_code="630102001004", year_built=2012, household_count=999)
    return world


def _names(html: str) -> list[str]:
    import re

    return re.findall(r'<td[^>]*><a href="/communities/\d+">([^<]+)</a></td>', html)


async def test_filters_by_current_mode_old_age_and_red_property(client):
    await _managed_world()
    await login(client, "bob")
    assert _names((await client.get("/communities?mode=professional")).text) == ["幸福小区"]
    assert _names((await client.get("/communities?mode=street_proxy")).text) == ["和平家园"]
    assert _names((await client.get("/communities?mode=none")).text) == ["新建小区"]
    assert _names((await client.get("/communities?mode=none&old=1")).text) == []
    assert _names((await client.get("/communities?mode=professional&red=1")).text) == ["幸福小区"]
    assert sorted(_names((await client.get("/communities?old=1")).text)) == ["和平家园", "幸福小区"]
    assert len(_names((await client.get("/communities?mode=bogus&sort=drop")).text)) == 3  # ignored, not an error


async def test_the_list_sorts_both_ways(client):
    await _managed_world()
    await login(client, "bob")
    up = _names((await client.get("/communities?sort=households")).text)
    down = _names((await client.get("/communities?sort=-households")).text)
    assert up[-1] == "新建小区" and down[0] == "新建小区" and list(reversed(up)) != up


async def test_the_export_holds_the_filtered_list_with_its_managers(client):
    await _managed_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    response = await client.get("/communities/export.xlsx?old=1&sort=name")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Community code", "Name", "Residents' community"]
    by_name = {row[1]: row for row in rows[1:]}
    assert set(by_name) == {"幸福小区", "和平家园"}
    assert by_name["幸福小区"][10] == "Professional property service"
    assert by_name["幸福小区"][11] == "青海安居物业服务有限公司"


async def test_owners_and_companies_cannot_export(client):
    await _managed_world()
    for username in ("erin", "carol"):
        await login(client, username)
        assert (await client.get("/communities/export.xlsx")).status_code == 403
        client.cookies.clear()


async def test_an_outsider_exports_nothing_of_another_street(client):
    await _managed_world()
    await login(client, "mallory")
    sheet = openpyxl.load_workbook(io.BytesIO((await client.get("/communities/export.xlsx")).content)).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert "幸福小区" not in names and "和平家园" not in names
