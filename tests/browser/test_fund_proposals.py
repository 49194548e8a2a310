"""A use of the fund as the committee meets it: propose a repair for one building and see its cost
apportioned among that building's households by floor area, exactly to the budget."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, zh

pytestmark = pytest.mark.browser


def test_the_committee_proposes_a_use_for_one_building_and_sees_it_apportioned(page, screenshot):
    log_in(page, "committee")
    page.goto("/committee")
    community = re.search(r"/communities/(\d+)/", page.url).group(1)
    page.goto(f"/communities/{community}/fund")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Uses of the fund")[0]).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name=zh("Propose a use")[0]).click()
    page.locator("#f-title").fill("屋面防水维修")
    page.locator("#f-budget").fill("12,345.67")
    page.locator("#f-contractor").fill("青海建工集团")
    page.get_by_label(zh("Some buildings")[0]).check()
    first_building = page.locator("input[name=building_ids]").first
    building = first_building.locator("xpath=..").inner_text().strip()
    first_building.check()
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Save the proposal")[0]).click()
    expect(page.get_by_text(zh("The proposal is saved as a draft. Check the apportionment, then put it to the owners' vote.")[0])).to_be_visible()
    table = page.locator("#apportionment")
    expect(table.locator("tfoot")).to_contain_text("¥12,345.67")
    units = table.locator("tbody tr td:first-child").all_inner_texts()
    prefix = units[0].split(" ·")[0] if units else ""  # the building's number, as the label shows it
    assert units and prefix and prefix in building and all(unit.startswith(prefix + " ·") for unit in units)
    shares = table.locator("tbody tr td:nth-child(4)").all_inner_texts()
    assert sum(round(float(s.replace("¥", "").replace(",", "")) * 100) for s in shares) == 1_234_567
    screenshot(page, "fund-proposal")
