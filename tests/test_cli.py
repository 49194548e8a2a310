"""The `changxiao` command's own commands."""

import os
import subprocess
import sys
from pathlib import Path

from app.accounts import services as accounts
from app.accounts.tables import Account
from tests.factories import make_tree

ROOT = Path(__file__).resolve().parents[1]


def changxiao(*args: str, input_text: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=dict(os.environ), input=input_text,
        capture_output=True, text=True, timeout=120,
    )


async def test_users_create_and_set_password():
    await make_tree()
    made = changxiao("users", "create", "--username", "zhang", "--role", "street", "--scope", "630102001",
                     "--password", "a-good-password")
    assert made.returncode == 0, made.stderr
    assert await accounts.authenticate("zhang", "a-good-password") is not None
    changed = changxiao("users", "set-password", "--username", "zhang", "--password", "another-password")
    assert changed.returncode == 0, changed.stderr
    assert await accounts.authenticate("zhang", "another-password") is not None


async def test_users_create_refuses_a_bad_scope_with_a_message():
    await make_tree()
    bad = changxiao("users", "create", "--username", "li", "--role", "street", "--scope", "630102",
                    "--password", "a-good-password")
    assert bad.returncode != 0
    assert "street office" in bad.stderr
    assert await Account.count() == 0
    short = changxiao("users", "create", "--username", "li", "--role", "bureau", "--scope", "630102", "--password", "short")
    assert short.returncode != 0 and "at least 10" in short.stderr


async def test_demo_load_fills_an_empty_database_once():
    first = changxiao("demo", "load", "--if-empty")
    assert first.returncode == 0, first.stderr
    assert "communities" in first.stdout
    assert await accounts.authenticate("street", "changxiao-demo") is not None
    again = changxiao("demo", "load", "--if-empty")
    assert again.returncode == 0 and "not loaded" in again.stdout
    refused = changxiao("demo", "load")
    assert refused.returncode != 0
