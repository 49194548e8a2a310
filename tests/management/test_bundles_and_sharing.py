"""Bundles put several communities under one company with public projects; shared service lends a
managed neighbour's company to an unmanaged community."""

from datetime import date
from decimal import Decimal

import pytest

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.errors import FieldError as ArrangementError
from app.management import services as management
from app.management.services import ArrangementInput, bundles
from app.management.tables import Arrangement, Bundle, BundleProject, SharedService
from tests.factories import csrf_from, login, make_community, make_world


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


def _bundle_form(world, token, **overrides):
    form = {
        "_csrf_token": token, "name": "东关片区捆绑", "reason_small": "yes", "reason_adjacent": "yes",
        "community_ids": [str(world.community_a), str(world.community_b)],
        "project_kind_0": "school", "project_name_0": "东关小学", "project_area_0": "4200.50",
        "project_kind_1": "government_office", "project_name_1": "东关大街街道办事处", "project_area_1": "1800",
        "company_id": str(world.company_a), "contract_number": "KB-2026-01", "service_level": "star1",
        "fee_yuan": "0.60", "start_date": "2026-01-01", "end_date": "2028-12-31",
    }
    form.update(overrides)
    return form


async def test_a_bundle_gives_each_community_a_professional_arrangement(client):
    world = await make_world()
    await login(client, "bob")
    page = await client.get("/bundles/new")
    response = await client.post("/bundles", data=_bundle_form(world, csrf_from(page.text)), follow_redirects=False)
    assert response.status_code == 303, response.text[-1500:]
    bundle = await Bundle.select().first()
    assert bundle["reason_small"] and bundle["reason_adjacent"] and not bundle["reason_costly"]
    projects = await BundleProject.select(BundleProject.name, BundleProject.floor_area).order_by(BundleProject.id)
    assert [p["name"] for p in projects] == ["东关小学", "东关大街街道办事处"]
    assert projects[0]["floor_area"] == Decimal("4200.50")
    rows = await Arrangement.select(Arrangement.community, Arrangement.bundle, Arrangement.mode, Arrangement.company)
    assert {r["community"] for r in rows} == {world.community_a, world.community_b}
    assert all(r["bundle"] == bundle["id"] and r["mode"] == "professional" and r["company"] == world.company_a for r in rows)
    shown = await client.get(response.headers["location"])
    assert "东关小学" in shown.text and "幸福小区" in shown.text


@pytest.mark.parametrize(("overrides", "message"), [
    ({"reason_small": "", "reason_adjacent": ""}, "why these communities qualify"),
    ({"community_ids": [""]}, "at least two communities"),
    ({"project_name_0": "", "project_area_0": "", "project_name_1": "", "project_area_1": ""}, "at least one public project"),
    ({"project_area_0": "12.345"}, "at most two decimals"),
    ({"project_area_0": "-5"}, "at most two decimals"),
    ({"project_area_0": "١٢٠٠"}, "at most two decimals"),  # Arabic-Indic digits: Decimal() reads them, we do not
    ({"project_area_0": "1e3"}, "at most two decimals"),
    ({"project_area_0": "8²"}, "at most two decimals"),
    ({"project_area_0": "1" * 11}, "at most two decimals"),  # past Numeric(12, 2)
    ({"project_kind_0": "castle"}, "at most two decimals"),
])
async def test_an_incomplete_bundle_is_refused_with_a_message(client, overrides, message):
    world = await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get("/bundles/new")
    response = await client.post("/bundles", data=_bundle_form(world, csrf_from(page.text), **overrides))
    assert response.status_code == 422 and message in response.text
    assert await Bundle.count() == 0 and await Arrangement.count() == 0


async def test_a_bundle_is_all_or_nothing_when_one_community_is_already_managed(client):
    world = await make_world()
    bob = await _principal("bob")
    await management.assign(bob, world.community_b, ArrangementInput(mode="street_proxy", start_date=date(2025, 1, 1), responsible_id=bob.id))
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get("/bundles/new")
    response = await client.post("/bundles", data=_bundle_form(world, csrf_from(page.text)))
    assert response.status_code == 422 and "和平家园" in response.text
    assert await Bundle.count() == 0 and await Arrangement.count() == 1


