"""A committee member on a phone enters a signed paper ballot with a photo taken of it: the register
shows the thumbnail, which opens the photo, upright and without its GPS position; a script dressed as
a JPEG is refused with a message. On the demo data's open decision."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.helpers import log_in, zh
from tests.photos.images import SCRIPT_NAMED_JPG, phone_photo

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
OPEN_TITLE = "在架空层增设电动自行车充电桩"


def _paper_form(page):
    page.set_viewport_size(PHONE)
    log_in(page, "committee")
    page.goto("/decisions")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.get_by_role("link", name=zh("Enter paper ballots")[0]).click()
    return page.locator("#paper-form")


def test_a_committee_member_enters_a_paper_ballot_with_a_photo_on_a_phone(page, screenshot, tmp_path):
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(phone_photo(1600, 1200))
    form = _paper_form(page)
    expect(form.locator("#f-photo")).to_have_attribute("accept", "image/*")
    expect(form.locator("#f-photo")).to_have_attribute("capture", "environment")
    form.locator("#f-head_id").select_option(index=5)
    form.get_by_label(zh("Against")[0]).check()
    form.locator("#f-photo").set_input_files(str(photo))
    form.locator("#f-proxy_name").fill("王五")
    form.locator("#f-proxy_reference").fill("委托书-照片-001")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the form scrolls sideways"
    with page.expect_navigation():
        form.get_by_role("button", name=zh("Record the ballot")[0]).click()
    expect(page.locator(".flash")).to_contain_text(zh("Ballot recorded.")[0])
    row = page.locator("#register tr", has_text="委托书-照片-001")
    thumbnail = row.locator("img.thumb")
    expect(thumbnail).to_have_count(1)
    expect(thumbnail).to_be_visible()
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    assert thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [240, 320]  # upright, 320 px
    screenshot(page, "phone-paper-ballot-photo")
    link = row.locator("a:has(img.thumb)")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"].startswith("private")
    served = Image.open(io.BytesIO(response.body()))
    assert served.size == (1200, 1600) and dict(served.getexif()) == {}


def test_a_script_named_jpg_is_refused_with_a_message_on_the_phone(page):
    form = _paper_form(page)
    form.locator("#f-head_id").select_option(index=6)
    form.get_by_label(zh("In favour")[0]).check()
    form.locator("#f-photo").set_input_files(files=[{"name": "ballot.jpg", "mimeType": "image/jpeg",
                                                     "buffer": SCRIPT_NAMED_JPG}])
    with page.expect_navigation():
        form.get_by_role("button", name=zh("Record the ballot")[0]).click()
    expect(page.locator("#paper-form")).to_contain_text(
        zh("This file is not a photo: choose a JPEG, PNG or WebP picture.")[0])
    expect(page.locator("#paper-form")).to_contain_text(zh("Choose the photos again before sending the form.")[0])
