"""Every page of the app, asked for with ids and query strings nobody should send: never a 5xx.

Each GET route is walked by a user the access table allows. An id in a path that no row can have
(0, 2³¹ and beyond, digits of other scripts) answers 404 on both databases; query parameters
carrying NUL and other control characters, huge or signed numbers and Unicode digits are read as
"not given" or refused, never a server error. The parameter names come from the code's own
readers (listed below) and from the GET forms the pages render, so a new filter is walked too.
"""

from __future__ import annotations

import random
import re
from urllib.parse import quote

import pytest

from tests.factories import login
from tests.web.test_access_table import TABLE, _objects, _path, _walk

SEED = 20261210
ROUNDS = 8  # query strings per page
INT4_MAX = 2**31 - 1
# In range for the column type, but no row: the page answers 404 like any unknown id.
MISSING_IDS = ["0", str(INT4_MAX)]
# Out of range, or not plain ASCII digits: the router refuses them with a 404, before any query.
BAD_IDS = [str(2**31), str(2**63), str(10**30), "²", "١", "٣٣", "１", "-1", "+1", "1_0", "%00", "1%00"]
QUERY_NAMES = ["page", "q", "region", "mode", "sort", "old", "red", "year", "building", "done", "since", "until",
               "action", "object_type", "who", "next"]
QUERY_VALUES = [
    "%00", "a%00b", "%00%00", "%01", "%1b", "%7f", "%0a630102", "%E2%80%AE", "%C2%B2", "%D9%A3", "%EF%BC%91",
    str(2**31), str(2**63), "9" * 40, "9" * 5000, "-1", "-" + "9" * 30, "1e9", "1_000", "%20%201", "NaN",
    "%25_%5C", "'%20OR%201=1--", "x" * 3000, "%F0%9F%99%82", "2026-02-30", "2026-01-01%00",
]


async def _query_names(client, paths: list[str]) -> list[str]:
    names = set(QUERY_NAMES)
    for path in paths:
        response = await client.get(path, follow_redirects=False)
        for form in re.findall(r'<form[^>]*method="get"[^>]*>.*?</form>', response.text, flags=re.S | re.I):
            names.update(re.findall(r'name="([A-Za-z_][A-Za-z0-9_]*)"', form))
    return sorted(names)


def _gets(app, username: str, objects: dict) -> list[tuple[str, str, str]]:
    return [(name, template, _path(name, template, objects)) for name, method, template in _walk(app)
            if method == "GET" and username in TABLE[name]]


@pytest.mark.parametrize("username", ["bob", "alice", "carol"])
async def test_no_page_answers_5xx_to_a_nasty_query_string(app, client, username):
    objects = await _objects()
    assert (await login(client, username)).status_code == 303
    gets = _gets(app, username, objects)
    names = await _query_names(client, [path for _, _, path in gets])
    rng = random.Random(f"{SEED}-{username}")
    failures = []
    for name, _template, path in gets:
        # Every name at once, each with a value of its own, a few times over.
        asked = ["&".join(f"{key}={rng.choice(QUERY_VALUES)}" for key in names) for _ in range(ROUNDS)]
        for query in asked:
            response = await client.get(f"{path}?{query}", follow_redirects=False)
            if response.status_code >= 500:
                failures.append(f"{name}: {response.status_code} for ?{query[:120]}")
                break
    assert failures == []


@pytest.mark.parametrize("username", ["bob", "alice"])
async def test_an_id_no_row_can_have_answers_404_on_every_route(app, client, username):
    objects = await _objects()
    assert (await login(client, username)).status_code == 303
    wrong = []
    for name, method, template in _walk(app):
        if ":int}" not in template or username not in TABLE[name]:
            continue
        for key in re.findall(r"\{(\w+):int\}", template):
            for bad in MISSING_IDS + BAD_IDS:
                path = _path(name, template.replace("{%s:int}" % key, bad), objects)
                if method == "GET":
                    response = await client.get(path, follow_redirects=False)
                else:
                    response = await client.post(path, data={}, follow_redirects=False)
                # A POST without a CSRF token is refused before the route runs (403); a GET must say 404.
                expected = (404,) if method == "GET" else (403, 404)
                if response.status_code not in expected:
                    wrong.append(f"{method} {path} ({name}): {response.status_code}")
    assert wrong == []


@pytest.mark.parametrize("path", [
    "/static/%00", "/static/%00.css", "/static/app.css%00", "/static/%00%2F..%2Fapp.css", "/static/vendor/%00",
    "/static/..%00/app.py", "/static/%01", "/static/" + "a" * 5000, "/static/%C2%B2", "/static/%E2%80%AE",
])
async def test_static_paths_with_nul_or_control_characters_answer_404(client, path):
    response = await client.get(path, follow_redirects=False)
    assert response.status_code == 404


async def test_a_nul_in_search_and_export_filters_is_dropped_not_an_error(client):
    objects = await _objects()
    await login(client, "alice")
    for path in ("/communities", "/communities/export.xlsx", "/companies", "/companies/export.xlsx", "/audit"):
        for query in ("q=%00", "q=幸福%00", "region=630102%00", "who=%00", "q=" + quote("幸福\x00小区")):
            response = await client.get(f"{path}?{query}", follow_redirects=False)
            assert response.status_code == 200, (path, query, response.status_code)
    found = await client.get("/communities?q=" + quote("幸福\x00"))
    assert "幸福小区" in found.text  # the control character is dropped, the search still runs
    assert objects["community_id"]
