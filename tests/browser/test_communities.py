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
