"""Registering and editing a company: each wrong field gets its message next to it and nothing is saved."""

from datetime import timedelta
from html import unescape

import pytest

from app.audit.tables import AuditEntry
from app.companies.tables import Company
from app.errors import FieldError
from tests.factories import (
    FROZEN_NOW,
    csrf_from,
    login,
    make_company,
    make_world,
    post_form,
    valid_uscc,
)


def company_data(**overrides) -> dict:
    data = {
        "name": "青海新安物业服务有限公司",
        "uscc": valid_uscc(),
        "legal_representative": "王建国",
        "contact_name": "李梅",
        "contact_phone": "0971-8123456",
        "address": "西宁市城东区东关大街 12 号",
        "region_code": "630102",
        "is_red_property": "",
        "red_property_since": "",
        "red_property_by": "",
    }
    data.update(overrides)
    return data


async def _as(client, username: str) -> None:
    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    await login(client, username)


async def _count() -> int:
    return await Company.count()


async def test_a_bureau_user_registers_a_company_and_it_is_audited(client):
    await make_world()
    await _as(client, "alice")
    uscc = valid_uscc()
    response = await post_form(client, "/companies", company_data(uscc=uscc.lower()), page="/companies/new")
    assert response.status_code == 303
    company = await Company.select().where(Company.uscc == uscc).first()
    assert response.headers["location"] == f"/companies/{company['id']}"
    assert company["name"] == "青海新安物业服务有限公司" and company["region_code"] == "630102"
    entry = await AuditEntry.select().where(AuditEntry.action == "company.create").first()
    assert entry["object_id"] == str(company["id"]) and entry["region_code"] == "630102"
    assert entry["actor_name"] == "alice"


async def test_full_width_and_lower_case_codes_are_stored_normalised(client):
    await make_world()
    await _as(client, "alice")
    response = await post_form(client, "/companies", company_data(uscc="  ９１１１００００６０００３７３４１ｌ "))
    assert response.status_code == 303
    assert await Company.exists().where(Company.uscc == "91110000600037341L")


@pytest.mark.parametrize(
    ("uscc", "message"),
    [
        ("", "Enter the 18-character Unified Social Credit Code."),
        ("   ", "Enter the 18-character Unified Social Credit Code."),
        ("91110000600037341", "The code has 17 characters; it needs exactly 18."),
        ("91110000600037341L0", "The code has 19 characters; it needs exactly 18."),
        ("9", "The code has 1 character; it needs exactly 18."),
        ("O1110000600037341L", "Character 1, “O”, is not allowed"),
        ("9111000060003734IL", "Character 17, “I”, is not allowed"),
        ("91110000600037341S", "Character 18, “S”, is not allowed"),
        ("9111000V600037341L", "Character 8, “V”, is not allowed"),
        ("91110000600037Z41L", "Character 15, “Z”, is not allowed"),
        ("911100006000-7341L", "Character 13, “-”, is not allowed"),
        ("91110000600037341M", "The code does not add up"),
        ("91110000600037342L", "Check each character against the business licence."),
        ("Z1110000600037341L", "Character 1, “Z”, is not allowed"),
        ("B1110000600037341L", "The 1st character, the registration authority “B”, is not one GB 32100 lists"),
        ("94110000600037341L", "The 2nd character, the type code “4”, is not a valid type for registration authority 9 (market"),
        ("Y2110000600037341L", "not a valid type for registration authority Y"),
        ("911A0000600037341L", "Characters 3 to 8, the division code “1A0000”, must be six digits"),
    ],
)
async def test_each_wrong_part_of_the_code_is_named_and_nothing_is_saved(client, uscc, message):
    await make_world()
    await _as(client, "alice")
    before = await _count()
    response = await post_form(client, "/companies", company_data(uscc=uscc))
    assert response.status_code == 422
    error = response.text.split('id="f-uscc-error">')[1].split("</p>")[0]
    assert message in error, error
    assert "would be" not in error and "“L”" not in error  # never the check character a wrong code "needs"
    assert 'aria-invalid="true"' in response.text
    assert await _count() == before
    assert not await AuditEntry.exists().where(AuditEntry.action == "company.create")


