"""A company's credit score explains itself line by line, and an objection goes round: the demo
company's objection to a penalty is upheld by the bureau, a recompute started from the rankings
page takes the line out, and the company files another objection from its own page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, zh

pytestmark = pytest.mark.browser


def _total(page) -> float:
    return float(page.locator("[data-total]").inner_text().strip())


def test_a_score_explains_itself_and_an_objection_goes_round(page, screenshot):
    log_in(page, "company")
    with page.expect_navigation():
        page.get_by_role("link", name=zh("My credit score")[0]).first.click()
    lines = page.locator("#credit-lines tbody tr")
    expect(lines.first).to_contain_text(zh("Base")[0])
    for kind in ("Old communities managed (item 15)", "Commendation by the housing bureau", "Penalty by the housing bureau"):
        expect(page.locator("#credit-lines")).to_contain_text(zh(kind)[0])
    penalty = lines.filter(has_text=zh("Penalty by the housing bureau")[0])
    expect(penalty).to_contain_text("城东住建罚〔2026〕7号")
    expect(penalty).to_contain_text("-5.0")
    expect(penalty).to_contain_text(zh("Objection awaiting the bureau's answer")[0])
    before = _total(page)
    # The lines add up to the score: base + every line's points.
    points = [float(cell.strip()) for cell in page.locator("#credit-lines tbody td.num").all_inner_texts()
              if cell.strip() != "—"]
    assert round(sum(points), 1) == before
    screenshot(page, "credit-company-score")
    log_out(page)

    log_in(page, "bureau")
    page.goto("/credit/objections")
    with page.expect_navigation():
        page.get_by_role("link", name="青海安居物业服务有限公司").first.click()
    expect(page.locator("dl.facts")).to_contain_text("当日已完成清运")
    page.get_by_label(zh("Uphold: the record no longer counts")[0]).check()
    page.locator("#f-answer").fill("经核实，当日已清运，撤销该处罚")
    with page.expect_navigation():
        page.get_by_role("button", name=zh("Send the answer")[0]).click()
    expect(page.get_by_text(zh("Your answer is recorded: the next recompute respects it.")[0])).to_be_visible()
    page.goto("/credit")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(re.escape(zh("Recompute cycle %(cycle)s now")[0].split("%")[0]))).click()
    expect(page.locator(".job")).to_have_class(re.compile(r"job-done"), timeout=30_000)
    screenshot(page, "credit-recompute-job")
    page.goto("/credit")
    expect(page.locator("#rankings tbody")).to_contain_text("青海安居物业服务有限公司")
    log_out(page)

    log_in(page, "company")
    page.goto("/credit/mine")
    penalty = page.locator("#credit-lines tbody tr").filter(has_text=zh("Penalty by the housing bureau")[0])
    expect(penalty).to_contain_text(zh("Taken out: the objection was upheld.")[0])
    assert _total(page) == round(before + 5.0, 1)
    expect(page.locator("#credit-objections")).to_contain_text("经核实，当日已清运，撤销该处罚")
    old = page.locator("#credit-lines tbody tr").filter(has_text=zh("Old communities managed (item 15)")[0])
    old.get_by_text(zh("Object to this line")[0]).click()
    old.locator("textarea").fill("我司自今年三月起还接管了和平家园，未计入")
    with page.expect_navigation():
        old.get_by_role("button", name=zh("Send the objection")[0]).click()
    expect(page.get_by_text(zh("Your objection is with the housing bureau: it answers by the day shown.")[0])).to_be_visible()
    old = page.locator("#credit-lines tbody tr").filter(has_text=zh("Old communities managed (item 15)")[0])
    expect(old).to_contain_text(zh("Objection awaiting the bureau's answer")[0])
    screenshot(page, "credit-company-objected")
