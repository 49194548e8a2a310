"""The Content-Security-Policy breaks nothing: clicking through the pages a street office and a
bureau use, with htmx searching, posting and swapping, Chromium reports no violation at all."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, zh

pytestmark = pytest.mark.browser

# Collects what the page itself is told about blocked content (Playwright's init script runs
# outside the policy, as an extension would).
WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


def test_no_page_violates_the_content_security_policy(page):
    reported: list[str] = []
    page.on("console", lambda message: reported.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: reported.append(f"page error: {error}"))
    page.add_init_script(WATCH)

    def visit(path: str) -> None:
        response = page.goto(path)
        assert response is not None and response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        reported.extend(page.evaluate("window.__cspViolations"))

    log_in(page, "street")
    for path in ("/", "/communities", "/companies", "/bundles", "/regions", "/overview", "/communities/plan"):
        visit(path)

    # htmx under the policy: a live search swaps the results in…
    visit("/communities")
    page.locator("#q").press_sequentially("小区", delay=20)
    expect(page).to_have_url(re.compile(r"[?&]q="))
    with page.expect_navigation():
        page.locator("#community-results tbody tr td:first-child a").first.click()
    reported.extend(page.evaluate("window.__cspViolations"))

    # …and a form posted through htmx (with the session's CSRF token from hx-headers) comes back
    # with its messages swapped in.
    visit("/account/password")
    page.locator("#f-current").fill("not-my-password")
    page.locator("#f-new").fill("a-brand-new-secret")
    page.locator("#f-confirm").fill("a-brand-new-secret")
    page.locator("#password-form button[type=submit]").click()
    error = page.locator("#f-current-error")
    expect(error).to_be_visible()
    assert error.inner_text().strip() in zh("This is not your current password.")
    reported.extend(page.evaluate("window.__cspViolations"))
    log_out(page)

    log_in(page, "bureau")
    for path in ("/", "/audit", "/settings", "/accounts"):
        visit(path)
    page.locator("#q").press_sequentially("stree", delay=20)
    expect(page).to_have_url(re.compile(r"[?&]q=stree"))
    expect(page.locator("#account-rows tbody tr").first).to_contain_text("street")
    reported.extend(page.evaluate("window.__cspViolations"))

    assert reported == []
