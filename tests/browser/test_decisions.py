"""Owners' decisions in a real browser: an owner votes from a phone-sized page and changes his mind; a
committee member enters a signed paper ballot; the notice prints with its QR code. On the demo data:
its open decision (charging points, item 8) and its closed, approved one (the entrance gates)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, zh

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}
OPEN_TITLE = "在架空层增设电动自行车充电桩"
CLOSED_TITLE = "更换小区门禁系统"


def test_an_owner_votes_on_a_phone_and_may_change_his_vote(page, screenshot):
    page.set_viewport_size(PHONE)
    log_in(page, "owner")
    page.goto("/decisions")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.get_by_role("link", name=zh("Vote")[0], exact=True).click()
    ballot = page.locator("form.ballot").first
    ballot.get_by_label(zh("Against")[0]).check()
    with page.expect_navigation():
        ballot.get_by_role("button", name=zh("Submit my vote")[0]).click()
    expect(page.locator(".flash")).to_contain_text(zh("Your vote is recorded. You may change it until voting closes.")[0])
    expect(page.locator("form.ballot").first).to_contain_text(zh("Against")[0])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the ballot page scrolls sideways"
    screenshot(page, "phone-owner-ballot")
    ballot = page.locator("form.ballot").first
    ballot.get_by_label(zh("In favour")[0]).check()
    with page.expect_navigation():
        ballot.get_by_role("button", name=zh("Submit my vote")[0]).click()
    expect(page.locator("form.ballot").first.locator(".notice")).to_contain_text(zh("In favour")[0])


def test_a_committee_member_enters_a_paper_ballot(page, screenshot):
    log_in(page, "committee")
    page.goto("/decisions")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.get_by_role("link", name=zh("Enter paper ballots")[0]).click()
    form = page.locator("#paper-form")
    form.locator("#f-head_id").select_option(index=3)
    chosen = form.locator("#f-head_id option:checked").inner_text().split(" · ")[0]
    form.get_by_label(zh("In favour")[0]).check()
    form.locator("#f-reference").fill("纸票-浏览器-001")
    with page.expect_navigation():
        form.get_by_role("button", name=zh("Record the ballot")[0]).click()
    expect(page.locator(".flash")).to_contain_text(zh("Ballot recorded.")[0])
    row = page.locator("#register tr", has_text="纸票-浏览器-001")
    expect(row).to_contain_text(chosen)
    expect(row).to_contain_text(zh("In favour")[0])
    screenshot(page, "committee-paper-ballots")


def test_the_closed_decision_shows_its_frozen_result_and_the_open_one_its_notice(page, screenshot):
    log_in(page, "committee")
    page.goto("/decisions")
    page.get_by_role("link", name=CLOSED_TITLE).click()
    expect(page.locator("#tally")).to_contain_text(zh("Approved")[0])
    page.get_by_role("link", name=zh("Published result")[0]).click()
    expect(page.locator("h1")).to_have_text(zh("Public notice of the result of an owners' joint decision")[0])
    screenshot(page, "decision-result")
    page.goto("/decisions")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.get_by_role("link", name=zh("Printable notice")[0]).click()
    expect(page.locator(".qr svg")).to_be_visible()
    screenshot(page, "decision-notice")
