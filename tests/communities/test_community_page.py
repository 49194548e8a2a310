"""A community's page shows its buildings with their household counts; the households come on demand,
50 at a time, of one building or all, as a page of their own or as a fragment htmx puts in place."""

from __future__ import annotations

import re
from decimal import Decimal

from app.communities.tables import Building, Household, Owner
from app.querycount import count_queries
from tests.factories import login, make_world

FRAGMENT = {"HX-Request": "true", "HX-Target": "households"}


async def _register(community_id: int, plan: dict[str, int]) -> dict[str, int]:
    """Buildings (number -> how many households), each household with an owner; answers the buildings' ids."""
    ids = {}
    for number, households in plan.items():
        ids[number] = (await Building.insert(Building(community=community_id, number=number)).returning(Building.id))[0]["id"]
        owners = await Owner.insert(*[
            Owner(community=community_id, name=f"业主{number}{n}", phone=f"139{n:08d}") for n in range(1, households + 1)
        ]).returning(Owner.id) if households else []
        if households:
            await Household.insert(*[
                Household(community=community_id, building=ids[number], unit_number=f"{n // 100 + 1}-{n:03d}",
                          floor_area=Decimal("70.25"), owner=owner["id"])
                for n, owner in zip(range(1, households + 1), owners)
            ])
    return ids


def _units(html: str) -> list[str]:
    return re.findall(r'data-label="Unit number">([^<]+)<', html)


async def test_the_page_shows_buildings_with_counts_and_lists_no_household(client):
    world = await make_world()
    ids = await _register(world.community_a, {"2号楼": 30, "1号楼": 40, "3号楼": 0})
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get(f"/communities/{world.community_a}")
    assert page.status_code == 200
    assert page.text.index("1号楼") < page.text.index("2号楼") < page.text.index("3号楼")
    households = f"/communities/{world.community_a}/households"
    for number, count in (("1号楼", 40), ("2号楼", 30)):
        href = f"{households}?building={ids[number]}"
        assert f'<a href="{href}" hx-get="{href}" hx-target="#households"' in page.text
        assert f">{count}</a>" in page.text
    assert f'<a href="{households}" hx-get="{households}" hx-target="#households">Show all 70 households</a>' in page.text
    assert "业主" not in page.text and _units(page.text) == []  # no household on the page itself


async def test_the_households_come_as_a_page_and_as_a_fragment_50_at_a_time(client):
    world = await make_world()
    await _register(world.community_a, {"2号楼": 30, "1号楼": 40})
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    url = f"/communities/{world.community_a}/households"
    full = await client.get(url)
    assert full.status_code == 200 and "<html" in full.text and "Households of 幸福小区" in full.text
    assert 'id="households"' in full.text and "70 households" in full.text
    units = _units(full.text)
    assert len(units) == 50 and units[0] == "1-001" and units[39] == "1-040" and units[40] == "1-001"  # 1号楼's, then 2号楼's
    second = await client.get(url, params={"page": 2}, headers=FRAGMENT)
    assert second.status_code == 200 and "<html" not in second.text and "Page 2 of 2" in second.text
    assert _units(second.text) == [f"1-{n:03d}" for n in range(11, 31)]
    assert "HX-Target" in second.headers["vary"]
    assert f'href="{url}?page=1"' in second.text and 'hx-target="#households"' in second.text  # the pager's real links


async def test_one_buildings_households_and_anything_odd_in_the_address_shows_all(client):
    world = await make_world()
    ids = await _register(world.community_a, {"1号楼": 40, "2号楼": 30})
    other = await _register(world.community_b, {"9号楼": 5})
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    url = f"/communities/{world.community_a}/households"
    one = await client.get(url, params={"building": ids["2号楼"]}, headers=FRAGMENT)
    assert "2号楼: 30 households" in one.text and len(_units(one.text)) == 30 and "1号楼" not in one.text
    assert f'<a href="{url}" hx-get="{url}" hx-target="#households">Show every building\'s households</a>' in one.text
    full = await client.get(url, params={"building": ids["2号楼"]})
    assert f'<option value="{ids["2号楼"]}" selected>' in full.text  # the filter works without JavaScript too
    for params in ({"building": other["9号楼"]}, {"building": "abc"}, {"building": "-1"}, {"building": "9" * 40},
                   {"page": "999"}, {"page": "x"}, {"page": "0"}):
        response = await client.get(url, params=params)
        assert response.status_code == 200, params
        assert "70 households" in response.text and "9号楼" not in response.text, params
    last = await client.get(url, params={"page": "999"})
    assert "Page 2 of 2" in last.text


async def test_a_community_with_no_register_says_so(client):
    world = await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get(f"/communities/{world.community_a}")
    assert "No buildings or households are registered for this community yet." in page.text
    listed = await client.get(f"/communities/{world.community_a}/households")
    assert listed.status_code == 200 and "0 households" in listed.text and "<table" not in listed.text


async def test_households_outside_the_users_area_are_not_found(client):
    world = await make_world()
    await _register(world.community_a, {"1号楼": 3})
    for username in ("mallory", "oscar"):
        await login(client, username)
        for headers in ({}, FRAGMENT):
            response = await client.get(f"/communities/{world.community_a}/households", headers=headers)
            assert response.status_code == 404, (username, headers)
        client.cookies.clear()


async def test_the_page_and_its_households_run_the_same_few_queries_at_any_size(client):
    world = await make_world()
    await login(client, "bob")
    for community in (world.community_a, world.community_b):  # per-process caches (the region tree) filled once
        await client.get(f"/communities/{community}")
    counts = []
    for plan in ({"1号楼": 2}, {"1号楼": 60, "2号楼": 60, "3号楼": 60}):
        await _register(world.community_a, plan) if not counts else await _register(world.community_b, plan)
        community = world.community_a if not counts else world.community_b
        measured = []
        for path, headers in ((f"/communities/{community}", {}), (f"/communities/{community}/households", {}),
                              (f"/communities/{community}/households?page=2", FRAGMENT)):
            with count_queries() as counted:
                assert (await client.get(path, headers=headers)).status_code == 200
            measured.append(counted[0])
        counts.append(measured)
    assert counts[0] == counts[1]
    page, households, fragment = counts[1]
    # The page: the session's principal, the community, its buildings, and one query for each section
    # that runs any (managers, committee, decisions, fund, service logs, complaints, ratings); each
    # section is held to SECTION_QUERY_BUDGET.
    assert page <= 11 and households <= 4 and fragment <= 4
