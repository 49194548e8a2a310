"""An htmx request that fails says so: it is not swapped into the page (htmx-config in base.html), so
without static/app.js a click on an expired form or a vanished server seemed to do nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, zh

pytestmark = pytest.mark.browser


def test_a_form_from_an_ended_session_says_it_expired(page):
    log_in(page, "street")
    page.goto("/communities/new")
    form = page.locator("#community-form")
    expect(form).to_be_visible()

    # The same person logs out and in again in another tab: this tab's form carries the old
    # session's token.
    other = page.context.new_page()
    other.goto("/")
    log_out(other)
    log_in(other, "street")
    other.close()

    page.locator("#f-name").fill("过期表单小区")
    page.locator("#community-form button[type=submit]").click()

    alert = page.locator("main .flash [role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(zh("This page has expired")[0])
    expect(form).to_be_visible()  # the form stays as it was, with what was typed
    expect(page.locator("#f-name")).to_have_value("过期表单小区")


def test_a_server_out_of_reach_is_reported(page):
    log_in(page, "street")
    page.goto("/communities")
    page.route("**/communities?*", lambda route: route.abort("connectionrefused"))
    page.locator("#q").press_sequentially("小区", delay=20)
    alert = page.locator("main .flash [role=alert]")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(zh("The server cannot be reached")[0])
