"""The language switch in the top bar: Chinese by default, English on request, and the choice
kept across reloads, pages and a login."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, switch_language, zh

pytestmark = pytest.mark.browser


def heading_and_button(page) -> tuple[str, str]:
    return page.locator("main h1").inner_text().strip(), page.locator("form.form button[type=submit]").inner_text().strip()


def test_the_language_switch_changes_the_page_and_the_choice_persists(page, screenshot):
    page.goto("/login")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "zh-CN")
    chinese = heading_and_button(page)
    assert chinese[0] in zh("Log in") and chinese[1] in zh("Log in")

    switch_language(page, "English")
    expect(html).to_have_attribute("lang", "en")
    assert heading_and_button(page) == ("Log in", "Log in")
    expect(page.get_by_role("button", name="English", exact=True)).to_have_attribute("aria-pressed", "true")
    if zh("Log in") != ("Log in",):  # once the catalog has a translation, the two UIs differ
        assert chinese != ("Log in", "Log in")

    page.reload()
    expect(html).to_have_attribute("lang", "en")
    assert heading_and_button(page) == ("Log in", "Log in")

    # Logged out, the choice is only a cookie; it must survive logging in and moving on.
    log_in(page, "committee")
    expect(html).to_have_attribute("lang", "en")
    expect(page.locator(".role-badge")).to_have_text("Owner committee")
    screenshot(page, "committee-home-en")
    with page.expect_navigation():
        page.get_by_role("link", name="Open the community's page").click()
    assert re.fullmatch(r"/communities/\d+", urlsplit(page.url).path)
    expect(html).to_have_attribute("lang", "en")
    section_titles = [title.strip() for title in page.locator("main h2").all_inner_texts()]
    assert section_titles, "the community page has no sections"
    screenshot(page, "committee-community-en")

    switch_language(page, "中文")
    expect(html).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("button", name="中文", exact=True)).to_have_attribute("aria-pressed", "true")
    # The same page, now in Chinese: each section title is the catalog's translation of its English one.
    chinese_titles = [title.strip() for title in page.locator("main h2").all_inner_texts()]
    assert len(chinese_titles) == len(section_titles)
    for english, chinese in zip(section_titles, chinese_titles):
        assert chinese in zh(english), f"{english!r} is shown as {chinese!r} in Chinese"
    page.goto("/")
    expect(html).to_have_attribute("lang", "zh-CN")
    assert page.locator(".role-badge").inner_text().strip() in zh("Owner committee")
