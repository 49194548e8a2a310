"""The area overview counts each community once, by the arrangement current today."""

from datetime import date

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.management import services as management
from app.management.services import ArrangementInput
from app.reports.overview import area_overview
from tests.factories import login, make_community, make_world


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


def pro(company_id, start, end=None):
    return ArrangementInput(mode="professional", start_date=start, end_date=end, company_id=company_id,
                            contract_number="H", service_level="star1", fee_fen_per_m2_month=50)


async def test_the_overview_counts_modes_old_communities_and_red_property(client):
    world = await make_world()
    from app.companies.tables import Company

    await Company.update({Company.is_red_property: True}).where(Company.id == world.company_a)
    bob = await _principal("bob")
    day = date(2026, 6, 30)
    await management.assign(bob, world.community_a, pro(world.company_b, date(2024, 1, 1), day))
    await management.assign(bob, world.community_a, pro(world.company_a, day))  # handover today: counted once
    await management.assign(bob, world.community_b, ArrangementInput(mode="street_proxy", start_date=date(2025, 1, 1), responsible_id=bob.id))
    newer = await make_community(name="新小区", code="630102001004005", region_code="630102001004", year_built=2010)
    await management.assign(bob, newer, pro(world.company_b, date(2025, 1, 1)))
    await make_community(name="无人管小区", code="630102001004006", region_code="630102001004", year_built=1990)
    figures = await area_overview(await _principal("alice"), day)
    assert figures["total"] == 5  # A, B, the newer one, the unmanaged one, and the neighbouring street's
    assert figures["by_mode"] == {"professional": 2, "self_managed": 0, "street_proxy": 1, "unit_managed": 0, "shared_service": 0}
    assert figures["unmanaged"] == 2
    assert figures["old_total"] == 3 and figures["old_professional"] == 1 and figures["old_professional_red"] == 1
    before = await area_overview(await _principal("alice"), date(2026, 6, 29))
    assert before["old_professional_red"] == 0  # the day before the handover company B served A


async def test_the_overview_page_links_each_figure_to_its_list(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    page = await client.get("/overview")
    assert page.status_code == 200
    assert 'href="/communities?mode=none"' in page.text
    assert "/communities?old=1&amp;mode=professional&amp;red=1" in page.text
    client.cookies.clear()
    await login(client, "erin")
    assert (await client.get("/overview")).status_code == 403


async def test_the_home_page_counts_the_companies_registered_in_the_area():
    from app.reports.services import area_summary
    from tests.factories import make_company

    await make_world()  # two companies registered in 城东区 (630102)
    await make_company(name="城中物业有限公司", region_code="630103")
    assert (await area_summary(await _principal("alice")))["companies"] == 2
    assert (await area_summary(await _principal("oscar")))["companies"] == 1
