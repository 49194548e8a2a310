"""The region tree's names are read once per process and read again when the tree changes: at once
after a change this process commits, within ``tree.CHECK_EVERY`` after one another process commits."""

from __future__ import annotations

from datetime import timedelta

from app.accounts.logic import SYSTEM
from app.querycount import count_queries
from app.regions import services as regions
from app.regions import tree
from app.regions.divisions import Division
from app.regions.tables import Region, TreeVersion
from tests.factories import login, make_world


async def test_names_and_children_are_read_once_then_kept(clock):
    await make_world()
    with count_queries() as first:
        assert await tree.names(["630102001001"]) == {"630102001001": "北关社区居民委员会"}
        assert [node["name"] for node in await tree.children("630102")] == ["东关大街街道", "清真巷街道"]
    with count_queries() as again:
        assert await tree.names(["630102001001", "630102001"]) == {
            "630102001001": "北关社区居民委员会", "630102001": "东关大街街道"}  # the street came with the children
        assert len(await tree.children("630102")) == 2
        assert await tree.names(["999999999999"]) == {}
        assert await tree.names(["999999999999"]) == {}  # a code the tree lacks is remembered as lacking
    assert first[0] == 3  # the version token, the names, the children
    assert again[0] == 1  # only the unknown code, once


async def test_a_rename_in_this_process_is_seen_as_soon_as_it_commits(clock):
    await make_world()
    assert (await tree.names(["630102001001"]))["630102001001"] == "北关社区居民委员会"
    await regions.import_divisions(SYSTEM, [Division("630102001001", "北关社区")], "63")
    assert (await tree.names(["630102001001"]))["630102001001"] == "北关社区"
    await regions.upsert_node("630102001009", "新建社区居民委员会")
    assert "630102001009" in [node["code"] for node in await tree.children("630102001")]


async def test_a_change_by_another_process_is_seen_within_the_check_interval(clock):
    await make_world()
    assert (await tree.names(["630102001001"]))["630102001001"] == "北关社区居民委员会"
    # What `changxiao regions import` does in its own process: new names and a new version token.
    await Region.update({Region.name: "北关社区"}).where(Region.code == "630102001001")
    await TreeVersion.update({TreeVersion.token: "another-process"}, force=True)
    with count_queries() as counted:
        assert (await tree.names(["630102001001"]))["630102001001"] == "北关社区居民委员会"  # not asked yet
    assert counted[0] == 0
    clock.set(clock.moment + tree.CHECK_EVERY + timedelta(seconds=1))
    assert (await tree.names(["630102001001"]))["630102001001"] == "北关社区"
    clock.set(clock.moment + tree.CHECK_EVERY + timedelta(seconds=1))
    with count_queries() as unchanged:
        assert (await tree.names(["630102001001"]))["630102001001"] == "北关社区"
    assert unchanged[0] == 1  # the version token only: the names are kept


async def test_the_community_list_shows_a_renamed_residents_committee(client, clock):
    await make_world()
    await login(client, "bob")
    assert "北关社区居民委员会" in (await client.get("/communities")).text
    await regions.import_divisions(SYSTEM, [Division("630102001001", "北关新社区")], "63")
    page = (await client.get("/communities")).text
    assert "北关新社区" in page and "北关社区居民委员会" not in page


async def test_breadcrumbs_stop_at_the_users_scope():
    await make_world()
    bob = await _principal("bob")
    assert [node["code"] for node in await tree.path(bob, "630102001001")] == ["630102001", "630102001001"]
    assert await tree.path(bob, "630102002") == []


async def _principal(username: str):
    from app.accounts.logic import Principal
    from app.accounts.tables import Account

    row = await Account.select(Account.id, Account.role, Account.region_code).where(Account.username == username).first()
    return Principal(id=row["id"], username=username, display_name=username, role=row["role"],
                     region_code=row["region_code"])

