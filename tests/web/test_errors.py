"""Error pages in both languages, never a stack trace."""

from litestar import get

from app.web.auth import ANY_ROLE, allow
from tests.factories import login, make_world


async def test_an_unknown_page_is_a_404_page_in_the_users_language(client):
    response = await client.get("/no-such-page")
    assert response.status_code == 404
    assert '<html lang="zh-CN">' in response.text
    client.cookies.set("cx_lang", "en")
    response = await client.get("/no-such-page")
    assert "Page not found" in response.text


async def test_a_role_without_access_gets_a_403_page(client):
    await make_world()
    client.cookies.set("cx_lang", "en")
    await login(client, "erin")
    response = await client.get("/regions/630102")
    assert response.status_code == 403
    assert "Not allowed" in response.text


async def test_a_crash_shows_a_500_page_without_a_trace(app, client):
    @get("/boom", guards=[allow(*ANY_ROLE)], name="boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    app.register(boom)
    await make_world()
    await login(client, "alice")
    client.cookies.set("cx_lang", "en")
    response = await client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret internals" not in response.text and "Traceback" not in response.text


async def test_bad_query_values_fall_back_instead_of_failing(client):
    await make_world()
    await login(client, "alice")
    for query in ("page=abc", "page=-5", "page=99999999999999999999", "region=zzz", "region=630103", "q=%25%5F%5C"):
        response = await client.get(f"/communities?{query}")
        assert response.status_code == 200, query
