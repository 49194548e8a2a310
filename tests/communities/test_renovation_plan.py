"""The renovation plan of a year: its communities, the 2001–2005 share against the 15% line, the ineligible."""

from tests.factories import login, make_community, make_world


async def _plan(**households_by_year):
    """Communities in the 2025 plan of bob's street, e.g. _plan(y1995=85, y2003=15)."""
    for n, (key, households) in enumerate(households_by_year.items()):
        year = int(key[1:5])
        await make_community(name=f"计划小区{year}{n}", code=f"630102001001{200 + n:03d}", year_built=year,
                             household_count=households, renovation_year=2025, renovation_status="planned")


async def test_exactly_15_percent_of_2001_to_2005_households_is_allowed(client):
    await make_world()
    await _plan(y1995=85, y2003=15)
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get("/communities/plan", params={"year": 2025})
    assert page.status_code == 200
    assert "计划小区19950" in page.text and "计划小区20031" in page.text
    assert "15.0%" in page.text and 'id="plan-warning"' not in page.text and "Within the policy" in page.text


async def test_more_than_15_percent_is_warned_about(client):
    await make_world()
    await _plan(y1995=84, y2003=16)
    await login(client, "bob")
    page = await client.get("/communities/plan", params={"year": 2025})
    assert 'id="plan-warning"' in page.text and "16.0%" in page.text


async def test_just_over_15_percent_shows_enough_digits_to_be_true(client):
    """15.01% is over the line: the warning must not say "15.0% … more than the 15% allowed"."""
    await make_world()
    await _plan(y1995=8499, y2003=1501)
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get("/communities/plan", params={"year": 2025})
    warning = page.text.split('id="plan-warning">')[1].split("</p>")[0]
    assert "15.01%" in warning and "more than the 15%" in warning
    assert "15.0%" not in page.text


async def test_just_under_15_percent_is_within_the_policy_and_not_shown_as_15(client):
    await make_world()
    await _plan(y1995=8501, y2003=1499)
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get("/communities/plan", params={"year": 2025})
    assert 'id="plan-warning"' not in page.text and "Within the policy" in page.text
    assert "14.99%" in page.text and "15.0%" not in page.text


def test_the_percentage_beside_a_limit_has_as_many_decimals_as_it_needs():
    from app.i18n import fmt_percent

    assert fmt_percent(15, 100, 15) == "15.0%"  # exactly the limit
    assert fmt_percent(1501, 10000, 15) == "15.01%"
    assert fmt_percent(1499, 10000, 15) == "14.99%"
    assert fmt_percent(150001, 1000000, 15) == "15.0001%"
    assert fmt_percent(16, 100, 15) == "16.0%"  # far from it: one decimal as usual
    assert fmt_percent(1501, 10000) == "15.0%"  # no limit: one decimal


async def test_communities_built_after_2005_are_flagged_and_left_out(client):
    await make_world()
    await _plan(y1995=85, y2005=15, y2006=500)
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    page = await client.get("/communities/plan", params={"year": 2025})
    assert 'id="plan-ineligible"' in page.text and "Not eligible" in page.text
    assert 'id="plan-warning"' not in page.text and "15.0%" in page.text  # 500 households do not dilute the share


async def test_the_plan_covers_only_the_users_area_and_filters_as_a_fragment(client):
    await make_world()
    await _plan(y1995=100)
    await make_community(name="邻街小区", code="630102002008005", region_code="630102002008", year_built=1990,
                         renovation_year=2025, renovation_status="planned")
    await login(client, "mallory")
    page = await client.get("/communities/plan", params={"year": 2025})
    assert "邻街小区" in page.text and "计划小区" not in page.text
    client.cookies.clear()
    await login(client, "alice")
    headers = {"HX-Request": "true", "HX-Target": "plan-results"}
    fragment = await client.get("/communities/plan", params={"year": 2025, "region": "630102002"}, headers=headers)
    assert "<html" not in fragment.text and "邻街小区" in fragment.text and "计划小区" not in fragment.text
    other_year = await client.get("/communities/plan", params={"year": 2019})
    assert "邻街小区" not in other_year.text
    for query in ("year=abc", "year=-1", "year=99999999999999999999", "region=630103", "region=zz"):
        assert (await client.get(f"/communities/plan?{query}")).status_code == 200, query
