"""The street office's assignment flow, in a real browser: choose a mode, find a company, get told
what is wrong next to the field, review, confirm, and see the history."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser


def test_a_street_office_assigns_a_company_after_the_current_contract(page, screenshot):
    log_in(page, "street")
    page.goto("/communities/1")
    section = page.locator("#management")
    expect(section).to_be_visible()
    with page.expect_navigation():
        section.locator("a.button.primary").click()
    assert urlsplit(page.url).path == "/communities/1/arrangements/new"

    page.evaluate("window.__stillTheSamePage = true")
    page.locator("input[name=mode][value=professional]").check()
    search = page.locator("#company-search")
    expect(search).to_be_visible()  # htmx swapped the professional fields in
    search.press_sequentially("湟水", delay=20)
    option = page.locator("#company-options input[name=company_id]")
    expect(option).to_have_count(1)
    option.check()
    page.locator("#f-contract_number").fill("HT-2029-BROWSER")
    page.locator("#f-service_level").select_option("star2")
    page.locator("#f-fee_yuan").fill("0.855")
    page.locator("#f-start_date").fill("2029-01-01")
    page.locator("#f-end_date").fill("2031-12-31")
    page.locator("button[name=step][value=review]").click()
    error = page.locator("#f-fee_yuan-error")
    expect(error).to_be_visible()  # too many decimals: said next to the field
    expect(page.locator("#f-fee_yuan")).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("window.__stillTheSamePage === true")

    page.locator("#f-fee_yuan").fill("0.85")
    page.locator("button[name=step][value=review]").click()
    confirm = page.locator("button[name=step][value=confirm]")
    expect(confirm).to_be_visible()
    expect(page.locator("#assign-form")).to_contain_text("青海湟水物业服务有限公司")
    expect(page.locator("#assign-form")).to_contain_text("¥0.85")
    screenshot(page, "street-assign-review")
    with page.expect_navigation():
        confirm.click()
    assert urlsplit(page.url).path == "/communities/1"
    timeline = page.locator("#management .timeline")
    expect(timeline).to_contain_text("青海湟水物业服务有限公司")
    assert timeline.locator("li").count() >= 2  # the new contract and the one it follows
    screenshot(page, "street-community-history")