async def test_every_excluded_letter_is_refused_at_any_position(client):
    await make_world()
    await _as(client, "alice")
    for letter in "IOSVZ":
        response = await post_form(client, "/companies", company_data(uscc="91630100" + letter + "000000001"))
        assert response.status_code == 422
        assert f"Character 9, “{letter}”, is not allowed" in response.text


async def test_a_code_already_registered_is_refused_with_the_holders_name(client):
    world = await make_world()
    await _as(client, "alice")
    taken = (await Company.select(Company.uscc).where(Company.id == world.company_b).first())["uscc"]
    response = await post_form(client, "/companies", company_data(uscc=taken.lower()))
    assert response.status_code == 422
    assert "This credit code is already registered, to 西宁宁馨物业管理有限公司." in response.text
    assert await _count() == 2


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the company's registered name."),
        ({"name": "物" * 129}, "name", "At most 128 characters."),
        ({"contact_phone": "12345"}, "contact_phone", "Enter a phone number"),
        ({"contact_phone": "0971-abc-123"}, "contact_phone", "Enter a phone number"),
        ({"region_code": ""}, "region_code", "Choose where the company is registered"),
        ({"region_code": "630103"}, "region_code", "Choose where the company is registered"),  # oscar's district
        ({"region_code": "630199"}, "region_code", "Choose where the company is registered"),  # not in the tree
        ({"region_code": "630102001"}, "region_code", "Choose where the company is registered"),  # a street
        ({"is_red_property": "1"}, "red_property_since", "Enter the date it was designated"),
        ({"is_red_property": "1", "red_property_since": "2024-01-01"}, "red_property_by", "Enter who designated it"),
        ({"is_red_property": "1", "red_property_since": "2024-02-30", "red_property_by": "组织部"},
         "red_property_since", "Enter a date such as"),
        ({"is_red_property": "1", "red_property_since": (FROZEN_NOW.date() + timedelta(days=1)).isoformat(), "red_property_by": "组织部"},
         "red_property_since", "cannot be in the future"),
    ],
)
async def test_each_wrong_field_gets_its_message_next_to_it(client, clock, fields, field, message):
    await make_world()
    await _as(client, "alice")
    response = await post_form(client, "/companies", company_data(**fields))
    assert response.status_code == 422
    assert f'id="f-{field}-error"' in response.text
    assert message in unescape(response.text.split(f'id="f-{field}-error">')[1].split("</p>")[0])
    assert await _count() == 2


async def test_loose_phone_numbers_and_a_red_designation_today_are_accepted(client, clock):
    await make_world()
    await _as(client, "alice")
    for phone in ("13812345678", "(0971) 812 3456", "+86 138 1234 5678", "0971-8123456-801", "１３８１２３４５６７８", ""):
        data = company_data(
            contact_phone=phone, is_red_property="1", red_property_since=clock.today().isoformat(), red_property_by="城东区委组织部"
        )
        response = await post_form(client, "/companies", data)
        assert response.status_code == 303, (phone, response.text[:2000])
    saved = await Company.select(Company.contact_phone, Company.red_property_since).order_by(Company.id, ascending=False).first()
    assert saved["red_property_since"] == clock.today()


async def test_an_htmx_submission_gets_the_form_back_or_a_client_redirect(client):
    await make_world()
    await _as(client, "alice")
    headers = {"HX-Request": "true", "HX-Target": "company-form"}
    wrong = await post_form(client, "/companies", company_data(uscc="123"), headers=headers)
    assert wrong.status_code == 422 and wrong.text.lstrip().startswith('<form id="company-form"')
    right = await post_form(client, "/companies", company_data(), headers=headers)
    assert right.status_code == 200 and right.headers["HX-Redirect"].startswith("/companies/")


async def test_editing_records_what_changed_and_clears_an_undone_designation(client):
    world = await make_world()
    await _as(client, "alice")
    page = await client.get(f"/companies/{world.company_a}/edit")
    assert page.status_code == 200 and "青海安居物业服务有限公司" in page.text
    uscc = (await Company.select(Company.uscc).where(Company.id == world.company_a).first())["uscc"]
    designated = company_data(
        name="青海安居物业服务有限公司", uscc=uscc, is_red_property="1", red_property_since="2023-07-01", red_property_by="城东区委组织部"
    )
    response = await post_form(client, f"/companies/{world.company_a}/edit", designated)
    assert response.status_code == 303
    entry = await AuditEntry.select().where(AuditEntry.action == "company.update").output(load_json=True).first()
    assert entry["summary"]["is_red_property"] == [False, True]
    assert entry["summary"]["red_property_since"] == [None, "2023-07-01"]
    assert "uscc" not in entry["summary"]
    undone = {**designated, "is_red_property": "", "red_property_since": "2023-07-01"}
    await post_form(client, f"/companies/{world.company_a}/edit", undone)
    company = await Company.select().where(Company.id == world.company_a).first()
    assert company["is_red_property"] is False and company["red_property_since"] is None and company["red_property_by"] == ""


