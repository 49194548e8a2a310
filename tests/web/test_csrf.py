"""CSRF protection on every unsafe request, htmx requests included."""

from tests.conftest import client_at
from tests.factories import PASSWORD, csrf_from, login, make_world, post_form


async def test_a_login_post_without_the_token_is_refused(client):
    await make_world()
    await client.get("/login")
    response = await client.post("/login", data={"username": "alice", "password": "x"}, follow_redirects=False)
    assert response.status_code == 403
    assert "cx_session" not in response.cookies


async def test_a_post_with_a_forged_token_is_refused(client):
    await make_world()
    await login(client, "alice")
    response = await client.post("/logout", data={"_csrf_token": "0" * 64}, follow_redirects=False)
    assert response.status_code == 403
    assert (await client.get("/", follow_redirects=False)).status_code == 200  # still logged in


async def test_an_htmx_post_carries_the_token_in_its_header(client):
    await make_world()
    await login(client, "alice")
    page = await client.get("/regions/630102")
    token = csrf_from(page.text)
    assert f'"X-CSRFToken": "{token}"' in page.text  # hx-headers on <body>
    refused = await client.post("/regions/recount", headers={"HX-Request": "true", "HX-Target": "recount-status"})
    assert refused.status_code == 403
    accepted = await client.post(
        "/regions/recount", headers={"HX-Request": "true", "HX-Target": "recount-status", "X-CSRFToken": token}
    )
    assert accepted.status_code == 200
    assert 'class="job' in accepted.text


async def test_a_token_from_another_session_is_refused_with_a_clear_page(app, client):
    await make_world()
    async with client_at(app, "198.51.100.20") as other:
        await login(other, "mallory")
        mallorys_token = csrf_from((await other.get("/")).text)
        await login(client, "alice")
        client.cookies.set("cx_lang", "en")
        refused = await client.post("/logout", data={"_csrf_token": mallorys_token}, follow_redirects=False)
        assert refused.status_code == 403
        assert "This page has expired" in refused.text and "Reload the page" in refused.text
        assert (await client.get("/", follow_redirects=False)).status_code == 200  # nothing happened
        header = await client.post("/regions/recount", headers={"HX-Request": "true", "X-CSRFToken": mallorys_token})
        assert header.status_code == 403


async def test_an_anonymous_pair_of_cookie_and_token_does_not_work_on_a_session(app, client):
    """What Litestar's own check let through: any pre-login cookie with its matching token."""
    await make_world()
    async with client_at(app, "198.51.100.20") as attacker:
        anonymous_token = csrf_from((await attacker.get("/login")).text)
        anonymous_cookie = attacker.cookies["cx_csrf"]
    await login(client, "alice")
    client.cookies.set("cx_csrf", anonymous_cookie)
    refused = await client.post("/logout", data={"_csrf_token": anonymous_token}, follow_redirects=False)
    assert refused.status_code == 403
    assert (await client.get("/", follow_redirects=False)).status_code == 200


async def test_the_token_from_before_login_no_longer_works_after_it(client):
    await make_world()
    before = csrf_from((await client.get("/login")).text)
    response = await client.post(
        "/login", data={"username": "alice", "password": PASSWORD, "_csrf_token": before}, follow_redirects=False
    )
    assert response.status_code == 303
    assert (await client.post("/logout", data={"_csrf_token": before}, follow_redirects=False)).status_code == 403
    after = csrf_from((await client.get("/")).text)
    assert after != before
    assert (await client.post("/logout", data={"_csrf_token": after}, follow_redirects=False)).status_code == 303


async def test_each_session_gets_a_token_of_its_own(client):
    await make_world()
    await login(client, "alice")
    first = csrf_from((await client.get("/")).text)
    assert csrf_from((await client.get("/account/password")).text) == first  # steady within a session
    await post_form(client, "/logout")
    await login(client, "alice")
    assert csrf_from((await client.get("/")).text) != first


async def test_the_login_form_works_without_a_session_and_only_with_its_own_cookie(client):
    await make_world()
    page = await client.get("/login")
    assert "cx_csrf" in page.cookies  # the pre-login cookie the login form's token is bound to
    token = csrf_from(page.text)
    client.cookies.set("cx_csrf", "another-pre-login-cookie-value")
    refused = await client.post("/login", data={"username": "alice", "password": PASSWORD, "_csrf_token": token})
    assert refused.status_code == 403
    assert (await login(client, "alice")).status_code == 303


async def test_the_health_probe_and_static_files_get_no_cookie(client):
    for path in ("/health", "/static/app.css"):
        assert "set-cookie" not in (await client.get(path)).headers, path
