"""An owner activates his account on his phone with the code from a slip the street office printed,
sets his password, and sees his units; the slips page prints as A4 sheets of slips."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, zh

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def _print_a_slip(page, screenshot) -> tuple[str, str, str]:
    """The street office prints building 2's slips: (unit as printed, code, the owner's phone)."""
    log_in(page, "street")
    page.goto("/communities/1")
    with page.expect_navigation():
        page.locator("#owner-codes a").click()
    page.locator("input[name=buildings]").nth(1).check()
    with page.expect_navigation():
        page.locator("form.form button.primary").click()
    slip = page.locator("article.slip").first
    expect(slip.locator("svg.qr")).to_be_visible()
    unit = slip.locator(".slip-unit").inner_text()
    code = slip.locator(".slip-code").inner_text()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}", code)
    screenshot(page, "owner-slips")
    page.emulate_media(media="print")
    assert not page.locator("header.topbar").is_visible()  # only the slips go to paper
    screenshot(page, "owner-slips-print")
    page.emulate_media(media="screen")
    # The codes list shows the household's slip as issued, with the owner's phone (staff see it whole).
    page.goto("/communities/1/owner-codes")
    building, number = unit.split(" · ")
    page.locator("#f-building").select_option(label=building)
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Show")[0]).click()
    row = page.locator("#code-rows tbody tr", has=page.locator("td", has_text=re.compile(f"^{re.escape(number)}$")))
    expect(row.locator("td").nth(4)).to_contain_text(zh("Slip issued")[0])
    phone = row.locator("td").nth(3).inner_text().strip()
    log_out(page)
    return unit, code, phone


def test_an_owner_activates_on_his_phone_with_a_slips_code_and_sees_his_units(page, browser, live_server, screenshot):
    unit, code, phone = _print_a_slip(page, screenshot)
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    owner = context.new_page()
    try:
        owner.goto(f"/activate?code={code.replace('-', '').lower()}")  # what the slip's QR code opens
        expect(owner.locator("#f-code")).to_have_value(code)
        owner.locator("#f-phone").fill("13000000000")  # not his
        owner.locator("#f-password").fill("wo-de-mima-2026")
        owner.locator("#f-confirm").fill("wo-de-mima-2026")
        owner.locator("#activate-form button.primary").click()
        expect(owner.locator("#f-phone-error")).to_be_visible()
        assert owner.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(owner, "owner-activate-wrong-phone")

        owner.locator("#f-phone").fill("+86 " + phone[:3] + " " + phone[3:7] + " " + phone[7:])
        owner.locator("#f-password").fill("wo-de-mima-2026")
        owner.locator("#f-confirm").fill("wo-de-mima-2026")
        with owner.expect_navigation(url=re.compile(r"/my/units")):
            owner.locator("#activate-form button.primary").click()
        expect(owner.locator(".flash .notice")).to_be_visible()
        building, number = unit.split(" · ")
        card = owner.locator("li.unit", has_text=number)
        expect(card).to_contain_text(building)
        assert owner.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
        expect(owner.locator("nav.mainnav")).to_contain_text(zh("My units")[0])
        screenshot(owner, "owner-my-units")

        # Next time he logs in with his phone number and the password he set.
        log_out(owner)
        log_in(owner, phone, "wo-de-mima-2026")
        owner.goto("/my/units")
        expect(owner.locator("li.unit", has_text=number)).to_be_visible()
        # The code was used up: a second activation with it is refused.
        log_out(owner)
        owner.goto(f"/activate?code={code}")
        owner.locator("#f-phone").fill(phone)
        owner.locator("#f-password").fill("another-pass-99")
        owner.locator("#f-confirm").fill("another-pass-99")
        owner.locator("#activate-form button.primary").click()
        expect(owner.locator("#f-code-error")).to_be_visible()
    finally:
        context.close()