async def test_an_edit_may_keep_its_own_code_but_not_take_another(client):
    world = await make_world()
    await _as(client, "alice")
    taken = (await Company.select(Company.uscc).where(Company.id == world.company_b).first())["uscc"]
    response = await post_form(client, f"/companies/{world.company_a}/edit", company_data(uscc=taken))
    assert response.status_code == 422 and "already registered" in response.text


async def test_others_cannot_register_or_edit(client):
    world = await make_world()
    elsewhere = await make_company(name="城中物业", region_code="630103")
    await _as(client, "oscar")  # another district's bureau
    for path in (f"/companies/{world.company_a}/edit",):
        assert (await client.get(path)).status_code == 404
    response = await post_form(client, f"/companies/{world.company_a}/edit", company_data(region_code="630103"))
    assert response.status_code == 404
    assert (await client.get(f"/companies/{elsewhere}/edit")).status_code == 200
    for username in ("bob", "mallory", "carol", "dave", "erin"):
        await _as(client, username)
        assert (await client.get("/companies/new")).status_code == 403, username
        assert (await client.get(f"/companies/{world.company_a}/edit")).status_code == 403, username
        assert (await post_form(client, "/companies", company_data())).status_code == 403, username
        edit = await post_form(client, f"/companies/{world.company_a}/edit", company_data(name="改名"))
        assert edit.status_code == 403, username
    assert (await Company.select(Company.name).where(Company.id == world.company_a).first())["name"] == "青海安居物业服务有限公司"


async def test_nothing_a_user_types_gives_a_server_error(client):
    await make_world()
    await _as(client, "alice")
    nasty = ["\x00", "'; drop table company; --", "\u200b", "𠀀" * 3000, "%_\\", "<script>", "1" * 400]
    for value in nasty:
        fields = {key: value for key in company_data() if key != "is_red_property"}
        response = await post_form(client, "/companies", {**fields, "is_red_property": value})
        assert response.status_code == 422, repr(value)
        assert "<script>" not in response.text.split("</header>")[1]
    # Bytes that are not UTF-8 at all (a lone surrogate's encoding), as a raw form body.
    token = csrf_from((await client.get("/")).text)
    raw = "&".join(f"{key}=%ED%A0%80%00" for key in company_data()) + f"&_csrf_token={token}"
    response = await client.post(
        "/companies", content=raw.encode(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 422
    assert (await client.get("/companies", params={"q": "\x00"})).status_code == 200
    assert (await client.get("/companies?q=%ED%A0%80")).status_code == 200
    assert (await client.get("/companies/99999999999999")).status_code == 404
    assert (await client.get("/companies/2147483648/edit")).status_code == 404


async def test_a_code_registered_between_the_check_and_the_insert_is_still_refused(monkeypatch):
    """Two bureaus saving the same code at once: the unique index decides, and the loser gets the message."""
    from app.accounts.logic import SYSTEM
    from app.companies import services as companies

    world = await make_world()
    taken = (await Company.select(Company.uscc).where(Company.id == world.company_b).first())["uscc"]

    async def no_check(*args, **kwargs):
        return None

    monkeypatch.setattr(companies, "_refuse_duplicate", no_check)
    values = {**company_data(uscc=taken), "is_red_property": False, "red_property_since": None}
    with pytest.raises(FieldError) as raised:
        await companies.create_company(SYSTEM, values)
    assert raised.value.field == "uscc"
    with pytest.raises(FieldError):
        await companies.update_company(SYSTEM, world.company_a, values)
    assert await _count() == 2
    assert not await AuditEntry.exists().where(AuditEntry.action.is_in(["company.create", "company.update"]))
