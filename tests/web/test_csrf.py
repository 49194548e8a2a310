"""CSRF protection on every unsafe request, htmx requests included."""

from tests.factories import csrf_from, login, make_world


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
