"""An owner activates his account with his slip's code and his phone number, and sees all his units."""

import random

from app.accounts.tables import Account
from app.audit.tables import AuditEntry
from app.owners.tables import ActivationCode, OwnerLink
from tests.factories import csrf_from, login, make_account, post_form
from tests.owners.helpers import make_register, print_slips, slips_of

NEW_PASSWORD = "wangfang-2026!"


async def _codes(client, community) -> dict[str, str]:
    await login(client, "bob")
    slips = slips_of((await print_slips(client, community)).text)
    await client.post("/logout", data={"_csrf_token": csrf_from((await client.get("/")).text)}, follow_redirects=False)
    client.cookies.clear()
    return slips


async def _activate(client, code, phone, password=NEW_PASSWORD, confirm=None, headers=None):
    page = await client.get("/activate")
    return await client.post("/activate", data={
        "code": code, "phone": phone, "password": password, "confirm": password if confirm is None else confirm,
        "_csrf_token": csrf_from(page.text),
    }, headers=headers or {}, follow_redirects=False)


async def test_an_owner_activates_with_code_and_phone_and_sees_all_his_units(client):
    r = await make_register()
    codes = await _codes(client, r.community)
    response = await _activate(client, codes["1号楼 · 1-101"].lower(), "+86 139 0000 0000")
    assert response.status_code == 303 and response.headers["location"].startswith("/my/units")
    account = await Account.select().where(Account.username == "13900000000").first()
    assert account["role"] == "owner" and account["community"] == r.community and account["display_name"] == "王芳"
    assert [row["owner"] for row in await OwnerLink.select().where(OwnerLink.account == account["id"])] == [r.wang]
    page = await client.get(response.headers["location"])  # logged in by the activation
    assert page.status_code == 200 and "1-101" in page.text and "2-201" in page.text and "80.50" in page.text
    assert "2-202" not in page.text  # 李强's unit
    # Both of 王芳's codes are used up: his other slip is no longer needed.
    assert await ActivationCode.count().where(
        ActivationCode.used_by == account["id"]) == 2
    entry = await AuditEntry.select().where(AuditEntry.action == "owner.activate").first()
    assert entry["actor_name"] == "13900000000" and "1-101" in entry["object_name"]
    assert await AuditEntry.count().where(AuditEntry.action == "account.create") == 1
    # The password he set is his: he logs in with his phone number.
    client.cookies.clear()
    assert (await login(client, "13900000000", NEW_PASSWORD)).status_code == 303


async def test_a_code_works_once(client):
    r = await make_register()
    code = (await _codes(client, r.community))["2号楼 · 2-202"]
    assert (await _activate(client, code, "0971 8123456")).status_code == 303
    client.cookies.clear()
    client.cookies.set("cx_lang", "en")
    again = await _activate(client, code, "0971 8123456")
    assert again.status_code == 422 and "used already or revoked" in again.text
    assert await Account.count().where(Account.role == "owner") == 2  # erin and 李强


async def test_a_phone_other_than_the_registers_changes_nothing(client):
    r = await make_register()
    code = (await _codes(client, r.community))["2号楼 · 2-202"]
    client.cookies.set("cx_lang", "en")
    response = await _activate(client, code, "13900000000")  # 王芳's, not 李强's
    assert response.status_code == 422 and "not the phone number the register holds" in response.text
    assert 'value="13900000000"' in response.text and NEW_PASSWORD not in response.text
    assert await Account.count().where(Account.username == "13900000000") == 0
    assert await OwnerLink.count() == 0
    assert await ActivationCode.count().where(ActivationCode.used_at.is_not_null()) == 0


async def test_wrong_codes_and_passwords_are_refused_with_a_message(client):
    r = await make_register()
    code = (await _codes(client, r.community))["2号楼 · 2-202"]
    client.cookies.set("cx_lang", "en")
    cases = [
        ("ZZZZZ-ZZZZZ", "0971-8123456", NEW_PASSWORD, None, "used already or revoked"),
        ("K7M2P-9XQ40", "0971-8123456", NEW_PASSWORD, None, "10 letters and digits"),
        ("", "0971-8123456", NEW_PASSWORD, None, "Enter the code printed on your slip"),
        (code, "", NEW_PASSWORD, None, "Enter your phone number"),
        (code, "12-34", NEW_PASSWORD, None, "7 to 20 digits"),
        (code, "0971-8123456", "short", None, "at least 10 characters"),
        (code, "0971-8123456", NEW_PASSWORD, NEW_PASSWORD + "x", "The two passwords differ"),
    ]
    for typed, phone, password, confirm, message in cases:
        response = await _activate(client, typed, phone, password, confirm)
        assert response.status_code == 422 and message in response.text, (typed, phone, message)
    assert await OwnerLink.count() == 0 and await Account.count().where(Account.role == "owner") == 1


async def test_an_invalid_activation_comes_back_as_the_form_fragment_for_htmx(client):
    r = await make_register()
    code = (await _codes(client, r.community))["2号楼 · 2-202"]
    response = await _activate(client, code, "13900000000", headers={"HX-Request": "true", "HX-Target": "activate-form"})
    assert response.status_code == 422 and "<html" not in response.text and 'id="f-phone-error"' in response.text
    done = await _activate(client, code, "0971-8123456", headers={"HX-Request": "true", "HX-Target": "activate-form"})
    assert done.status_code == 200 and done.headers["HX-Redirect"].startswith("/my/units")


async def test_the_qr_link_fills_the_code_in(client):
    response = await client.get("/activate?code=k7m2p9xq4r")
    assert response.status_code == 200 and 'value="K7M2P-9XQ4R"' in response.text
    assert 'value=""' in (await client.get("/activate?code=%00%3Cscript%3E")).text


