"""The browser leg: the real app in its own process, driven by headless Chromium.

``live_server`` runs ``changxiao db migrate``, ``changxiao demo load`` and ``changxiao run`` in a
temporary var dir of its own, so the server never shares a database with the test process:
SQLite in that var dir by default, or, when TEST_DATABASE_URL is set, a PostgreSQL database named
``<that database>_browser`` on the same server, made afresh for each run and dropped after it.
The server is started once for this package and stopped with SIGTERM: the tests only read the
demo data (besides logging in, one failed attempt, and an account's language, which they set back).

Browser tests are plain sync functions. While the sync Playwright API is open it keeps its own
asyncio loop running in this thread, so no pytest-asyncio fixture may run beside it: this package
replaces the harness's autouse ``clean_database`` (the browser tests never touch the test
process's database), and Playwright lives in package-scoped fixtures so that it is closed before
the next package's async tests start.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.processes import BIN, ROOT, start_server, stop, tail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENS_FOR_HUMANS = Path("/tmp/changxiao-screens")
# Passed through to the child (with libpq's PG* variables); everything else is set explicitly.
PASSTHROUGH = ("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR")
ARGON2_COST = ("ARGON2_TIME_COST", "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM")


# --- the live server -----------------------------------------------------------------------


@dataclass(frozen=True)
class LiveServer:
    url: str
    log_path: Path
    tmp_dir: Path

    def log_tail(self, lines: int = 60) -> str:
        return tail(self.log_path, lines)


def _in_own_thread(coro_fn, *args, **kwargs):
    """Run a coroutine with ``asyncio.run`` in a thread of its own: never in (or beside) the
    test process's event loop."""
    result: dict = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coro_fn(*args, **kwargs))
        except BaseException as exc:  # re-raised in the calling thread
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


async def _recreate_database(admin_url: str, name: str, *, create: bool) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f"DROP DATABASE IF EXISTS {_quote_ident(name)} WITH (FORCE)")
        if create:
            await conn.execute(f"CREATE DATABASE {_quote_ident(name)}")
    finally:
        await conn.close()


def _browser_database() -> tuple[str, str, str] | None:
    """(admin url, database name, database url) for the PostgreSQL path, else None."""
    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url:
        return None
    if not test_url.startswith(("postgresql://", "postgres://")):
        pytest.fail(f"TEST_DATABASE_URL must be a postgresql:// URL, got {test_url!r}")
    base_name = urlsplit(test_url).path.lstrip("/") or "postgres"
    name = f"{base_name}_browser"
    return _with_database(test_url, "postgres"), name, _with_database(test_url, name)


def _child_env(var_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key in PASSTHROUGH or key.startswith("PG")}
    env.update(
        CHANGXIAO_VAR_DIR=str(var_dir),
        CHANGXIAO_ENV="development",
        SECRET_KEY="browser-test-secret-key-that-is-long-enough-0123456789",
        PICCOLO_CONF="app.piccolo_conf",
        PYTHONUNBUFFERED="1",
    )
    # The harness's cheap password hashing (tests/conftest.py): the demo accounts and every login.
    env.update({key: os.environ[key] for key in ARGON2_COST if key in os.environ})
    # No BROKER_URL / REDIS_URL: the embedded mode (worker and scheduler inside the web process).
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run_step(args: list[str], env: dict[str, str], log_path: Path) -> None:
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(args)}\n")
        log.flush()
        done = subprocess.run(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=60)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(args)} failed with exit code {done.returncode}:\n{tail(log_path)}")


@pytest.fixture(autouse=True)
def clean_database():
    """Replaces the harness's async fixture of that name: see the module docstring."""
    yield


@pytest.fixture(scope="package")
def browser_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="package")
def live_server(browser_tmp: Path) -> Iterator[LiveServer]:
    var_dir = browser_tmp / "var"
    var_dir.mkdir()
    log_path = browser_tmp / "server.log"
    log_path.touch()
    database = _browser_database()
    if database:
        admin_url, name, database_url = database
        _in_own_thread(_recreate_database, admin_url, name, create=True)
    else:
        database_url = None
    env = _child_env(var_dir, database_url)
    process = None
    try:
        _run_step([str(BIN / "changxiao"), "db", "migrate"], env, log_path)
        _run_step([str(BIN / "changxiao"), "demo", "load"], env, log_path)
        process, url = start_server(env, log_path)
        yield LiveServer(url=url, log_path=log_path, tmp_dir=browser_tmp)
    finally:
        if process is not None:
            stop(process)
        if database:
            _in_own_thread(_recreate_database, admin_url, name, create=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failing browser test shows the tail of the server's log."""
    report = yield
    if report.failed and "live_server" in getattr(item, "funcargs", {}):
        report.sections.append(("live server log (tail)", item.funcargs["live_server"].log_tail()))
    return report


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="package")
def browser():
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(run 'make browser-deps' or 'sudo apt-get install chromium'; never 'playwright install')",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(live_server: LiveServer, browser):
    """A fresh browser context (no cookies, no storage) per test, pointed at the live server.

    The server is asked for first so that it is stopped last: stopped while Chromium still held
    its keep-alive connections, it waited out its shutdown timeout (~10 s)."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def screenshot(live_server: LiveServer):
    """``screenshot(page, "street-home")``: a full-page PNG in the session's tmp dir, copied to
    /tmp/changxiao-screens/ for people to look at."""
    SCREENS_FOR_HUMANS.mkdir(parents=True, exist_ok=True)
    screens = live_server.tmp_dir / "screens"
    screens.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = screens / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        shutil.copy2(path, SCREENS_FOR_HUMANS / path.name)
        return path

    return take
