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


def test_a_committee_member_limits_a_decision_to_units_of_two_buildings_then_deletes_the_draft(page, screenshot):
    log_in(page, "committee")
    page.goto("/decisions")
    page.get_by_role("link", name=OPEN_TITLE).click()
    page.locator("nav.crumbs a").nth(1).click()  # the community
    page.get_by_role("link", name=zh("New decision")[0]).click()
    form = page.locator("#decision-form")
    form.locator("#f-matter").select_option("rebuild")
    form.locator("#f-title").fill("1号楼、2号楼一单元加装电梯")
    form.locator("#f-opens_on").fill("2099-01-01")
    form.locator("#f-closes_on").fill("2099-01-20")
    picked = []
    for building in ("1号楼", "2号楼"):
        form.get_by_role("link", name=zh("Choose units of %(building)s")[0] % {"building": building}).click()
        units = form.locator(".units-of", has_text=building).locator("input[name=household_ids]")
        expect(units.first).to_be_visible()
        for index in (0, 1):
            units.nth(index).check()
            picked.append(units.nth(index).get_attribute("value"))
    screenshot(page, "decision-unit-picker")
    with page.expect_navigation():
        form.get_by_role("button", name=zh("Save the draft")[0]).click()
    expect(page.locator(".flash")).to_contain_text(zh("Decision drafted. Check it, then open it for voting.")[0])
    expect(page.locator("dl.facts")).to_contain_text(zh("The owners of the %(n)s units concerned")[0] % {"n": 4})
    page.get_by_role("link", name=zh("Edit the draft")[0]).click()
    ticked = page.locator("input[name=household_ids]:checked")
    expect(ticked).to_have_count(4)
    assert sorted(ticked.nth(i).get_attribute("value") for i in range(4)) == sorted(picked)
    page.get_by_role("link", name=zh("Cancel")[0]).click()
    page.get_by_role("button", name=zh("Delete the draft")[0]).click()
    expect(page.locator("h1")).to_have_text(zh("Delete the draft?")[0])
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Delete the draft")[0]).click()
    expect(page.locator(".flash")).to_contain_text(zh("The draft was deleted.")[0])
