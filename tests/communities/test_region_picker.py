"""The community list's region picker: the path to the chosen region and the areas one level below,
loaded on demand, inside the user's scope only, with the region kept in the URL."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote

from app.querycount import count_queries
from tests.factories import login, make_world

HTMX = {"HX-Request": "true", "HX-Target": "region-picker"}


def picker_of(html: str) -> str:
    found = re.search(r'<div id="region-picker".*?</div>', html, re.S)
    assert found, "no region picker on the page"
    return unquote(unescape(found.group(0)))


async def test_the_list_offers_the_users_area_and_one_level_below_it(client):
    await make_world()
    await login(client, "alice")  # the bureau of 城东区
    picker = picker_of((await client.get("/communities")).text)
    assert 'aria-current="location">城东区<' in picker
    assert "东关大街街道" in picker and "清真巷街道" in picker
    assert "北关社区居民委员会" not in picker  # two levels down: loaded when its street is chosen
    assert "城中区" not in picker and "人民街街道" not in picker  # another district


async def test_choosing_a_street_shows_the_path_up_and_its_residents_committees(client):
    await make_world()
    await login(client, "alice")
    page = await client.get("/communities", params={"region": "630102001", "q": "幸福", "mode": "none"})
    picker = picker_of(page.text)
    assert re.search(r'<a id="region-630102" href="/communities\?q=幸福&mode=none&region="', picker)  # back up
    assert 'aria-current="location">东关大街街道<' in picker
    assert re.search(r'href="/communities\?q=幸福&mode=none&region=630102001001"', picker)
    assert "慈幼社区居民委员会" in picker
    assert "清真巷街道" not in picker
    assert '<input type="hidden" name="region" value="630102001">' in picker  # the form keeps it


async def test_the_picker_endpoint_answers_htmx_with_the_picker_then_asks_for_the_results(client):
    await make_world()
    await login(client, "alice")
    response = await client.get("/communities/region-picker", params={"region": "630102001", "q": "幸福"}, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text and "<table" not in response.text
    assert response.headers["hx-trigger-after-settle"] == "region-picked"
    assert "HX-Request" in response.headers["vary"]
    picker = picker_of(response.text)
    assert "慈幼社区居民委员会" in picker and "q=幸福" in picker
    top = await client.get("/communities/region-picker", headers=HTMX)
    assert "东关大街街道" in picker_of(top.text)


async def test_without_htmx_the_picker_endpoint_sends_the_browser_to_the_list(client):
    await make_world()
    await login(client, "alice")
    response = await client.get("/communities/region-picker", params={"region": "630102001", "q": "幸福"},
                                follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/communities?q=%E5%B9%B8%E7%A6%8F&region=630102001"


async def test_a_street_user_gets_no_children_outside_their_street(client):
    await make_world()
    await login(client, "bob")  # 东关大街街道
    own = await client.get("/communities/region-picker", params={"region": "630102001001"}, headers=HTMX)
    assert own.status_code == 200
    for outside in ("630102002", "630102", "630103", "630103001", "63", "abc", "６３", "630102001001999", " 630102001"):
        response = await client.get("/communities/region-picker", params={"region": outside}, headers=HTMX)
        assert response.status_code == 404, outside
        assert "团结社区" not in response.text and "人民街" not in response.text
    page = picker_of((await client.get("/communities")).text)
    assert 'aria-current="location">东关大街街道<' in page
    assert "城东区" not in page and "清真巷街道" not in page  # nothing above or beside his street


async def test_the_results_fragment_carries_no_picker_and_the_page_does(client):
    await make_world()
    await login(client, "bob")
    fragment = await client.get("/communities", headers={"HX-Request": "true", "HX-Target": "community-results"})
    assert "幸福小区" in fragment.text and "region-picker" not in fragment.text
    assert "region-picker" in (await client.get("/communities")).text


async def test_the_picker_reads_the_tree_once_and_then_runs_no_query(client, clock):
    await make_world()
    await login(client, "alice")
    await client.get("/account/password")
    with count_queries() as plain:
        await client.get("/account/password")  # a page of no query of its own
    await client.get("/communities/region-picker", params={"region": "630102001"}, headers=HTMX)
    with count_queries() as picker:
        response = await client.get("/communities/region-picker", params={"region": "630102001"}, headers=HTMX)
    assert response.status_code == 200
    assert picker[0] == plain[0]
