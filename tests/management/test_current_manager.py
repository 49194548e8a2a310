"""Who manages a community on a day: one rule, and every page that shows it agrees on a handover day
(the new manager is current) and counts a neighbour's shared service as served."""

from datetime import date, datetime

import pytest

from app import clock
from app.accounts import services as accounts
from app.accounts.tables import Account
from app.communities.tables import Community
from app.companies.tables import Company
from app.i18n import fmt_date
from app.management import services as management
from app.management.queries import managed_as, managers, unmanaged
from app.management.services import ArrangementInput, bundles
from app.reports.overview import area_overview
from tests.factories import login, make_community, make_world

DAY = date(2026, 6, 30)  # company B hands community A over to company A on this day


def at(day: date):
    return lambda: datetime(day.year, day.month, day.day, 10, tzinfo=clock.CHINA)


@pytest.fixture
def handover_day(monkeypatch):
    monkeypatch.setattr(clock, "now", at(DAY))


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


def pro(company_id, start, end, number="H-1"):
    return ArrangementInput(mode="professional", start_date=start, end_date=end, company_id=company_id,
                            contract_number=number, service_level="star1", fee_fen_per_m2_month=50)


async def _handover_world():
    world = await make_world()
    bob = await _principal("bob")
    old = await management.assign(bob, world.community_a, pro(world.company_b, date(2024, 1, 1), DAY, "OLD-7"))
    new = await management.assign(bob, world.community_a, pro(world.company_a, DAY, date(2028, 12, 31), "NEW-9"))
    # B is served by A's company as a neighbour (套管); a third community gets its manager later.
    await bundles.start_shared_service(bob, world.community_b, world.community_a, DAY, None)
    later = await make_community(name="晚到小区", code="630102001002007", region_code="630102001002")
    await management.assign(bob, later, ArrangementInput(
        mode="street_proxy", start_date=date(2026, 12, 10), responsible_id=bob.id))
    return world, old, new, later


async def test_the_sql_sub_select_and_the_pure_rule_agree_around_the_handover(handover_day):
    world, old, new, later = await _handover_world()
    ids = [world.community_a, world.community_b, later]
    for day in (date(2026, 6, 29), DAY, date(2026, 7, 1), date(2026, 12, 10)):
        pure = await management.managers_on(ids, day)
        sql = await Community.raw("SELECT community, mode, company FROM ({}) m", managers(day, community_ids=ids))
        assert {row["community"]: (row["mode"], row["company"]) for row in sql} == {
            key: (value["mode"], value["company"]) for key, value in pure.items()
        }, day
    assert (await management.manager_of(world.community_a, date(2026, 6, 29)))["id"] == old
    assert (await management.manager_of(world.community_a, DAY))["id"] == new
    assert (await management.manager_of(world.community_b, DAY))["mode"] == "shared_service"


async def test_the_list_filters_and_the_pure_rule_agree_around_the_handover(handover_day):
    world, old, new, later = await _handover_world()
    await Company.update({Company.is_red_property: True}).where(Company.id == world.company_a)
    ids = [row["id"] for row in await Community.select(Community.id)]
    for day in (date(2026, 6, 29), DAY, date(2026, 7, 1), date(2026, 12, 10)):
        pure = await management.managers_on(ids, day)
        red = {row["id"] for row in await Company.select(Company.id).where(Company.is_red_property == True)}  # noqa: E712

        async def chosen(condition) -> set[int]:
            return {row["id"] for row in await Community.select(Community.id).where(condition)}

        assert await chosen(unmanaged(day)) == set(ids) - pure.keys(), day
        assert await chosen(managed_as(day)) == pure.keys(), day
        assert await chosen(managed_as(day, red=True)) == {k for k, m in pure.items() if m["company"] in red}, day
        for mode in ("professional", "street_proxy", "shared_service", "self_managed"):
            expected = {k for k, m in pure.items() if m["mode"] == mode}
            assert await chosen(managed_as(day, mode)) == expected, (day, mode)
            assert await chosen(managed_as(day, mode, red=True)) == {k for k in expected if pure[k]["company"] in red}


async def test_the_overview_counts_the_handover_once_and_shared_service_as_served(client, handover_day):
    world, *_ = await _handover_world()
    figures = await area_overview(await _principal("bob"), DAY)
    assert figures["by_mode"]["professional"] == 1 and figures["by_mode"]["shared_service"] == 1
    assert figures["unmanaged"] == figures["total"] - 2  # the later one is not managed yet
    await login(client, "bob")
    page = await client.get("/overview")
    assert page.status_code == 200 and "mode=shared_service" in page.text


async def test_the_list_shows_the_new_manager_and_filters_by_today(client, handover_day):
    world, *_ = await _handover_world()
    await login(client, "bob")
    professional = (await client.get("/communities?mode=professional")).text
    assert "幸福小区" in professional and "青海安居物业服务有限公司" in professional
    assert "西宁宁馨物业管理有限公司" not in professional
    shared = (await client.get("/communities?mode=shared_service")).text
    assert "和平家园" in shared and "幸福小区" not in shared
    nobody = (await client.get("/communities?mode=none")).text
    assert "和平家园" not in nobody and "幸福小区" not in nobody and "晚到小区" in nobody
    assert fmt_date(date(2026, 12, 10)) in nobody  # the later arrangement is announced


async def test_company_counts_and_pages_agree_on_the_handover_day(client, handover_day):
    world, *_ = await _handover_world()
    bob = await _principal("bob")
    counts = {row["id"]: row["current_communities"] for row in await management.company_options(bob, "")}
    assert counts[world.company_a] == 2  # A by contract, B by shared service
    assert counts[world.company_b] == 0  # its last day is the handover day
    assert await management.current_counts([world.company_a, world.company_b], DAY) == {world.company_a: 2}
    old_contracts = await management.company_contracts(world.company_b, bob)
    assert [row["status"] for row in old_contracts] == ["ended"]
    new_contracts = await management.company_contracts(world.company_a, bob)
    assert [row["status"] for row in new_contracts] == ["current"]
    await login(client, "alice")
    page = await client.get(f"/companies/{world.company_b}")
    assert page.status_code == 200


async def test_the_provider_list_offers_each_neighbour_once_with_its_new_company(handover_day):
    world, *_ = await _handover_world()
    bob = await _principal("bob")
    other = await make_community(name="邻居小区", code="630102001002008", region_code="630102001002")
    providers = await bundles.providers_for(bob, {"id": other, "region_code": "630102001002"}, DAY)
    assert [(row["community"], row["company"]) for row in providers] == [(world.community_a, world.company_a)]


async def test_the_community_page_shows_the_current_and_the_next_manager(client, handover_day):
    world, old, new, later = await _handover_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = (await client.get(f"/communities/{world.community_a}")).text
    assert f"/arrangements/{new}/end" in page and f"/arrangements/{old}/end" not in page
    served = (await client.get(f"/communities/{world.community_b}")).text
    assert "Nobody manages this community today." not in served and "Served by the company of" in served
    upcoming = (await client.get(f"/communities/{later}")).text
    assert "From " in upcoming and "Nobody manages this community today." in upcoming
