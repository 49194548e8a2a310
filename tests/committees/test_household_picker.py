"""The member forms' household picker: at most 20 owned households matching what the clerk types
(building, unit or owner's name), of this community only; a fragment for htmx, a page otherwise;
only those who may see the community's committee ask."""

from decimal import Decimal

from app.committees import services as committees
from app.communities.tables import Building, Household
from tests.committees.helpers import make_households
from tests.factories import login, make_world


async def test_it_answers_at_most_twenty_and_says_there_are_more(clock):
    world = await make_world()
    await make_households(world.community_a, 21)
    matches, more = await committees.household_search(world.community_a, "")
    assert len(matches) == 20 and more
    matches, more = await committees.household_search(world.community_a, "139-1")  # units 139-101 … 139-121
    assert len(matches) == 20 and more
    matches, more = await committees.household_search(world.community_a, "业主2")  # 业主2, 业主20, 业主21
    assert sorted(m["owner_name"] for m in matches) == ["业主2", "业主20", "业主21"] and not more
    matches, _more = await committees.household_search(world.community_a, "139号楼 业主7")
    assert [m["owner_name"] for m in matches] == ["业主7"]


async def test_it_offers_only_owned_households_of_this_community(clock):
    world = await make_world()
    await make_households(world.community_b, 3, phone_prefix="137")
    building = (await Building.insert(Building(community=world.community_a, number="9号楼")).returning(Building.id))[0]
    await Household.insert(Household(community=world.community_a, building=building["id"], unit_number="9-101",
                                     floor_area=Decimal("60"), is_developer_stock=True))
    assert await committees.household_search(world.community_a, "") == ([], False)


async def test_the_fragment_and_the_page(client, clock):
    world = await make_world()
    await make_households(world.community_a, 3)
    assert (await login(client, "bob")).status_code == 303
    path = f"/communities/{world.community_a}/committee/households?q=业主2&field=household_3"
    fragment = await client.get(path, headers={"HX-Request": "true", "HX-Target": "picker-household_3"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'name="household_3"' in fragment.text and "业主2" in fragment.text and "业主1" not in fragment.text
    page = await client.get(path)
    assert page.status_code == 200 and "<html" in page.text and "业主2" in page.text
    odd = await client.get(f"/communities/{world.community_a}/committee/households?field=\"><script>",
                           headers={"HX-Request": "true", "HX-Target": "picker-household"})
    assert odd.status_code == 200 and "<script>" not in odd.text


async def test_the_install_form_has_no_whole_register_select(client, clock):
    world = await make_world()
    await make_households(world.community_a, 30)
    assert (await login(client, "bob")).status_code == 303
    page = await client.get(f"/communities/{world.community_a}/committee/new")
    assert page.status_code == 200 and "业主30" not in page.text
    assert f"/communities/{world.community_a}/committee/households" in page.text


async def test_others_are_refused(client, clock):
    world = await make_world()
    await make_households(world.community_b, 3, phone_prefix="137")
    for username, status in (("dave", 404), ("mallory", 404), ("oscar", 404), ("carol", 403), ("erin", 403)):
        client.cookies.clear()
        assert (await login(client, username)).status_code == 303
        answer = await client.get(f"/communities/{world.community_b}/committee/households?q=业主")
        assert answer.status_code == status, username
