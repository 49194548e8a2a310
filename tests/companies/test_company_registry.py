"""The company list and page: who sees which companies, search by name or code, fragments, pages."""

from app.accounts import services as accounts
from app.accounts.tables import Account
from app.companies import services as companies
from tests.factories import login, make_company, make_world, valid_uscc


async def _as(client, username: str) -> None:
    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    await login(client, username)


async def _principal(username: str):
    row = await Account.select(Account.id).where(Account.username == username).first()
    return await accounts.load_principal(row["id"])


async def test_a_bureau_user_lists_the_companies_registered_in_its_area(client):
    await make_world()
    await make_company(name="城中物业有限公司", region_code="630103")
    await _as(client, "alice")
    page = await client.get("/companies")
    assert page.status_code == 200
    assert "青海安居物业服务有限公司" in page.text and "西宁宁馨物业管理有限公司" in page.text
    assert "城中物业有限公司" not in page.text
    await _as(client, "oscar")
    page = await client.get("/companies")
    assert "城中物业有限公司" in page.text and "青海安居物业服务有限公司" not in page.text


async def test_street_users_list_every_company(client):
    await make_world()
    await make_company(name="城中物业有限公司", region_code="630103")
    for username in ("bob", "mallory"):
        await _as(client, username)
        page = await client.get("/companies")
        assert "城中物业有限公司" in page.text and "青海安居物业服务有限公司" in page.text, username
        assert "Register a company" not in page.text


async def test_search_by_name_or_by_credit_code(client):
    await make_world()
    code = valid_uscc("91630102MA7ABCDE1")
    await make_company(name="东川物业", uscc=code)
    await _as(client, "bob")
    by_name = await client.get("/companies", params={"q": "宁馨"})
    assert "西宁宁馨物业管理有限公司" in by_name.text and "青海安居" not in by_name.text
    for prefix in ("91630102MA7", "91630102ma7", "９１６３０１０２ＭＡ７", code):
        by_code = await client.get("/companies", params={"q": prefix})
        assert "东川物业" in by_code.text and "青海安居" not in by_code.text, prefix
    nothing = await client.get("/companies", params={"q": "%"})
    assert "No company matches" not in nothing.text  # a lone wildcard is no filter


async def test_the_region_filter_stays_inside_the_scope(client):
    await make_world()
    await make_company(name="城中物业有限公司", region_code="630103")
    await _as(client, "alice")
    outside = await client.get("/companies", params={"region": "630103"})
    assert "城中物业有限公司" not in outside.text and "青海安居物业服务有限公司" in outside.text
    await _as(client, "bob")  # street users read every company, so may filter by any registering region
    filtered = await client.get("/companies", params={"region": "630103"})
    assert "城中物业有限公司" in filtered.text and "青海安居物业服务有限公司" not in filtered.text
    for junk in ("6301", "abc", "٦٣", "630102001001"):
        assert (await client.get("/companies", params={"region": junk})).status_code == 200


async def test_the_list_is_paginated(client):
    await make_world()
    for n in range(30):
        await make_company(name=f"分页物业{n:02d}")
    await _as(client, "alice")
    first = await client.get("/companies", params={"q": "分页"})
    assert "30 companies" in first.text and "分页物业00" in first.text and "分页物业25" not in first.text
    second = await client.get("/companies", params={"q": "分页", "page": 2})
    assert "分页物业25" in second.text and "分页物业00" not in second.text
    beyond = await client.get("/companies", params={"q": "分页", "page": 99})
    assert "分页物业29" in beyond.text


async def test_an_htmx_search_gets_only_the_results_fragment(client):
    await make_world()
    await _as(client, "alice")
    headers = {"HX-Request": "true", "HX-Target": "company-results"}
    fragment = await client.get("/companies", params={"q": "安居"}, headers=headers)
    assert "<html" not in fragment.text and "青海安居物业服务有限公司" in fragment.text
    assert "HX-Request" in fragment.headers["vary"]
    full = await client.get("/companies", params={"q": "安居"})
    assert "<html" in full.text and 'id="company-results"' in full.text
    boosted = await client.get("/companies", headers={**headers, "HX-Boosted": "true"})
    assert "<html" in boosted.text


