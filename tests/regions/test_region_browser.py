"""The region browser: a node, its children, their figures; only inside the user's scope."""

from app.regions import services as regions
from app.regions.tables import Region
from tests.factories import login, make_community, make_world


async def test_a_bureau_user_sees_their_district_and_its_streets(client):
    await make_world()
    await regions.recount()
    await login(client, "alice")
    response = await client.get("/regions", follow_redirects=True)
    assert response.status_code == 200
    assert "<h1>城东区" in response.text
    assert "东关大街街道" in response.text and "清真巷街道" in response.text
    assert "人民街街道" not in response.text  # another district


async def test_a_street_user_can_open_a_node_below_but_not_beside_or_above(client):
    await make_world()
    await login(client, "bob")
    assert (await client.get("/regions/630102001001")).status_code == 200
    assert (await client.get("/regions/630102002")).status_code == 404  # the neighbouring street
    assert (await client.get("/regions/630102")).status_code == 404  # his district: above his scope
    assert (await client.get("/regions/999999")).status_code == 404
    assert (await client.get("/regions/630102001001%0A")).status_code == 404  # a trailing newline
    assert (await client.get("/regions/６３０１０２００１００１")).status_code == 404  # full-width digits


async def test_breadcrumbs_stop_at_the_users_own_scope(client):
    await make_world()
    await login(client, "bob")
    page = await client.get("/regions/630102001001")
    assert "东关大街街道</a>" in page.text
    assert "城东区" not in page.text


async def test_recount_counts_communities_households_and_old_ones_up_the_tree():
    world = await make_world()
    assert world
    summary = await regions.recount()
    assert summary["communities"] == 4
    figures = {
        row["code"]: (row["community_count"], row["household_count"], row["old_community_count"])
        for row in await Region.select(
            Region.code, Region.community_count, Region.household_count, Region.old_community_count
        )
    }
    assert figures["63"] == (4, 480, 2)
    assert figures["630102"] == (3, 360, 2)  # the 2003 community is not old
    assert figures["630102001"] == (2, 240, 2)
    assert figures["630102001001"] == (1, 120, 1)
    assert figures["630103"] == (1, 120, 0)
    again = await regions.recount()
    assert again["changed"] == 0  # running it twice changes nothing


async def test_a_branch_recount_counts_the_node_below_and_above_it_and_leaves_the_rest():
    await make_world()
    await regions.recount()
    await make_community(name="新小区", code="630102001001201", region_code="630102001001", household_count=30)
    await make_community(name="别区小区", code="630103001003201", region_code="630103001003", household_count=7)
    summary = await regions.recount(code="630102001001")
    assert summary["communities"] == 2

    async def figures(code):
        row = await Region.select(Region.community_count, Region.household_count).where(Region.code == code).first()
        return (row["community_count"], row["household_count"])

    assert await figures("630102001001") == (2, 150)
    assert await figures("630102001") == (3, 270)
    assert await figures("630102") == (4, 390)
    assert await figures("63") == (6, 517)  # the province counts both new ones: it is recounted whole
    assert await figures("630103") == (1, 120)  # not in the branch: left for its own recount
    assert await figures("630102002") == (1, 120)
    await regions.recount(code="630103")
    assert await figures("630103001003") == (2, 127)
    assert (await regions.recount(code="630103"))["changed"] == 0
