"""Registering communities, buildings and households through the forms; who may, and what others see."""

from decimal import Decimal

from app.audit.tables import AuditEntry
from app.communities.tables import Building, Community, Household, Owner
from tests.factories import login, make_world, post_form

NEW = {
    "code": "630102001001101", "name": "新登记小区", "address": "东关大街9号", "year_built": "1999",
    "total_area": "23456.78", "renovation_year": "2025", "renovation_status": "planned",
}


async def _actions() -> list[str]:
    return [row["action"] for row in await AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id)]


async def test_a_street_user_registers_a_community_in_their_area(client):
    await make_world()
    await login(client, "bob")
    response = await post_form(client, "/communities", NEW, page="/communities/new")
    assert response.status_code == 303
    row = await Community.select().where(Community.code == NEW["code"]).first()
    assert response.headers["location"] == f"/communities/{row['id']}"
    assert row["region_code"] == "630102001001" and row["total_area"] == Decimal("23456.78")
    assert row["renovation_status"] == "planned" and row["renovation_year"] == 2025
    page = await client.get(response.headers["location"])
    assert "<h1>新登记小区</h1>" in page.text and "23,456.78" in page.text
    assert "community.create" in await _actions()


async def test_an_invalid_form_comes_back_with_messages_next_to_the_fields(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    bad = {**NEW, "total_area": "100.125", "year_built": "1850", "name": ""}
    htmx = {"HX-Request": "true", "HX-Target": "community-form"}
    response = await post_form(client, "/communities", bad, page="/communities/new", headers=htmx)
    assert response.status_code == 422
    assert "<html" not in response.text and 'id="community-form"' in response.text
    assert 'id="f-total_area-error"' in response.text and "at most two decimals" in response.text
    assert "between 1900 and" in response.text and "Enter the community&#39;s name." in response.text
    assert 'value="100.125"' in response.text  # what was typed comes back to be corrected
    plain = await post_form(client, "/communities", bad, page="/communities/new")
    assert plain.status_code == 422 and "<html" in plain.text
    assert await Community.count().where(Community.code == NEW["code"]) == 0


async def test_a_code_outside_the_users_area_or_taken_is_refused_on_the_code_field(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "mallory")  # another street office
    response = await post_form(client, "/communities", NEW, page="/communities/new")
    assert response.status_code == 422 and "no residents&#39; community 630102001001 in your area" in response.text
    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    response = await post_form(client, "/communities", {**NEW, "code": "630102001001001"}, page="/communities/new")
    assert response.status_code == 422 and "630102001001001 is already registered" in response.text
    unknown = await post_form(client, "/communities", {**NEW, "code": "630102001099001"}, page="/communities/new")
    assert unknown.status_code == 422 and await Community.count() == 4


async def test_a_bureau_user_may_register_too(client):
    await make_world()
    await login(client, "alice")
    response = await post_form(client, "/communities", {**NEW, "code": "630102002008002"}, page="/communities/new")
    assert response.status_code == 303


async def test_readers_are_refused_every_change(client):
    world = await make_world()
    base = f"/communities/{world.community_a}"
    for username in ("carol", "dave", "erin"):
        await login(client, username)
        for path in ("/communities/new", f"{base}/edit", f"{base}/buildings/new", f"{base}/households/new", "/communities/import", "/communities/plan"):
            assert (await client.get(path)).status_code == 403, (username, path)
        for path in ("/communities", f"{base}/edit", f"{base}/buildings", f"{base}/households"):
            response = await post_form(client, path, {**NEW, "number": "9号楼"}, page="/")
            assert response.status_code == 403, (username, path)
        client.cookies.clear()
    assert await Building.count() == 0 and await Community.count() == 4


async def test_a_change_outside_the_users_area_is_not_found(client):
    world = await make_world()
    await login(client, "bob")
    building = await _add_building(client, world.community_a, "1号楼")
    client.cookies.clear()
    base = f"/communities/{world.community_a}"
    for username in ("mallory", "oscar"):
        await login(client, username)
        for path in (f"{base}/edit", f"{base}/buildings/new", f"{base}/buildings/{building}/edit", f"{base}/households/new"):
            assert (await client.get(path)).status_code == 404, (username, path)
        for path in (f"{base}/edit", f"{base}/buildings", f"{base}/buildings/{building}/edit", f"{base}/households"):
            response = await post_form(client, path, {**NEW, "number": "9号楼", "building": building, "unit_number": "1",
                                                      "floor_area": "50", "owner_name": "某", "owner_phone": "13800000000"}, page="/")
            assert response.status_code == 404, (username, path)
        client.cookies.clear()
    await login(client, "bob")
    # A building of another community, reached through this one's URL: not found either.
    other = f"/communities/{world.community_b}/buildings/{building}/edit"
    assert (await client.get(other)).status_code == 404
    assert await Household.count() == 0 and await Building.count() == 1


async def test_editing_a_community_changes_its_details_and_is_audited(client):
    world = await make_world()
    await login(client, "bob")
    form = await client.get(f"/communities/{world.community_a}/edit")
    assert 'value="9000.50"' in form.text and 'value="幸福小区"' in form.text
    data = {"name": "幸福小区（东区）", "address": "东关大街1号", "year_built": "1995", "total_area": "9000.5",
            "renovation_year": "", "renovation_status": "none", "building_count": "3", "household_count": "130"}
    response = await post_form(client, f"/communities/{world.community_a}/edit", data, page=f"/communities/{world.community_a}/edit")
    assert response.status_code == 303
    row = await Community.select().where(Community.id == world.community_a).first()
    assert row["name"] == "幸福小区（东区）" and row["household_count"] == 130 and row["total_area"] == Decimal("9000.50")
    entry = await AuditEntry.select(AuditEntry.summary).where(AuditEntry.action == "community.update").output(load_json=True).first()
    assert entry["summary"]["name"] == ["幸福小区", "幸福小区（东区）"] and "total_area" not in entry["summary"]


async def _add_building(client, community_id: int, number: str) -> int:
    response = await post_form(client, f"/communities/{community_id}/buildings", {"number": number, "floors": "6"},
                               page=f"/communities/{community_id}/buildings/new")
    assert response.status_code == 303, response.text
    row = await Building.select(Building.id).where((Building.community == community_id) & (Building.number == number)).first()
    return row["id"]


async def _add_household(client, community_id: int, **values):
    data = {"unit_number": "1-101", "floor_area": "85.50", "owner_name": "张三", "owner_phone": "13812345678", **values}
    return await post_form(client, f"/communities/{community_id}/households", data, page=f"/communities/{community_id}/households/new")


async def test_households_are_registered_and_the_counts_follow_the_register(client):
    world = await make_world()
    await login(client, "bob")
    building = await _add_building(client, world.community_a, "1号楼")
    assert (await _add_household(client, world.community_a, building=building)).status_code == 303
    again = await _add_household(client, world.community_a, building=building, unit_number="1-102", owner_phone="138 1234 5678")
    assert again.status_code == 303
    stock = await _add_household(client, world.community_a, building=building, unit_number="1-103", owner_name="",
                                 owner_phone="", is_developer_stock="on")
    assert stock.status_code == 303
    # One owner holding two units is one owner (one head in a vote).
    assert await Owner.count() == 1
    households = await Household.select(Household.owner, Household.is_developer_stock).order_by(Household.id)
    assert households[0]["owner"] == households[1]["owner"] and households[2]["owner"] is None
    community = await Community.select().where(Community.id == world.community_a).first()
    assert (community["building_count"], community["household_count"]) == (1, 3)
    page = await client.get(f"/communities/{world.community_a}")  # the building with its 3 households, listed on demand
    assert f'href="/communities/{world.community_a}/households?building={building}"' in page.text
    listed = await client.get(f"/communities/{world.community_a}/households")
    assert "13812345678" in listed.text and "1-103" in listed.text
    assert (await _actions()).count("household.create") == 3


async def test_a_unit_already_registered_and_a_bad_area_are_refused_in_the_form(client):
    world = await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    building = await _add_building(client, world.community_a, "1号楼")
    await _add_household(client, world.community_a, building=building)
    htmx = {"HX-Request": "true", "HX-Target": "household-form"}
    data = {"building": building, "unit_number": "1-101", "floor_area": "85.50", "owner_name": "李四", "owner_phone": "13900000000"}
    page = f"/communities/{world.community_a}/households/new"
    taken = await post_form(client, f"/communities/{world.community_a}/households", data, page=page, headers=htmx)
    assert taken.status_code == 422 and "<html" not in taken.text and "Unit 1-101 of 1号楼 is already registered." in taken.text
    bad = await post_form(client, f"/communities/{world.community_a}/households", {**data, "unit_number": "1-102", "floor_area": "0", "owner_phone": "123"}, page=page, headers=htmx)
    assert bad.status_code == 422 and "more than 0 m²" in bad.text and "mobile number" in bad.text
    duplicate = await post_form(client, f"/communities/{world.community_a}/buildings", {"number": "1号楼"}, page=page)
    assert duplicate.status_code == 422 and "1号楼 is already registered in this community." in duplicate.text
    assert await Household.count() == 1


async def test_a_household_is_changed_and_the_change_audited(client):
    world = await make_world()
    await login(client, "bob")
    building = await _add_building(client, world.community_a, "1号楼")
    await _add_household(client, world.community_a, building=building)
    household = (await Household.select(Household.id).first())["id"]
    edit = f"/communities/{world.community_a}/households/{household}/edit"
    form = await client.get(edit)
    assert 'value="85.50"' in form.text and 'value="13812345678"' in form.text
    data = {"building": building, "unit_number": "1-101", "floor_area": "86.25", "owner_name": "张三", "owner_phone": "13812345678"}
    assert (await post_form(client, edit, data, page=edit)).status_code == 303
    assert (await Household.select(Household.floor_area).first())["floor_area"] == Decimal("86.25")
    assert "household.update" in await _actions()


async def test_owners_phones_are_masked_for_everyone_but_street_and_bureau_staff(client):
    world = await make_world()
    await login(client, "bob")
    building = await _add_building(client, world.community_a, "1号楼")
    await _add_household(client, world.community_a, building=building)
    client.cookies.clear()
    for username, whole in (("alice", True), ("bob", True), ("dave", False)):
        await login(client, username)
        page = await client.get(f"/communities/{world.community_a}")
        assert page.status_code == 200 and ("/households/new" in page.text) is whole  # only staff see the forms' links
        listed = await client.get(f"/communities/{world.community_a}/households")
        assert listed.status_code == 200
        assert ("13812345678" in listed.text) is whole, username
        assert ("138****5678" in listed.text) is not whole, username
        assert "张三" in listed.text
        assert ("/edit" in listed.text) is whole
        client.cookies.clear()
    # An owner sees no one else's unit at all (his own are on "my units", tests/owners).
    await login(client, "erin")
    assert (await client.get(f"/communities/{world.community_a}/households")).status_code == 404
    assert "张三" not in (await client.get(f"/communities/{world.community_a}")).text


async def test_whatever_is_typed_into_a_form_never_breaks_the_page(client):
    world = await make_world()
    await login(client, "bob")
    base = f"/communities/{world.community_a}"
    cases = [
        (f"{base}/buildings", {"number": "\x00", "floors": "９９９"}),
        (f"{base}/buildings", {"number": "楼" * 500}),
        (f"{base}/households", {"building": "99999999999999999999999", "unit_number": "x" * 1000, "floor_area": "1" * 5000}),
        (f"{base}/households", {"building": "abc", "unit_number": "\x00", "floor_area": "1e999", "owner_name": "\x00\x01"}),
        (f"{base}/edit", {"year_built": "9" * 100, "total_area": "1e999", "renovation_year": "-1", "renovation_status": "zzz",
                          "building_count": "99999999999999999999"}),
        ("/communities", {"code": "６３０１０２００１００１１０１" * 30, "name": "\x00", "total_area": "NaN"}),
    ]
    for path, data in cases:
        response = await post_form(client, path, data, page="/communities/new")
        assert response.status_code == 422, (path, data, response.status_code)
    assert await Building.count() == 0 and await Household.count() == 0
