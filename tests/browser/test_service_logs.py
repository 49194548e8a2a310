"""A property company's staff log a service from a phone: from the home page's "this week" block, a
few taps (community preselected or picked, the kind of service, the hours) and a photo from the
camera; the log shows in the company's list with its thumbnail. A script dressed as a JPEG is refused
with a message next to the photo field. On the demo data."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, zh
from tests.photos.images import SCRIPT_NAMED_JPG, phone_photo

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}


def _form(page):
    page.set_viewport_size(PHONE)
    log_in(page, "company")
    page.goto("/")
    expect(page.locator("#week-logs")).to_contain_text(zh("This week's service logs")[0])
    page.locator("#week-logs").get_by_role("link", name=zh("Log a service")[0]).click()
    form = page.locator("#log-form form")
    expect(form.locator("#f-photos")).to_have_attribute("capture", "environment")
    expect(form.locator("#f-photos")).to_have_attribute("accept", "image/*")
    expect(form.locator("#f-photos")).to_have_attribute("multiple", "")
    if not form.locator("#f-community").input_value():
        form.locator("#f-community").select_option(index=1)
    return form


def test_a_company_user_logs_a_service_with_a_photo_from_a_phone(page, screenshot, tmp_path):
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_photo(1600, 1200))
    form = _form(page)
    form.get_by_label(zh("Cleaning")[0], exact=True).check()
    form.locator("#f-hours").fill("1.5")
    form.locator("#f-notes").fill("清扫3号楼楼道（浏览器测试）")
    form.locator("#f-photos").set_input_files(str(photo))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the form scrolls sideways"
    screenshot(page, "phone-service-log-form")
    with page.expect_navigation():
        form.get_by_role("button", name=zh("Log the service")[0]).click()
    expect(page.locator(".flash")).to_contain_text(zh("The service is logged.")[0])
    row = page.locator("#log-list tr", has_text="清扫3号楼楼道（浏览器测试）")
    thumbnail = row.locator("img.thumb")
    expect(thumbnail).to_have_count(1)
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    assert thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [240, 320]  # upright
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the list scrolls sideways"
    screenshot(page, "phone-service-log-list")
    row.get_by_role("link").first.click()
    expect(page.locator(".log-photos img")).to_have_count(1)


def test_a_script_named_jpg_is_refused_with_a_message_on_the_phone(page, tmp_path):
    evil = tmp_path / "photo.jpg"
    evil.write_bytes(SCRIPT_NAMED_JPG)
    form = _form(page)
    form.get_by_label(zh("Repair")[0], exact=True).check()
    form.locator("#f-hours").fill("2")
    form.locator("#f-photos").set_input_files(str(evil))
    form.get_by_role("button", name=zh("Log the service")[0]).click()
    expect(page.locator("#log-form .field-error").first).to_contain_text(
        zh("This file is not a photo: choose a JPEG, PNG or WebP picture.")[0])
    expect(page.locator("#log-form")).to_contain_text(zh("Choose the photos again before sending the form.")[0])
