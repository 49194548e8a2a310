"""Satisfaction as the pages show it, at the target's boundaries (exactly 90% meets it, one rating
less does not), too few ratings to judge, over a month, quarter and year, per community, street and
company; each reader sees only his own area's or company's."""

import re

import pytest

from app.operations.ratings.services.tallies import refresh_open_periods
from app.operations.ratings.tables import RatingTally
from tests.factories import login
from tests.operations.ratings.helpers import add_ratings, make_place


def _row(html: str, name: str) -> str:
    match = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(name) + r"(?:(?!</tr>).)*</tr>", html, re.S)
    assert match, f"no row for {name}"
    return match.group(0)


async def _figures():
    """Community A: 9 of 10 satisfied (exactly 90%); B: 26 of 29 (89.66%: 89.7% shown); the other
    street's community: 9 ratings, too few. All in November 2026, while company A managed A and B."""
    place = await make_place()
    w = place.world
    await add_ratings(w.community_a, {5: 5, 4: 4, 3: 1}, company=w.company_a, refresh=False)
    await add_ratings(w.community_b, {5: 20, 4: 6, 2: 3}, company=w.company_a, refresh=False)
    await add_ratings(w.community_other_street, {5: 9}, refresh=False)
    await add_ratings(w.community_a, {1: 10}, period="2026-10", company=w.company_b)
    return place


async def test_the_street_page_marks_exactly_90_as_met_and_just_under_as_below(client, clock):
    await _figures()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    html = (await client.get("/satisfaction?span=2026-11")).text
    a, b = _row(html, "幸福小区"), _row(html, "和平家园")
    assert "90.0%" in a and "Meets the target" in a and 'class="short"' not in a
    assert "89.7%" in b and "Below the target" in b and 'class="short"' in b
    assert "清真巷小区" not in html  # mallory's street, not bob's
    assert "Figures as of" in html
    assert "Target 90%" in html


async def test_too_few_ratings_say_so_instead_of_a_percentage(client, clock):
    await _figures()
    client.cookies.set("cx_lang", "en")
    await login(client, "mallory")
    html = (await client.get("/satisfaction?span=2026-11")).text
    row = _row(html, "清真巷小区")
    assert "Too few ratings to judge (9)" in row and "100" not in row


async def test_the_minimum_is_a_setting_and_is_met_at_exactly_its_number(client, clock, configure):
    configure(POLICY_SATISFACTION_MIN_RATINGS="9")
    await _figures()
    client.cookies.set("cx_lang", "en")
    await login(client, "mallory")
    row = _row((await client.get("/satisfaction?span=2026-11")).text, "清真巷小区")
    assert "100.0%" in row and "Meets the target" in row


async def test_a_year_sums_its_months_and_a_quarter_its_three(client, clock):
    await _figures()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    year = _row((await client.get("/satisfaction?span=2026")).text, "幸福小区")
    assert "20" in year and "45.0%" in year and "Below the target" in year  # 9 of 20
    quarter = _row((await client.get("/satisfaction?span=2026-Q4")).text, "幸福小区")
    assert "45.0%" in quarter
    october = _row((await client.get("/satisfaction?span=2026-10")).text, "幸福小区")
    assert "0.0%" in october


async def test_by_street_and_by_company(client, clock):
    await _figures()
    client.cookies.set("cx_lang", "en")
    await login(client, "alice")
    streets = (await client.get("/satisfaction?span=2026-11&by=street")).text
    assert "89.7%" in _row(streets, "东关大街街道")  # 35 of 39 over A and B
    assert "Too few ratings to judge (9)" in _row(streets, "清真巷街道")
    companies = (await client.get("/satisfaction?span=2026&by=company")).text
    assert "青海安居物业服务有限公司" in companies and "西宁宁馨物业管理有限公司" in companies
    assert "0.0%" in _row(companies, "西宁宁馨物业管理有限公司")  # October's ratings, while it managed A


async def test_a_company_sees_the_ratings_given_while_it_managed(client, clock):
    await _figures()
    client.cookies.set("cx_lang", "en")
    await login(client, "carol")
    html = (await client.get("/satisfaction?span=2026&by=street")).text  # a company has only "by community"
    assert "90.0%" in _row(html, "幸福小区") and "89.7%" in _row(html, "和平家园")
    assert "清真巷小区" not in html
    assert "35 of" not in html and "89.7%" in html  # overall: 35 of 39, October's ratings are company B's


async def test_the_table_is_a_fragment_for_htmx_and_bad_spans_fall_back(client, clock):
    await _figures()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    fragment = await client.get("/satisfaction?span=2026-11", headers={"HX-Request": "true",
                                                                        "HX-Target": "satisfaction-table"})
    assert "<html" not in fragment.text and "90.0%" in fragment.text
    for span in ("2026-13", "20x6", "2026-Q5", "1999", "\x00", "9" * 500):
        assert (await client.get("/satisfaction", params={"span": span, "by": "nonsense", "page": "x"})).status_code == 200


@pytest.mark.parametrize("username", ["erin", "dave"])
async def test_owners_and_committees_have_no_area_page(client, clock, username):
    await _figures()
    await login(client, username)
    assert (await client.get("/satisfaction")).status_code == 403


async def test_the_community_page_shows_its_figures_live(client, clock):
    place = await _figures()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    html = (await client.get(f"/communities/{place.world.community_b}")).text
    assert "89.7%" in _row(html, "2026-11") and 'class="short"' in _row(html, "2026-11")
    assert "Print the notice" in html and f"/communities/{place.world.community_b}/feedback" in html


async def test_the_home_pages_show_the_trend_and_the_communities_under_target(client, clock, configure):
    place = await _figures()
    await add_ratings(place.world.community_b, {2: 12}, period="2026-10", company=place.world.company_a)
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")  # today is 2026-11-25: the last closed period is October
    html = (await client.get("/")).text
    assert "under the 90% satisfaction target in 2026-10" in html
    assert "幸福小区" in html and "和平家园" in html
    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    await login(client, "carol")
    html = (await client.get("/")).text
    assert "Satisfaction of your communities" in html
    assert "89.7%" in _row(html, "2026-11") and "0.0%" in _row(html, "2026-10")


async def test_the_job_rebuilds_the_open_periods_only(clock):
    place = await _figures()
    await RatingTally.update({RatingTally.s5: 999}, force=True)
    # November's three communities and October's one, and 2026's rows: A with each company, B, the other street's
    assert await refresh_open_periods() == 4 + 4
    tallies = await RatingTally.select(RatingTally.s5).order_by(RatingTally.id)
    assert 999 not in [row["s5"] for row in tallies]
    await add_ratings(place.world.community_a, {5: 1}, period="2026-09", refresh=False)
    await refresh_open_periods()
    assert await RatingTally.count().where(RatingTally.span == "period") == 4  # September is closed: not recounted


async def test_the_notice_carries_a_qr_code_for_those_who_post_it(client, clock):
    place = await _figures()
    a = place.world.community_a
    for username, status in (("bob", 200), ("dave", 200), ("carol", 200), ("alice", 200), ("erin", 403),
                             ("mallory", 404)):
        client.cookies.clear()
        await login(client, username)
        response = await client.get(f"/communities/{a}/feedback/notice")
        assert response.status_code == status, username
        if status == 200:
            assert "<svg" in response.text and f"/communities/{a}/feedback" in response.text
