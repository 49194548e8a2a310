"""Finding a community from the list and opening it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, zh

pytestmark = pytest.mark.browser


def test_a_street_office_finds_a_community_by_part_of_its_name_and_opens_it(page, screenshot):
    log_in(page, "street")
    nav = page.locator("nav.mainnav")
    link = nav.locator('a[href="/communities"]')
    assert link.inner_text().strip() in zh("Communities")
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path == "/communities"
    expect(link).to_have_attribute("aria-current", "page")
    assert page.locator("main h1").inner_text().strip() in zh("Communities")

    results = page.locator("#community-results")
    names = [name.strip() for name in results.locator("tbody tr td:first-child a").all_inner_texts()]
    assert len(names) > 1, "the street office sees no communities in its area"
    target = names[-1]
    term = target[1:]  # part of the name, not its start
    assert sum(term in name for name in names) < len(names), "the search term should narrow the list"

    page.evaluate("window.__stillTheSamePage = true")
    page.locator("#q").press_sequentially(term, delay=20)
    # htmx swaps the results in place and pushes the query into the address bar.
    expect(page).to_have_url(re.compile(r"[?&]q="))
    rows = results.locator("tbody tr td:first-child a")
    expect(rows.filter(has_text=target)).to_have_count(1)
    found = [name.strip() for name in rows.all_inner_texts()]
    assert found and all(term in name for name in found)
    assert len(found) < len(names)
    assert page.evaluate("window.__stillTheSamePage === true"), "the search reloaded the whole page"

    with page.expect_navigation():
        rows.filter(has_text=target).first.click()
    assert re.fullmatch(r"/communities/\d+", urlsplit(page.url).path)
    expect(page.locator("main h1")).to_have_text(target)
    expect(page).to_have_title(re.compile("^" + re.escape(target)))
    screenshot(page, "street-community")


def test_a_bureau_user_narrows_the_list_region_by_region_with_the_keyboard(page, screenshot):
    log_in(page, "bureau")  # 城东区
    page.goto("/communities")
    picker = page.locator("#region-picker")
    expect(picker.locator('[aria-current="location"]')).to_have_text("城东区")
    streets = picker.locator("ul a")
    assert streets.count() > 1
    assert picker.locator("a", has_text="北关社区").count() == 0  # a residents' committee: not loaded yet
    page.evaluate("window.__stillTheSamePage = true")

    page.locator("#q").fill("小区")
    street = streets.filter(has_text="东关大街街道")
    street.focus()
    page.keyboard.press("Enter")
    # The picker moves to the street (its residents' committees now listed), the focus stays on it,
    # and the results follow with the search term kept; the address bar says where the list is.
    expect(picker.locator('[aria-current="location"]')).to_have_text("东关大街街道")
    expect(page.locator("#region-630102001")).to_be_focused()
    expect(page).to_have_url(re.compile(r"region=630102001(&|$)"))
    expect(page).to_have_url(re.compile(r"q=%E5%B0%8F%E5%8C%BA"))
    committees = [name.strip() for name in picker.locator("ul a").all_inner_texts()]
    assert committees and all("社区" in name or "委员会" in name for name in committees)
    results = page.locator("#community-results tbody tr td:nth-child(2)")
    expect(results.first).to_be_visible()
    assert set(name.strip() for name in results.all_inner_texts()) <= set(committees)
    assert page.evaluate("window.__stillTheSamePage === true"), "choosing a region reloaded the whole page"
    assert "q=%E5%B0%8F%E5%8C%BA" in picker.locator("ul a").first.get_attribute("href")  # links keep the search
    screenshot(page, "bureau-region-picker")

    page.keyboard.press("Tab")
    expect(picker.locator("ul a").first).to_be_focused()
    up = picker.locator("ol a", has_text="城东区")
    up.focus()
    page.keyboard.press("Enter")
    expect(picker.locator('[aria-current="location"]')).to_have_text("城东区")
    expect(page.locator("#region-630102")).to_be_focused()
    expect(page).not_to_have_url(re.compile(r"region=6"))


def test_without_javascript_a_region_is_a_page_with_the_region_in_its_address(live_server, browser):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "bureau")
        page.goto("/communities?q=" + "小区")
        picker = page.locator("#region-picker")
        with page.expect_navigation():
            picker.locator("ul a", has_text="东关大街街道").click()
        assert "region=630102001" in page.url and "q=" in page.url
        expect(picker.locator('[aria-current="location"]')).to_have_text("东关大街街道")
        expect(page.locator('#community-filters input[name="region"]')).to_have_value("630102001")
        with page.expect_navigation():  # searching keeps the region
            page.locator("#community-filters button[type=submit]").click()
        assert "region=630102001" in page.url
    finally:
        context.close()


def test_a_community_lists_its_households_in_place_when_asked(page, screenshot):
    log_in(page, "committee")  # the demo's committee community has a register
    with page.expect_navigation():
        page.locator("main a.button[href^='/communities/']").first.click()
    community_path = urlsplit(page.url).path
    households = page.locator("#households")
    expect(households.locator("table")).to_have_count(0)  # buildings first, households on demand
    counts = page.locator("#register tbody td.num a")
    assert counts.count() >= 1, "the demo community has no building with households"

    page.evaluate("window.__stillTheSamePage = true")
    households.locator("a").first.click()  # "show all N households"
    rows = households.locator("tbody tr")
    expect(rows.first).to_be_visible()
    assert 1 <= rows.count() <= 50
    next_page = households.locator("nav.pager a[rel=next]")
    if next_page.count():
        first_unit = rows.first.locator("td").nth(1).inner_text()
        next_page.click()
        expect(page).to_have_url(re.compile(r"/households\?page=2$"))
        expect(rows.first.locator("td").nth(1)).not_to_have_text(first_unit)

    counts.first.click()  # one building's households
    building = page.locator("#register tbody tr").first.locator("td").first.inner_text().strip()
    expect(households.locator("p.muted")).to_contain_text(building)
    numbers = {text.strip() for text in households.locator("tbody tr td:first-child").all_inner_texts()}
    assert numbers == {building}
    assert page.evaluate("window.__stillTheSamePage === true"), "the households reloaded the whole page"
    screenshot(page, "community-households")
    assert urlsplit(page.url).path.startswith(community_path)
