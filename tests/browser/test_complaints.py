"""A complaint's round trip as its users meet it: the owner files one from his community's page, the
company finds it on its home and responds (htmx swaps the timeline in place), the owner sees the new
response on his home, reads it and closes the complaint, satisfied."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, zh

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
SUBJECT = "单元门禁坏了"


def test_owner_files_company_responds_owner_reads_and_closes(page, screenshot):
    log_in(page, "owner")
    page.goto("/communities")
    with page.expect_navigation():
        page.locator("table a[href^='/communities/']").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("File a complaint")[0]).click()
    page.locator("#f-subject").fill(SUBJECT)
    page.locator("#f-text").fill("5号楼1单元门禁刷卡没反应，老人进不了门。")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send the complaint")[0]).click()
    expect(page.get_by_text(zh("The complaint is filed and sent to whoever must answer it.")[0])).to_be_visible()
    expect(page.locator("#complaint h1")).to_have_text(SUBJECT)
    log_out(page)

    log_in(page, "company")
    section = page.locator("section", has=page.get_by_role("heading", name=zh("Complaints awaiting your response")[0]))
    with page.expect_navigation():
        section.get_by_role("link", name=SUBJECT).click()
    page.locator("#f-respond").fill("维修人员今天下午上门更换门禁读卡器。")
    page.get_by_role("button", name=zh("Send the response")[0]).click()  # htmx: the timeline is redrawn in place
    expect(page.locator("#complaint .timeline")).to_contain_text("维修人员今天下午上门更换门禁读卡器。")
    expect(page.locator("#complaint")).to_contain_text(zh("Responded")[0])
    screenshot(page, "complaint-company-responded")
    log_out(page)

    page.set_viewport_size(PHONE)
    log_in(page, "owner")
    mine = page.locator("section", has=page.get_by_role("heading", name=zh("Your complaints")[0]))
    item = mine.locator("li", has_text=SUBJECT)
    expect(item).to_contain_text(zh("New response")[0])
    with page.expect_navigation():
        item.get_by_role("link", name=SUBJECT).click()
    expect(page.locator("#complaint .timeline")).to_contain_text("维修人员今天下午上门更换门禁读卡器。")
    page.get_by_role("button", name=zh("Satisfied: close the complaint")[0]).click()
    expect(page.locator("#complaint")).to_contain_text(zh("Complainant satisfied")[0])
    expect(page.locator("#complaint .timeline li").last).to_contain_text(zh("Closed")[0])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-complaint-closed")


def test_the_street_lists_its_areas_complaints_and_filters_them(page, screenshot):
    log_in(page, "street")
    page.goto("/complaints")
    rows = page.locator("#complaint-list tbody tr")
    expect(rows.filter(has_text="夜间装修噪音")).to_have_count(1)  # the demo's hotline complaint, still open
    page.locator("#f-channel").select_option("hotline_12345")
    page.get_by_role("button", name=zh("Filter")[0]).click()  # htmx: the list is redrawn in place
    expect(page).to_have_url(re.compile(r"channel=hotline_12345"))
    expect(rows.filter(has_text="垃圾清运不及时")).to_have_count(0)
    expect(rows.filter(has_text="夜间装修噪音")).to_have_count(1)
    screenshot(page, "complaints-street-list")
