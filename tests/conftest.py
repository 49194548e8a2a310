"""The test harness.

Every test runs against a real database: SQLite by default, PostgreSQL when TEST_DATABASE_URL is
set; the schema is built once per session by running the migrations forward. Between tests every
table is emptied (rather than each test rolled back) because tests drive the app through real
HTTP requests, real worker threads and, in the browser tests, a separate server process: each of
those commits on its own connection, which a wrapping transaction could not see.
TEST_BROKER_URL=redis://… makes the worker tests use Redis and a real worker process.

Kept cheap: passwords are hashed at argon2's least cost (the production cost is a setting, tested
on its own), the app runs no worker unless the test asks for ``real_worker``, emptying the tables
is one transaction, and ``clock`` fixes "today" for tests whose meaning depends on the date.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import tempfile
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import settings as hypothesis_settings

# Property tests judge results, not speed: on a busy machine (CI runs two legs side by side) an
# example may take longer than Hypothesis's default 200 ms deadline without anything being wrong.
hypothesis_settings.register_profile("changxiao", deadline=None)
hypothesis_settings.load_profile("changxiao")

_VAR = Path(tempfile.mkdtemp(prefix="changxiao-test-"))
os.environ["CHANGXIAO_VAR_DIR"] = str(_VAR)
os.environ["CHANGXIAO_ENV"] = "development"
os.environ["SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
os.environ["PICCOLO_CONF"] = "app.piccolo_conf"
os.environ.pop("DATABASE_URL", None)
os.environ.pop("BROKER_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ["BROKER_NAMESPACE"] = "changxiao-test"
# argon2id at its least cost: hashing is not what these tests test (tests/accounts/test_password_hashing.py
# checks the cost setting itself, and that a hash of another cost is replaced at login).
os.environ["ARGON2_TIME_COST"] = "1"
os.environ["ARGON2_MEMORY_KIB"] = "8"
os.environ["ARGON2_PARALLELISM"] = "1"
# Jobs beat every second and are taken for dead after four silent ones (production: 5 s and 20 s),
# and the scheduler looks for them every second: the crash tests (tests/workers/test_crash_recovery.py)
# take seconds, not minutes. The processes those tests start inherit these.
os.environ["JOB_HEARTBEAT_SECONDS"] = "1"
os.environ["JOB_LEASE_SECONDS"] = "4"
os.environ["JOB_RESEND_SECONDS"] = "1"
if os.environ.get("TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
if os.environ.get("TEST_BROKER_URL"):
    os.environ["BROKER_URL"] = os.environ["TEST_BROKER_URL"]

from app.piccolo_conf import DB  # noqa: E402  (after the environment is set)
from app.db import is_postgres  # noqa: E402
from app.migrate import migrate_forwards  # noqa: E402
from app.piccolo_app import APP_CONFIG  # noqa: E402
from piccolo.querystring import QueryString  # noqa: E402
from piccolo.table import sort_table_classes  # noqa: E402
from app.settings import get_settings  # noqa: E402
from app.web.sessions import make_store  # noqa: E402
from workers import actors as _actors  # noqa: E402,F401  (the job dispatcher, as the app sets it up)
from app.regions import tree as region_tree  # noqa: E402
from tests.factories import FROZEN_NOW  # noqa: E402
from tests.processes import child_env, start_worker, stop  # noqa: E402

# Referenced tables first; emptied in reverse, so no foreign key is left dangling mid-way.
TABLES = [table._meta.tablename for table in sort_table_classes(APP_CONFIG.table_classes)]


async def _reset_schema() -> None:
    if is_postgres():
        await DB.run_ddl("DROP SCHEMA public CASCADE")
        await DB.run_ddl("CREATE SCHEMA public")
    await migrate_forwards()


# SQLite: one script, one transaction, one commit (a DELETE without WHERE just drops the pages).
# The ids start at 1 again, as RESTART IDENTITY does on PostgreSQL: the keys are INTEGER PRIMARY KEY
# without AUTOINCREMENT (no sqlite_sequence), so the next id is one more than the largest left.
_SQLITE_EMPTY = "BEGIN IMMEDIATE;\n" + "".join(f"DELETE FROM {table};\n" for table in reversed(TABLES)) + "COMMIT;"


_PG_EMPTY: list[str] = []  # made once per session, after the migrations (the sequences' names)


async def _pg_empty_script() -> str:
    """PostgreSQL: the same as SQLite's script, with each id sequence set back to 1. A TRUNCATE of every
    table made each one a new file on disk and cost up to a second a test; DELETE of a test's few rows
    costs milliseconds."""
    if not _PG_EMPTY:
        sequences = []
        for table in TABLES:
            rows = await DB.run_querystring(QueryString("SELECT pg_get_serial_sequence({}, 'id') AS seq", table))
            if rows and rows[0]["seq"]:
                sequences.append(rows[0]["seq"])
        resets = ", ".join(f"setval('{seq}', 1, false)" for seq in sequences)
        _PG_EMPTY.append("BEGIN;\n" + "".join(f"DELETE FROM {table};\n" for table in reversed(TABLES))
                         + (f"SELECT {resets};\n" if resets else "") + "COMMIT;")
    return _PG_EMPTY[0]


async def _empty_tables() -> None:
    if is_postgres():
        script = await _pg_empty_script()
        connection = await DB.get_new_connection()  # asyncpg's simple protocol: several commands at once
        try:
            await connection.execute(script)
        finally:
            await connection.close()
    else:
        connection = sqlite3.connect(get_settings().db.sqlite_path, timeout=30, isolation_level=None)
        try:
            connection.execute("PRAGMA foreign_keys = ON")
            connection.executescript(_SQLITE_EMPTY)
        finally:
            connection.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    asyncio.run(_reset_schema())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_VAR, ignore_errors=True)


async def _empty_store() -> None:
    settings = get_settings()
    if settings.auth.redis_url:
        await make_store(settings).delete_all()
    else:
        shutil.rmtree(settings.app.var_dir / "store", ignore_errors=True)


def _empty_queues() -> None:
    """Messages sent by a test that ran no worker must not be run by the next test's worker (whose job
    ids start at 1 again and would mean other jobs)."""
    from workers.broker import broker

    broker.flush_all()


@pytest.fixture(autouse=True)
def default_locale():
    """Each test starts in the default language: a test that switches it (set_locale) must not decide
    the language of the messages the next tests read."""
    from app.i18n import _current

    token = _current.set(get_settings().app.default_locale)
    yield
    _current.reset(token)


@pytest.fixture(autouse=True)
async def clean_database():
    await _empty_tables()
    await _empty_store()
    _empty_queues()
    # The tables were emptied behind the app's back: what this process kept of the tree is stale.
    region_tree.forget()
    yield


@pytest.fixture
def app(request: pytest.FixtureRequest):
    """The app without its worker and scheduler: a job it starts waits in the queue, unrun. A test
    that needs its jobs run asks for ``real_worker`` as well; on the embedded leg the app then
    starts its worker threads (on the Redis leg ``real_worker`` is a worker process)."""
    from app.asgi import create_app

    return create_app(embedded_worker="real_worker" in request.fixturenames, scheduler=False)


@asynccontextmanager
async def serve(app, base_url: str = "http://testserver.local"):
    """The app's lifespan and an HTTP client, both on the test's own event loop.

    Litestar's AsyncTestClient runs the lifespan on a loop of its own (a blocking portal), which
    would open the PostgreSQL pool on the wrong loop; httpx's ASGI transport keeps one loop. The
    lifespan runs in a task of its own because pytest-asyncio sets a fixture up and tears it
    down in different tasks, and the lifespan's task group must be left in the task that entered it.
    """
    started, stop = asyncio.Event(), asyncio.Event()

    async def run_lifespan() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    lifespan = asyncio.create_task(run_lifespan())
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait({lifespan, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if lifespan.done():
        waiter.cancel()
        lifespan.result()  # start-up failed: raise its error here
    try:
        transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 50000))
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as test_client:
            yield test_client
    finally:
        stop.set()
        await lifespan


@asynccontextmanager
async def client_at(app, address: str, base_url: str = "http://testserver.local"):
    """Another browser, at another client address, on an app that ``serve`` (the ``client`` fixture)
    is already running: a colleague behind the same NAT, or someone elsewhere on the internet."""
    transport = httpx.ASGITransport(app=app, client=(address, 50001))
    async with httpx.AsyncClient(transport=transport, base_url=base_url) as other:
        yield other


@pytest.fixture
async def client(app):
    async with serve(app) as test_client:
        yield test_client


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch):
    """CHANGXIAO_ENV=production for ``load_settings()``, with the production password-hash cost
    (production refuses the tests' cheap one)."""
    monkeypatch.setenv("CHANGXIAO_ENV", "production")
    for name in ("ARGON2_TIME_COST", "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def configure(monkeypatch: pytest.MonkeyPatch):
    """``configure(NAME=value, …)``: the settings (and the password hasher made from them) as if the
    environment said so, for this test only. An app made before the call keeps its old settings."""
    from app.accounts import logic

    def forget() -> None:
        get_settings.cache_clear()
        logic._hasher.cache_clear()
        logic.dummy_hash.cache_clear()

    def set_values(**values: object) -> None:
        for name, value in values.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, str(value))
        forget()

    yield set_values
    forget()  # monkeypatch restores the environment after this; the settings are read again on next use


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch):
    """Fixes the one clock (``app.clock.now``; ``today``, ``utcnow`` and ``this_year`` follow it) at
    ``FROZEN_NOW`` for tests whose meaning depends on the date; ``clock.set(datetime)`` moves it.
    The browser tests' server runs in its own process on the real clock."""
    from app import clock as app_clock

    class Clock:
        moment = FROZEN_NOW

        def set(self, moment: datetime) -> None:
            self.moment = moment if moment.tzinfo else moment.replace(tzinfo=app_clock.CHINA)

        def today(self):
            return self.moment.date()

    fixed = Clock()
    monkeypatch.setattr(app_clock, "now", lambda: fixed.moment)
    return fixed


@pytest.fixture
def real_worker():
    """A worker that runs the jobs this test starts. In the Redis leg a worker process of our own;
    in the embedded leg the app's own threads, which the ``app`` fixture starts when a test asks
    for this fixture."""
    if not get_settings().broker.is_redis:
        yield None
        return
    process = start_worker(child_env(), _VAR / "worker.log")
    yield process
    stop(process, group=False)  # the main dramatiq process only (stack-notes.md)
