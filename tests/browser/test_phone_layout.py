"""On a phone (375 px wide) the community list's rows become cards: each value shows its column's
name before it, on the same line, and nothing runs off the screen. At desktop width the table
keeps its header row and no cell repeats it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, zh

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}

# For each cell of the first row: its label (the ::before content), where the label's float sits,
# and where the value's own content starts and ends, against the cell's box.
CELLS = """rows => [...rows[0].querySelectorAll('td')].map(td => {
  const before = getComputedStyle(td, '::before');
  const range = document.createRange();
  range.selectNodeContents(td);
  const value = range.getBoundingClientRect(), box = td.getBoundingClientRect();
  return {label: td.dataset.label, content: before.content, float: before.float, numeric: td.classList.contains('num'),
          valueLeft: value.left - box.left, valueRight: box.right - value.right, valueTop: value.top - box.top,
          paddingLeft: parseFloat(getComputedStyle(td).paddingLeft)};
})"""


def test_on_a_phone_every_value_in_the_community_list_follows_its_column_name(page, screenshot):
    page.set_viewport_size(PHONE)
    log_in(page, "street")
    page.goto("/communities")
    results = page.locator("#community-results")
    expect(results.locator("thead")).to_be_hidden()
    rows = results.locator("tbody tr")
    assert rows.count() > 1

    cells = rows.evaluate_all(CELLS)
    assert [cell["label"] for cell in cells[:2]] == [zh("Name")[0], zh("Residents' community")[0]]
    for cell in cells:
        assert cell["label"], "a cell of the community list has no label"
        assert cell["content"] == f'"{cell["label"]}"', "the label is not rendered before the value"
        assert cell["float"] == "left"
        # The value sits to the right of its label, on the label's line, not under it.
        assert cell["valueLeft"] >= cell["paddingLeft"] - 1 and cell["paddingLeft"] > 60
        assert cell["valueTop"] < 12
        if cell["numeric"]:
            assert cell["valueRight"] < 2, "a number is not right-aligned"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
    screenshot(page, "phone-communities")

    page.goto("/communities/1")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for figure in page.locator(".figure").all():
        expect(figure.locator(".figure-label")).to_be_visible()
    screenshot(page, "phone-community")

    page.goto("/overview")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for figure in page.locator(".figure").all():
        expect(figure.locator(".figure-label")).to_be_visible()
    screenshot(page, "phone-overview")


def test_at_desktop_width_the_list_keeps_its_header_row_and_no_cell_repeats_it(page):
    log_in(page, "street")
    page.goto("/communities")
    results = page.locator("#community-results")
    expect(results.locator("thead")).to_be_visible()
    cells = results.locator("tbody tr").evaluate_all(CELLS)
    assert cells and all(cell["content"] in ("none", "normal") for cell in cells)
