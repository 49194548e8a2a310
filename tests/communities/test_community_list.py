"""The community list and page: search, filter, pages, fragments, scope."""

from tests.factories import login, make_community, make_world


async def test_a_street_user_lists_only_their_streets_communities(client):
    await make_world()
    await login(client, "bob")
    page = await client.get("/communities")
    assert "幸福小区" in page.text and "和平家园" in page.text
    assert "清真巷小区" not in page.text and "人民街小区" not in page.text


async def test_search_by_name_and_filter_by_region(client):
    await make_world()
    await login(client, "alice")
    assert "幸福小区" in (await client.get("/communities", params={"q": "幸福"})).text
    assert "和平家园" not in (await client.get("/communities", params={"q": "幸福"})).text
    filtered = await client.get("/communities", params={"region": "630102002"})
    assert "清真巷小区" in filtered.text and "幸福小区" not in filtered.text


async def test_a_region_outside_the_scope_is_ignored_as_a_filter(client):
    await make_world()
    await login(client, "bob")
    response = await client.get("/communities", params={"region": "630103"})
    assert "人民街小区" not in response.text


async def test_the_list_is_paginated(client):
    await make_world()
    for n in range(30):
        await make_community(name=f"分页小区{n:02d}", code=f"630102001001{100 + n:03d}")
    await login(client, "bob")
    first = await client.get("/communities", params={"q": "分页"})
    assert "30" in first.text and "分页小区00" in first.text and "分页小区25" not in first.text
    second = await client.get("/communities", params={"q": "分页", "page": 2})
    assert "分页小区25" in second.text and "分页小区00" not in second.text
    beyond = await client.get("/communities", params={"q": "分页", "page": 9})
    assert "分页小区29" in beyond.text  # past the end: the last page


async def test_an_htmx_search_gets_only_the_results_fragment(client):
    await make_world()
    await login(client, "bob")
    headers = {"HX-Request": "true", "HX-Target": "community-results"}
    fragment = await client.get("/communities", params={"q": "幸福"}, headers=headers)
    assert "<html" not in fragment.text and "幸福小区" in fragment.text
    assert "HX-Request" in fragment.headers["vary"]
    boosted = await client.get("/communities", headers={**headers, "HX-Boosted": "true"})
    assert "<html" in boosted.text  # a boosted navigation wants the whole page
    elsewhere = await client.get("/communities", headers={"HX-Request": "true", "HX-Target": "main"})
    assert "<html" in elsewhere.text


async def test_a_community_page_opens_for_users_in_scope(client):
    world = await make_world()
    for username in ("alice", "bob", "dave", "erin"):
        await client.get("/login")
        await login(client, username)
        page = await client.get(f"/communities/{world.community_a}")
        assert page.status_code == 200 and "<h1>幸福小区</h1>" in page.text, username
        client.cookies.clear()


async def test_a_community_outside_the_scope_is_not_found(client):
    world = await make_world()
    cases = {
        "bob": [world.community_other_street, world.community_other_county],
        "mallory": [world.community_a],
        "oscar": [world.community_a],
        "carol": [world.community_a],  # manages nothing yet
        "dave": [world.community_b],
        "erin": [world.community_b],
    }
    for username, hidden in cases.items():
        await login(client, username)
        for community_id in hidden:
            response = await client.get(f"/communities/{community_id}")
            assert response.status_code == 404, (username, community_id)
        assert (await client.get("/communities/999999")).status_code == 404
        client.cookies.clear()