async def test_the_company_page_shows_the_registration_and_red_designation(client):
    world = await make_world()
    from datetime import date

    from app.companies.tables import Company

    await Company.update(
        {Company.is_red_property: True, Company.red_property_since: date(2023, 7, 1), Company.red_property_by: "城东区委组织部"}
    ).where(Company.id == world.company_a)
    await _as(client, "bob")
    page = await client.get(f"/companies/{world.company_a}")
    assert page.status_code == 200 and "<h1>青海安居物业服务有限公司</h1>" in page.text
    assert "城东区委组织部" in page.text and "2023" in page.text
    assert "Edit registration" not in page.text and "Record a subsidy" not in page.text
    await _as(client, "alice")
    page = await client.get(f"/companies/{world.company_a}")
    assert "Edit registration" in page.text and "Record a subsidy" in page.text


async def test_a_company_user_sees_only_its_own_company(client):
    world = await make_world()
    await _as(client, "carol")
    assert (await client.get(f"/companies/{world.company_a}")).status_code == 200
    assert (await client.get(f"/companies/{world.company_b}")).status_code == 404
    assert (await client.get("/companies/999999")).status_code == 404
    assert (await client.get("/companies")).status_code == 403


async def test_committee_members_and_owners_are_refused(client):
    world = await make_world()
    for username in ("dave", "erin"):
        await _as(client, username)
        assert (await client.get("/companies")).status_code == 403, username
        assert (await client.get(f"/companies/{world.company_a}")).status_code == 403, username


async def test_a_company_outside_a_bureaus_area_is_not_found(client):
    world = await make_world()
    await _as(client, "oscar")
    assert (await client.get(f"/companies/{world.company_a}")).status_code == 404


async def test_search_companies_for_pickers(client):
    world = await make_world()
    await make_company(name="城中物业有限公司", region_code="630103", uscc=valid_uscc("91630103MA7ABCDE1"))
    bob = await _principal("bob")
    rows = await companies.search_companies(bob, "物业")
    assert {row["name"] for row in rows} >= {"青海安居物业服务有限公司", "城中物业有限公司"}
    assert set(rows[0]) == {"id", "name", "uscc", "is_red_property", "region_code"}
    assert [row["name"] for row in await companies.search_companies(bob, "91630103ma7")] == ["城中物业有限公司"]
    assert len(await companies.search_companies(bob, "", limit=1)) == 1
    assert await companies.search_companies(bob, "\x00%") != []  # junk is no filter, and no error
    alice = await _principal("alice")
    assert "城中物业有限公司" not in {row["name"] for row in await companies.search_companies(alice, "物业")}
    carol = await _principal("carol")
    assert [row["id"] for row in await companies.search_companies(carol, "")] == [world.company_a]
    dave = await _principal("dave")
    assert await companies.search_companies(dave, "") == []


async def test_a_bureau_reads_a_company_registered_elsewhere_that_serves_its_area_but_cannot_edit_it(client):
    from datetime import date

    from app.accounts import services as accounts
    from app.accounts.tables import Account
    from app.management import services as management
    from app.management.services import ArrangementInput
    from tests.factories import make_company

    world = await make_world()
    outsider = await make_company(name="海东外地物业有限公司", region_code="630103")
    row = await Account.select(Account.id).where(Account.username == "bob").first()
    bob = await accounts.load_principal(row["id"])
    await management.assign(bob, world.community_a, ArrangementInput(
        mode="professional", start_date=date(2025, 1, 1), end_date=date(2027, 1, 1), company_id=outsider,
        contract_number="X", service_level="star1", fee_fen_per_m2_month=40))
    await login(client, "alice")
    assert (await client.get(f"/companies/{outsider}")).status_code == 200
    assert (await client.get(f"/companies/{outsider}/edit")).status_code == 404


async def test_the_company_list_exports_to_xlsx_with_each_companys_current_communities(client):
    import io

    import openpyxl

    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "bob")
    response = await client.get("/companies/export.xlsx", params={"q": "安居"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()]
    assert rows[0][0] == "Name" and rows[0][-1] == "Communities managed today"
    assert [r[0] for r in rows[1:]] == ["青海安居物业服务有限公司"]
    assert rows[1][-1] == 0
