"""Security headers on every response, and no caching of anything that may carry personal data."""

import re

import pytest

from tests.factories import login, make_world

SHARED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}


def _policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    return {name: value for name, value in directives}


def assert_hardened(response) -> None:
    for name, value in SHARED.items():
        assert response.headers.get(name) == value, name
    policy = _policy(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"  # no 'unsafe-inline', no eval
    assert policy["frame-ancestors"] == "'none'"


async def _logged_in(client):
    await make_world()
    await login(client, "bob")
    return client


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/communities", {}, 200),  # a page
        ("/communities?q=x", {"HX-Request": "true", "HX-Target": "community-results"}, 200),  # a fragment
        ("/communities/export.xlsx", {}, 200),  # an export
        ("/no-such-page", {}, 404),  # the router's error page
        ("/regions/630103", {}, 404),  # a handler's (another district)
    ],
)
async def test_pages_fragments_exports_and_errors_are_hardened_and_never_stored(client, path, headers, status):
    response = await (await _logged_in(client)).get(path, headers=headers)
    assert response.status_code == status
    assert_hardened(response)
    assert response.headers["cache-control"] == "no-store"


async def test_the_login_page_and_health_are_not_stored_either(client):
    for path in ("/login", "/health"):
        response = await client.get(path)
        assert_hardened(response)
        assert response.headers["cache-control"] == "no-store"


async def test_static_files_are_hardened_but_may_be_cached(client):
    response = await client.get("/static/app.css")
    assert response.status_code == 200
    assert_hardened(response)
    assert "no-store" not in response.headers.get("cache-control", "")


async def test_the_pages_need_nothing_inline(client):
    """What the policy forbids is not there: no inline script or style, no event-handler attribute,
    and htmx told not to inject its own style."""
    page = (await (await _logged_in(client)).get("/communities")).text
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert "<style" not in page and " style=" not in page
    assert not re.search(r"\son[a-z]+=", page)
    assert '"includeIndicatorStyles": false' in page
