"""Every form of the app, posted with missing, empty, oversized and wrong-typed fields: never a 5xx.

The fields come from the app's own pages (every ``name="…"`` a GET page renders), so a new form is
fuzzed without being listed here. Each POST route is posted by a user the access table allows, with
values drawn from a seeded generator (the same run every time, so a failure reproduces).
"""

from __future__ import annotations

import random
import re

import pytest

from tests.factories import csrf_from, login
from tests.web.test_access_table import TABLE, _objects, _path, _walk

ROUNDS = 24  # posts per route
SEED = 20261202

NASTY = [
    "", " ", "x" * 5000, "0", "-1", "－5", "1e9", "9" * 40, "１２３", "1²", "8²", "①", "12 34", "1,00", "0.001",
    "2026-02-30", "2026-13-01", "99999-01-01", "2026-1-1", "\x00", "\u202e", "\x7f", "<script>alert(1)</script>",
    "' OR 1=1 --", "%_\\", "yes", "on", "NaN", "Infinity", "-0", "٣", "\n630102001\n", "630102001\n",
    "999999999999999999999", "2147483648", "abc", "中文", "🙂", "None", "null", "[]", "{}",
    "x" * 10_000, "测" * 10_000, "²", "١", "١٢", "1\x00", "630102001001\x00", str(2**31 - 1), str(2**63), str(10**30),
    "0971-" + "-" * 30 + "8123456",
]


def _values(rng: random.Random, names: list[str]) -> list[tuple[str, str]]:
    """A random form: each known field missing, empty, oversized, nasty or repeated."""
    data = []
    for name in names:
        roll = rng.random()
        if roll < 0.25:
            continue  # missing
        value = rng.choice(NASTY) if roll < 0.85 else str(rng.randint(-(10**12), 10**12))
        data.append((name, value))
        if rng.random() < 0.05:
            data.append((name, rng.choice(NASTY)))  # the same field twice
    return data


async def _field_names(client, get_paths: list[str]) -> list[str]:
    names: set[str] = set()
    for path in get_paths:
        response = await client.get(path, follow_redirects=False)
        if response.status_code == 200 and "html" in response.headers.get("content-type", ""):
            names.update(re.findall(r'name="([A-Za-z_][A-Za-z0-9_]*)"', response.text))
    names.discard("_csrf_token")
    return sorted(names)


@pytest.mark.parametrize("username", ["bob", "alice"])
async def test_no_form_answers_5xx_to_anything_a_user_can_post(app, client, username):
    objects = await _objects()
    assert (await login(client, username)).status_code == 303
    walked = _walk(app)
    gets = [_path(name, template, objects) for name, method, template in walked
            if method == "GET" and username in TABLE[name] and "export" not in name and "template" not in name]
    names = await _field_names(client, gets)
    assert len(names) > 30, names  # the pages render their forms
    rng = random.Random(f"{SEED}-{username}")
    failures = []
    for name, method, template in walked:
        if method != "POST" or username not in TABLE[name] or name == "change_password":
            continue
        path = _path(name, template, objects)
        for _ in range(ROUNDS):
            token = csrf_from((await client.get("/account/password")).text)
            pairs = _values(rng, names)
            data: dict[str, list[str]] = {"_csrf_token": [token]}
            for key, value in pairs:
                data.setdefault(key, []).append(value)
            headers = {"HX-Request": "true", "HX-Target": rng.choice(["", "assign-form", "x"])} if rng.random() < 0.3 else {}
            files = {"file": ("x.xlsx", bytes(rng.getrandbits(8) for _ in range(64)))} if "import" in name else None
            response = await client.post(path, data=data, files=files, headers=headers, follow_redirects=False)
            if response.status_code >= 500:
                failures.append(f"{name}: {response.status_code} for {pairs!r}")
                break
    assert failures == []
