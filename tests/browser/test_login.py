"""Logging in as each demo role, a wrong password, logging out: in a real browser."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, zh

pytestmark = pytest.mark.browser

# username: (role badge msgid, display name in the top bar, the home page's heading or None)
ROLES = {
    "bureau": ("Housing bureau", "城东区住建局", "城东区"),
    "street": ("Street office", "东关大街街道办", "东关大街街道"),
    "company": ("Property company", "安居物业", "青海安居物业服务有限公司"),
    "committee": ("Owner committee", "业委会主任", None),  # the demo's first community
    "owner": ("Owner", "业主", None),
}


def path_of(page) -> str:
    return urlsplit(page.url).path


@pytest.mark.parametrize("username", list(ROLES))
def test_each_demo_role_logs_in_and_reaches_its_own_home_page(page, screenshot, username):
    badge, display_name, heading = ROLES[username]
    log_in(page, username)

    assert path_of(page) == "/"
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    assert page.locator(".role-badge").inner_text().strip() in zh(badge)
    expect(page.locator(".topbar .whoami")).to_have_text(display_name)
    title = page.locator("main h1")
    expect(title).to_be_visible()
    if heading:
        expect(title).to_have_text(heading)
    else:
        assert title.inner_text().strip() not in zh("Home"), "the account's community is missing from its home page"
    screenshot(page, f"{username}-home")


def test_a_wrong_password_shows_a_message_and_the_right_one_still_works(page):
    log_in(page, "company", "not-the-password")

    assert path_of(page) == "/login"
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_have_id("login-error")
    assert alert.inner_text().strip() in zh("Wrong username or password.")
    expect(page.locator("#username")).to_have_value("company")
    expect(page.locator(".whoami")).to_have_count(0)

    page.locator("#password").fill("changxiao-demo")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    assert path_of(page) == "/"
    assert page.locator(".role-badge").inner_text().strip() in zh("Property company")


def test_logging_out_returns_to_the_login_page_and_home_then_asks_for_a_login(page):
    log_in(page, "bureau")
    assert path_of(page) == "/"

    log_out(page)
    assert path_of(page) == "/login"
    expect(page.locator("#username")).to_be_visible()
    expect(page.locator(".whoami")).to_have_count(0)

    page.goto("/")
    assert path_of(page) == "/login"
    expect(page.locator("#password")).to_be_visible()
