"""Logging in and out, sessions (throttling: test_login_throttle.py)."""

from app.accounts.logic import hash_password, verify_password
from app.accounts.tables import Account
from app.asgi import create_app
from app.audit.tables import AuditEntry
from tests.conftest import serve
from tests.factories import login, make_world, post_form


async def test_each_role_lands_on_its_own_home_page(client):
    await make_world()
    badges = {
        "alice": "Housing bureau",
        "bob": "Street office",
        "carol": "Property company",
        "dave": "Owner committee",
        "erin": "Owner",
    }
    client.cookies.set("cx_lang", "en")
    for username, badge in badges.items():
        response = await login(client, username)
        assert response.status_code == 303 and response.headers["location"] == "/"
        home = await client.get("/")
        assert f'<p class="role-badge">{badge}</p>' in home.text
        await post_form(client, "/logout")


async def test_a_wrong_password_shows_a_message_and_logs_nobody_in(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    response = await login(client, "alice", "not-the-password")
    assert response.status_code == 400
    assert "Wrong username or password." in response.text
    assert "cx_session" not in response.cookies
    assert (await client.get("/", follow_redirects=False)).status_code == 303


async def test_an_unknown_user_gets_the_same_message_as_a_wrong_password(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    response = await login(client, "nobody-here", "whatever-password")
    assert response.status_code == 400
    assert "Wrong username or password." in response.text


async def test_control_characters_in_a_username_are_an_unknown_user_not_an_error(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    for username in ("ali\x00ce-x", "\x00", "a\u202eb", "x" * 5000):
        response = await login(client, username, "whatever-password")
        assert response.status_code == 400, username
    assert "Wrong username or password." in response.text
    failed = await AuditEntry.select(AuditEntry.object_id).where(AuditEntry.action == "account.login_failed")
    assert {row["object_id"] for row in failed} >= {"alice-x", "ab"}


async def test_empty_fields_are_asked_for(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    response = await login(client, "", "")
    assert response.status_code == 400
    assert "Enter your username and password." in response.text


async def test_a_login_starts_a_fresh_session_id(client):
    await make_world()
    client.cookies.set("cx_session", "planted-by-an-attacker")
    response = await login(client, "alice")
    issued = response.cookies["cx_session"]
    assert issued != "planted-by-an-attacker"
    header = response.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=lax" in header


async def test_the_session_cookie_is_secure_over_https(app):
    await make_world()
    async with serve(app, "https://testserver.local") as secure_client:
        response = await login(secure_client, "alice")
        assert "secure" in response.headers["set-cookie"].lower()


async def test_logout_ends_the_session_on_the_server(client):
    await make_world()
    await login(client, "alice")
    session_id = client.cookies["cx_session"]
    await post_form(client, "/logout")
    client.cookies.set("cx_session", session_id)  # replaying the old cookie must not work
    assert (await client.get("/", follow_redirects=False)).status_code == 303


async def test_a_session_survives_a_restart_of_the_server():
    await make_world()
    async with serve(create_app(scheduler=False)) as before:
        await login(before, "alice")
        session_id = before.cookies["cx_session"]
    async with serve(create_app(scheduler=False)) as restarted:
        restarted.cookies.set("cx_session", session_id)
        assert (await restarted.get("/", follow_redirects=False)).status_code == 200


async def test_a_deactivated_account_is_logged_out(client):
    await make_world()
    await login(client, "alice")
    await Account.update({Account.is_active: False}).where(Account.username == "alice")
    assert (await client.get("/", follow_redirects=False)).status_code == 303
    await client.get("/login")
    response = await login(client, "alice")
    assert response.status_code == 400


async def test_next_takes_the_user_back_but_never_off_site(client):
    await make_world()
    response = await login(client, "alice", next_path="/communities?q=x")
    assert response.headers["location"] == "/communities?q=x"
    await post_form(client, "/logout")
    response = await login(client, "alice", next_path="//evil.example/")
    assert response.headers["location"] == "/"


async def test_logins_and_failures_are_audited(client):
    await make_world()
    await login(client, "alice", "wrong-password")
    await login(client, "alice")
    actions = [row["action"] for row in await AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id)]
    assert actions[-2:] == ["account.login_failed", "account.login"]


def test_passwords_are_hashed_with_argon2id():
    hashed = hash_password("a long enough password")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long enough password")
    assert not verify_password(hashed, "a long enough passwore")
    assert not verify_password("not-a-hash", "anything")