async def test_guessing_codes_is_throttled_like_logins(client):
    r = await make_register()
    code = (await _codes(client, r.community))["2号楼 · 2-202"]
    client.cookies.set("cx_lang", "en")
    for _ in range(5):
        assert (await _activate(client, "ZZZZZ-ZZZZZ", "0971-8123456")).status_code == 422
    refused = await _activate(client, code, "0971-8123456")  # even the right code waits now
    assert refused.status_code == 429 and "Try again in" in refused.text and refused.headers["Retry-After"]
    assert await OwnerLink.count() == 0


async def test_a_phone_that_already_has_an_account_signs_in_and_adds_the_unit(client):
    r = await make_register()
    codes = await _codes(client, r.community)
    await make_account("13900000000", "owner", community_id=r.community)  # 王芳 activated before, elsewhere
    client.cookies.set("cx_lang", "en")
    response = await _activate(client, codes["1号楼 · 1-101"], "13900000000")
    assert response.status_code == 422 and "Sign in with it and add this unit" in response.text
    assert await OwnerLink.count() == 0
    await login(client, "13900000000")
    added = await post_form(client, "/my/units", {"code": codes["1号楼 · 1-101"], "phone": "139 0000 0000"},
                            page="/my/units")
    assert added.status_code == 303
    page = await client.get(added.headers["location"])
    assert "has been added to your account" in page.text and "1-101" in page.text and "2-201" in page.text
    again = await post_form(client, "/my/units", {"code": codes["2号楼 · 2-201"], "phone": "13900000000"},
                            page="/my/units")
    assert again.status_code == 422 and "used already or revoked" in again.text  # used up with the first


async def test_a_unit_linked_to_another_account_cannot_be_added(client):
    r = await make_register()
    codes = await _codes(client, r.community)
    assert (await _activate(client, codes["2号楼 · 2-202"], "0971-8123456")).status_code == 303
    client.cookies.clear()
    await login(client, "bob")
    reissued = await post_form(client, f"/communities/{r.community}/owner-codes/{r.li_unit}/reissue",
                               page=f"/communities/{r.community}/owner-codes")
    assert reissued.status_code == 422  # his owner has an account: no new slip
    assert await OwnerLink.count() == 1


async def test_an_owner_sees_nothing_of_anyone_else(client):
    r = await make_register()
    await login(client, "erin")  # an owner account linked to no owner record
    page = await client.get("/my/units")
    assert page.status_code == 200 and "1-101" not in page.text and "王芳" not in page.text
    assert (await client.get(f"/communities/{r.community}/households")).status_code == 404
    community = await client.get(f"/communities/{r.community}")
    assert "王芳" not in community.text and "13900000000" not in community.text
    assert (await client.get(f"/communities/{r.community}/owner-codes")).status_code == 403


async def test_the_activation_form_answers_anything_with_a_message_never_5xx(client):
    r = await make_register()
    code = (await _codes(client, r.community))["2号楼 · 2-202"]
    nasty = ["", " ", "x" * 10_000, "测" * 10_000, "\x00", "\u202e", "１２３", "<script>", "' OR 1=1 --", "🙂",
             code, "0971-8123456", "+86" + "-" * 40 + "13900000000", str(2**63)]
    rng = random.Random(20261202)
    for _ in range(40):
        data = {name: rng.choice(nasty) for name in ("code", "phone", "password", "confirm") if rng.random() < 0.85}
        page = await client.get("/activate")
        response = await client.post("/activate", data={**data, "_csrf_token": csrf_from(page.text)},
                                     follow_redirects=False)
        assert response.status_code < 500, data
        client.cookies.clear()


async def test_my_units_runs_the_same_queries_for_one_unit_or_many(client):
    from app.querycount import count_queries

    r = await make_register()
    codes = await _codes(client, r.community)
    assert (await _activate(client, codes["2号楼 · 2-202"], "0971-8123456")).status_code == 303
    await client.get("/my/units")
    with count_queries() as one:
        await client.get("/my/units")
    client.cookies.clear()
    assert (await _activate(client, codes["1号楼 · 1-101"], "13900000000")).status_code == 303
    with count_queries() as two:
        page = await client.get("/my/units")
    assert "2-201" in page.text and one[0] == two[0] <= 4


async def test_the_form_sent_twice_at_once_activates_once_and_refuses_the_other(client):
    import asyncio

    from app.errors import FieldError
    from app.owners.logic import normalise_code
    from app.owners.services import activation

    r = await make_register()
    code = normalise_code((await _codes(client, r.community))["2号楼 · 2-202"])
    results = await asyncio.gather(*(activation.activate(code, "0971-8123456", NEW_PASSWORD) for _ in range(2)),
                                   return_exceptions=True)
    assert sorted(type(result).__name__ for result in results) == ["Activated", "FieldError"]
    assert all(result.field in ("code", "phone") for result in results if isinstance(result, FieldError))
    assert await OwnerLink.count() == 1 and await Account.count().where(Account.username == "09718123456") == 1


async def test_the_add_a_unit_form_answers_anything_with_a_message_never_5xx(client):
    r = await make_register()
    code = (await _codes(client, r.community))["2号楼 · 2-202"]
    await login(client, "erin")
    nasty = ["", " ", "x" * 10_000, "测" * 10_000, "\x00", "１２３", "<script>", code, "0971-8123456", str(2**63)]
    rng = random.Random(20261203)
    for _ in range(30):
        data = {name: rng.choice(nasty) for name in ("code", "phone") if rng.random() < 0.85}
        headers = {"HX-Request": "true", "HX-Target": "add-unit-form"} if rng.random() < 0.3 else {}
        response = await post_form(client, "/my/units", data, page="/my/units", headers=headers)
        assert response.status_code < 500, data
