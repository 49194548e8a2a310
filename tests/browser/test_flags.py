"""Flags in a real browser, as new users would meet them: the street registers a community nobody
manages yet; the morning's scan (here started by the bureau from its page, watching the progress)
puts it at the top of the street's home as a to-do; the street acknowledges it with a note and
assigns a manager; the next scan clears it."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, zh

pytestmark = pytest.mark.browser

NAME = "新华里小区"


def _scan_as_the_bureau(page, screenshot=None) -> None:
    log_in(page, "bureau")
    page.goto("/flags/overview")
    page.get_by_role("button", name=zh("Scan for flags now")[0]).click()
    expect(page.locator("#scan-status .job-done")).to_be_visible(timeout=30_000)  # the status polled until done
    if screenshot:
        screenshot(page, "bureau-flags-overview")
    log_out(page)


def _todo(page):
    return page.locator("section.todo")


def test_a_new_unmanaged_community_is_on_the_streets_to_do_list_until_a_manager_is_assigned(page, screenshot):
    log_in(page, "street")
    page.goto("/communities/new")
    page.locator("#f-code").fill("630102001001987")
    page.locator("#f-name").fill(NAME)
    page.locator("#f-address").fill("新华路1号")
    page.locator("#f-year_built").fill("1992")
    page.locator("#f-total_area").fill("5000")
    page.locator("#f-household_count").fill("40")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    community_path = urlsplit(page.url).path
    assert community_path.startswith("/communities/")
    page.goto("/")
    expect(_todo(page)).not_to_contain_text(NAME)  # nothing until the scan has run
    log_out(page)

    _scan_as_the_bureau(page, screenshot)

    log_in(page, "street")
    todo = _todo(page)
    row = todo.locator("li", has_text=NAME).filter(has_text=zh("No active management arrangement")[0])
    expect(row).to_be_visible()
    assert page.locator("section.todo").bounding_box()["y"] < page.locator("h1").first.bounding_box()["y"]
    screenshot(page, "street-home-todo")

    with page.expect_navigation():
        row.get_by_role("link", name=zh("Acknowledge")[0]).click()
    page.locator("#f-note").fill("网格员周一上门，联系业主推选自治小组")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Mark as seen")[0]).click()
    expect(page.locator(".flag-note")).to_contain_text("网格员周一上门")
    # acknowledged flags come after the others (the home's ten may not reach them; the list pages them)
    page.goto("/flags?kind=no_arrangement")
    expect(page.locator("tr.flag-acknowledged", has_text=NAME)).to_contain_text("网格员周一上门")
    screenshot(page, "street-flags-acknowledged")

    page.goto(community_path + "/arrangements/new")
    page.locator("input[name=mode][value=street_proxy]").check()
    responsible = page.locator("#f-responsible_id")
    expect(responsible).to_be_visible()
    responsible.select_option(index=1)
    page.locator("#f-start_date").fill(date.today().isoformat())
    page.locator("button[name=step][value=review]").click()
    confirm = page.locator("button[name=step][value=confirm]")
    expect(confirm).to_be_visible()
    with page.expect_navigation():
        confirm.click()
    log_out(page)

    _scan_as_the_bureau(page)

    log_in(page, "street")
    expect(_todo(page)).to_be_visible()
    expect(_todo(page).locator("li", has_text=NAME).filter(has_text=zh("No active management arrangement")[0])).to_have_count(0)
    screenshot(page, "street-home-todo-cleared")
