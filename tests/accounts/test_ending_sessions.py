"""Sessions end when they should: a new password ends the user's other sessions (this one carries on),
and a bureau can end all sessions of an account in its area; both are audited."""

from app.accounts import services as accounts
from app.accounts.logic import SYSTEM
from app.accounts.tables import Account
from app.audit.tables import AuditEntry
from tests.conftest import client_at
from tests.factories import PASSWORD, csrf_from, login, make_world, post_form

NEW_PASSWORD = "a-brand-new-secret"


async def _logged_in(client) -> bool:
    return (await client.get("/", follow_redirects=False)).status_code == 200


async def _account_id(username: str) -> int:
    return (await Account.select(Account.id).where(Account.username == username).first())["id"]


async def test_a_new_password_ends_the_users_other_sessions(app, client):
    await make_world()
    async with client_at(app, "198.51.100.20") as phone:
        await login(client, "erin")
        await login(phone, "erin")
        old_cookie = client.cookies["cx_session"]
        page = await client.get("/account/password")
        data = {"current": PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD, "_csrf_token": csrf_from(page.text)}
        changed = await client.post("/account/password", data=data, headers={"HX-Request": "true", "HX-Target": "password-form"})
        assert changed.status_code == 200
        assert not await _logged_in(phone)  # the other device must log in again…
        assert await _logged_in(client)  # …this one carries on, under a new session id,
        assert client.cookies["cx_session"] != old_cookie
        token = csrf_from(page.text)  # …and the page it was on still posts (its CSRF token still holds)
        assert (await client.post("/logout", data={"_csrf_token": token}, follow_redirects=False)).status_code == 303
        client.cookies.set("cx_session", old_cookie)
        assert not await _logged_in(client)  # the id from before the change is worth nothing


async def test_a_wrong_current_password_ends_nothing(app, client):
    await make_world()
    async with client_at(app, "198.51.100.20") as phone:
        await login(client, "erin")
        await login(phone, "erin")
        page = await client.get("/account/password")
        data = {"current": "not-my-password", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD, "_csrf_token": csrf_from(page.text)}
        assert (await client.post("/account/password", data=data)).status_code == 422
        assert await _logged_in(phone) and await _logged_in(client)


async def test_a_bureau_ends_all_sessions_of_an_account_in_its_area(app, client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    async with client_at(app, "198.51.100.20") as bobs_office, client_at(app, "198.51.100.21") as bobs_phone:
        await login(bobs_office, "bob")
        await login(bobs_phone, "bob")
        await login(client, "alice")
        listing = await client.get("/accounts", params={"q": "bob"})
        assert listing.status_code == 200 and "End all sessions" in listing.text
        bob = await _account_id("bob")
        ended = await post_form(client, f"/accounts/{bob}/end-sessions", page="/accounts")
        assert ended.status_code == 303
        confirmation = await client.get(ended.headers["location"])
        assert "All sessions of the account have ended" in confirmation.text
        assert not await _logged_in(bobs_office) and not await _logged_in(bobs_phone)
        assert await _logged_in(client)
        assert (await login(bobs_office, "bob")).status_code == 303  # bob may log in again
    entry = await AuditEntry.select().where(AuditEntry.action == "account.end_sessions").first()
    assert entry["actor_name"] == "alice" and entry["object_name"] == "bob"


async def test_an_account_outside_the_bureaus_area_is_not_found(client):
    await make_world()
    await login(client, "oscar")  # another district's bureau
    listing = await client.get("/accounts")
    assert "bob" not in listing.text and "oscar" in listing.text
    refused = await post_form(client, f"/accounts/{await _account_id('bob')}/end-sessions", page="/accounts")
    assert refused.status_code == 404
    assert await AuditEntry.count().where(AuditEntry.action == "account.end_sessions") == 0


async def test_the_account_list_shows_the_areas_staff_companies_and_residents(client):
    await make_world()
    await login(client, "alice")
    listing = (await client.get("/accounts")).text
    for username in ("alice", "bob", "carol", "dave", "erin", "mallory"):
        assert f">{username}<" in listing, username
    assert ">oscar<" not in listing
    fragment = await client.get("/accounts", params={"q": "car"}, headers={"HX-Request": "true", "HX-Target": "account-rows"})
    assert "<h1>" not in fragment.text and ">carol<" in fragment.text and ">bob<" not in fragment.text


async def test_an_administrators_password_reset_ends_every_session(client):
    await make_world()
    await login(client, "erin")
    await accounts.set_password(SYSTEM, "erin", NEW_PASSWORD)
    assert not await _logged_in(client)