async def test_a_bundle_of_another_streets_community_is_refused(client):
    world = await make_world()
    await login(client, "bob")
    page = await client.get("/bundles/new")
    response = await client.post("/bundles", data=_bundle_form(
        world, csrf_from(page.text), community_ids=[str(world.community_a), str(world.community_other_street)]))
    assert response.status_code == 422
    assert await Bundle.count() == 0


async def test_shared_service_serves_an_unmanaged_community_from_a_managed_neighbour(client, clock):
    world = await make_world()
    bob = await _principal("bob")
    await management.assign(bob, world.community_a, ArrangementInput(
        mode="professional", start_date=date(2025, 1, 1), end_date=date(2030, 12, 31), company_id=world.company_a,
        contract_number="HT-1", service_level="star1", fee_fen_per_m2_month=50))
    await login(client, "bob")
    page = await client.get(f"/communities/{world.community_b}/shared-service/new")
    assert "幸福小区" in page.text  # the managed neighbour is offered
    response = await client.post(f"/communities/{world.community_b}/shared-service", data={
        "_csrf_token": csrf_from(page.text), "provider": str(world.community_a), "start_date": "2026-01-01", "end_date": ""},
        follow_redirects=False)
    assert response.status_code == 303
    row = await SharedService.select().first()
    assert row["company"] == world.company_a and row["provider_community"] == world.community_a
    served = await client.get(f"/communities/{world.community_b}")
    assert "青海安居物业服务有限公司" in served.text
    provider = await client.get(f"/communities/{world.community_a}")
    assert "和平家园" in provider.text


async def test_shared_service_is_refused_for_a_managed_community_or_an_unmanaged_provider():
    world = await make_world()
    bob = await _principal("bob")
    with pytest.raises(ArrangementError):  # the provider manages nothing
        await bundles.start_shared_service(bob, world.community_b, world.community_a, date(2026, 1, 1), None)
    await management.assign(bob, world.community_a, ArrangementInput(
        mode="professional", start_date=date(2025, 1, 1), end_date=date(2030, 12, 31), company_id=world.company_a,
        contract_number="HT-1", service_level="star1", fee_fen_per_m2_month=50))
    await management.assign(bob, world.community_b, ArrangementInput(mode="street_proxy", start_date=date(2025, 6, 1), responsible_id=bob.id))
    with pytest.raises(ArrangementError):  # B is managed by the street office then
        await bundles.start_shared_service(bob, world.community_b, world.community_a, date(2026, 1, 1), None)
    other = await make_community(name="另一小区", code="630102001004009", region_code="630102001004")
    shared = await bundles.start_shared_service(bob, other, world.community_a, date(2026, 1, 1), date(2026, 6, 30))
    with pytest.raises(ArrangementError):  # overlaps the first shared service
        await bundles.start_shared_service(bob, other, world.community_a, date(2026, 6, 1), None)
    await bundles.start_shared_service(bob, other, world.community_a, date(2026, 6, 30), None)  # handover day
    assert shared and await SharedService.count() == 2


async def test_bundles_are_seen_within_scope_only(client):
    world = await make_world()
    bob = await _principal("bob")
    data = bundles.BundleInput(
        name="东关捆绑", company_id=world.company_a, reason_small=True, projects=[("school", "东关小学", 100)],
        community_ids=[world.community_a, world.community_b],
        contract=ArrangementInput(start_date=date(2026, 1, 1), end_date=date(2027, 1, 1), contract_number="K",
                                  service_level="star1", fee_fen_per_m2_month=10),
    )
    bundle_id = await bundles.create_bundle(bob, data)
    for username, status in [("alice", 200), ("bob", 200), ("carol", 200), ("mallory", 404), ("oscar", 404), ("erin", 403)]:
        await login(client, username)
        assert (await client.get(f"/bundles/{bundle_id}")).status_code == status, username
        client.cookies.clear()
