"""Ratings in a real browser: a visitor who scanned the notice's QR code logs in and comes back to the
community's "rate and complain" page; an owner rates on a phone-sized page and changes his rating; a
street user sees the area's satisfaction and prints the notice. On the demo data: the owner has not
rated the current period of the committee's community yet."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import DEMO_PASSWORD, log_in, zh

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def _feedback_path(page) -> str:
    """The owner's community's rating page, found as he would: his community's page, then its link."""
    page.goto("/communities")
    page.locator("table a[href^='/communities/']").first.click()
    link = page.get_by_role("link", name=zh("Rate and complain")[0])
    return link.get_attribute("href")


def test_an_owner_rates_on_a_phone_after_logging_in_from_the_notice(page, screenshot):
    page.set_viewport_size(PHONE)
    log_in(page, "owner")
    path = _feedback_path(page)
    page.context.clear_cookies()
    page.goto(path)  # as the QR code opens it, not logged in
    page.get_by_role("link", name=zh("Log in")[0]).click()
    page.locator("#username").fill("owner")
    page.locator("#password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    assert page.url.endswith(path)
    screenshot(page, "phone-owner-rating-form")
    form = page.locator("#rating-form form")
    form.locator("input[name=score][value='2']").check()
    form.locator("#f-comment").fill("电梯经常停运，报修后三天才来")
    with page.expect_navigation():
        form.get_by_role("button", name=zh("Submit my rating")[0]).click()
    expect(page.locator(".flash")).to_contain_text(zh("Thank you: your rating is saved. You can change it until the period ends.")[0])
    expect(page.locator("#rating-form .notice")).to_contain_text(zh("Dissatisfied")[0])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the rating page scrolls sideways"
    screenshot(page, "phone-owner-rating")
    form = page.locator("#rating-form form")
    form.locator("input[name=score][value='4']").check()
    form.get_by_role("button", name=zh("Change my rating")[0]).click()  # htmx swaps the page in (HX-Redirect)
    expect(page.locator("#rating-form .notice")).to_contain_text(zh("Satisfied")[0])


def test_a_street_user_sees_the_area_below_target_and_prints_the_notice(page, screenshot):
    log_in(page, "street")
    page.goto("/satisfaction?kind=year")
    expect(page.locator("h1")).to_have_text(zh("Satisfaction")[0])
    expect(page.locator("#satisfaction-table table")).to_be_visible()
    screenshot(page, "street-satisfaction-year")
    page.locator("#satisfaction-table a[href^='/communities/']").first.click()
    page.get_by_role("link", name=zh("Print the notice with its QR code")[0]).click()
    expect(page.locator(".qr svg")).to_be_visible()
    screenshot(page, "rating-notice")
