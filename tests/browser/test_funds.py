"""The fund as its users meet it: the bureau sets its county's rate, the committee records an owner's
deposit from the community page, and the owner reads his statement on a phone."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, zh

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def test_the_committee_records_a_deposit_and_the_owner_reads_it_on_a_phone(page, screenshot):
    log_in(page, "owner")
    page.goto("/my-fund")
    unit = page.locator(".unit-name a").first.inner_text().strip()
    before = Decimal(page.locator("dd.balance").first.inner_text().strip().lstrip("¥").replace(",", ""))
    after = f"¥{before + Decimal('2851.38'):,.2f}"  # the demo's fund has money in it already
    log_out(page)

    log_in(page, "bureau")
    page.goto("/fund-rates")
    page.locator("#f-county").select_option("630102")
    page.locator("#f-rate").fill("33.33")
    page.locator("#f-effective_from").fill("2020-01-01")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Set rate")[0]).click()
    expect(page.locator("tbody")).to_contain_text("¥33.33")
    log_out(page)

    log_in(page, "committee")
    page.goto("/committee")
    community = re.search(r"/communities/(\d+)/", page.url).group(1)
    page.goto(f"/communities/{community}")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Open the fund")[0]).click()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Record a deposit")[0]).click()
    page.locator("#f-household").select_option(label=unit)
    page.locator("#f-amount").fill("2,851.38")
    page.locator("#f-memo").fill("工行回单0012")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Record deposit")[0]).click()
    expect(page.get_by_text(zh("The deposit is recorded.")[0])).to_be_visible()
    expect(page.locator("#fund-ledger tbody tr").first).to_contain_text("¥2,851.38")
    screenshot(page, "fund-committee")
    log_out(page)

    page.set_viewport_size(PHONE)
    log_in(page, "owner")
    page.goto("/my-fund")
    with page.expect_navigation():
        page.get_by_role("link", name=unit).click()
    statement = page.locator("#fund-statement")
    expect(statement).to_contain_text("工行回单0012")
    expect(statement).to_contain_text("¥2,851.38")
    expect(page.locator("dd.balance")).to_contain_text(after)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-fund-statement")
