"""The street follows a figure of the committees overview to the committee behind it and reads the
broken rule there; on a phone the committee pages do not scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, zh

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def test_the_street_follows_the_overdue_figure_to_the_committee_and_its_warning(page, screenshot):
    log_in(page, "street")
    page.goto("/committees")
    figure = page.locator(".figure", has_text=zh("Filings overdue")[0])
    expect(figure.locator(".figure-value")).to_have_text("1")
    with page.expect_navigation():
        figure.locator("a").click()
    expect(page.locator("h1")).to_have_text(zh("Committees with filings overdue")[0])
    with page.expect_navigation():
        page.locator("#committee-results tbody a").first.click()
    warning = page.locator("p.alert", has_text=zh("Filing with the housing bureau within 30 days of the election")[0])
    expect(warning).to_be_visible()
    assert page.locator("tbody tr").count() == 5  # its five members
    screenshot(page, "committee-overdue")


def test_on_a_phone_the_committee_pages_fit_the_screen(page, screenshot):
    page.set_viewport_size(PHONE)
    log_in(page, "street")
    for path, name in (("/committees", "phone-committees"), ("/communities/1/committee", "phone-committee"),
                       ("/communities/1/committee/new", "phone-committee-new")):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        screenshot(page, name)
