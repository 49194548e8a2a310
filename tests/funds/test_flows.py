"""The fund page's money by month: one grouped query over the last twelve months, in China's time
(an entry posted at 00:30 on the 1st in Xining belongs to that month though it is the 31st in UTC),
drawn as SVG bars with the same figures in a table."""

from __future__ import annotations

from datetime import date, datetime

from app.funds import charts
from app.funds.services.flows import monthly_flows
from tests.factories import login
from tests.funds.helpers import make_fund, post, principal


def test_the_twelve_months_end_with_this_one_across_a_new_year():
    firsts = charts.last_months(date(2026, 3, 15))
    assert firsts[0] == date(2025, 4, 1) and firsts[-1] == date(2026, 3, 1) and len(firsts) == 12


def test_each_month_closes_at_todays_balance_less_what_moved_after_it():
    firsts = charts.last_months(date(2026, 3, 15), 3)
    months = charts.months_of(firsts, {"2026-01": (500, 100), "2026-03": (200, 0)}, 600)
    assert [(m.key, m.inflow_fen, m.outflow_fen, m.closing_fen) for m in months] == [
        ("2026-01", 500, 100, 400), ("2026-02", 0, 0, 400), ("2026-03", 200, 0, 600)]


def test_bars_scale_to_the_largest_amount_and_a_small_amount_stays_visible():
    months = [charts.Month("2026-01", 1_000_000, 1, 0), charts.Month("2026-02", 0, 0, 0)]
    (_, tall, tiny), (_, none_in, none_out) = charts.bars(months)
    assert tall.height == charts.HEIGHT and tall.y == 0
    assert tiny.height == 1 and tiny.y == charts.HEIGHT - 1
    assert none_in.height == none_out.height == 0
    assert tiny.x > tall.x and none_in.x > tiny.x + tiny.width


async def test_money_in_and_out_by_month_in_chinas_time(clock):
    fund = await make_fund()
    dave = await principal("dave")
    clock.set(datetime(2026, 10, 1, 0, 30))  # 2026-09-30 16:30 in UTC: still October in Xining
    await post(dave, fund.community, "deposit", 300_000, fund.units["1-101"])
    clock.set(datetime(2026, 11, 20, 9, 0))
    await post(dave, fund.community, "deposit", 50_000, fund.units["1-102"])
    await post(dave, fund.community, "use", -20_000, fund.units["1-101"])
    clock.set(datetime(2025, 11, 30, 23, 0))  # thirteen months ago: before the window
    await post(dave, fund.community, "deposit", 7_000, fund.units["1-103"])
    clock.set(datetime(2026, 11, 25, 10, 30))
    months = await monthly_flows(fund.community, 337_000)
    by_key = {m.key: m for m in months}
    assert len(months) == 12 and months[0].key == "2025-12" and months[-1].key == "2026-11"
    assert (by_key["2026-10"].inflow_fen, by_key["2026-10"].outflow_fen) == (300_000, 0)
    assert (by_key["2026-11"].inflow_fen, by_key["2026-11"].outflow_fen) == (50_000, 20_000)
    assert by_key["2026-09"].inflow_fen == 0 and by_key["2026-09"].closing_fen == 7_000
    assert by_key["2026-10"].closing_fen == 307_000 and by_key["2026-11"].closing_fen == 337_000


async def test_the_fund_page_draws_the_chart_and_its_table(client, clock):
    fund = await make_fund()
    await post(await principal("dave"), fund.community, "deposit", 285_138, fund.units["1-101"])
    assert (await login(client, "dave")).status_code == 303
    client.cookies.set("cx_lang", "en")
    page = (await client.get(f"/communities/{fund.community}/fund")).text
    assert '<svg viewBox="0 0 480 178" role="img"' in page
    assert 'class="flow-in"><title>2026-11 · In ¥2,851.38</title>' in page
    assert "<th scope=\"row\">2026-11</th>" in page and "Balance at month end" in page
