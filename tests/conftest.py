"""The test harness.

Every test runs against a real database: SQLite by default, PostgreSQL when TEST_DATABASE_URL is
set; the schema is built once per session by running the migrations forward. Between tests every
table is emptied (rather than each test rolled back) because tests drive the app through real
HTTP requests, real worker threads and, in the browser tests, a separate server process: each of
those commits on its own connection, which a wrapping transaction could not see.
TEST_BROKER_URL=redis://… makes the worker tests use Redis and a real worker process.
"""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
import pytest

_VAR = Path(tempfile.mkdtemp(prefix="changxiao-test-"))
os.environ["CHANGXIAO_VAR_DIR"] = str(_VAR)
os.environ["CHANGXIAO_ENV"] = "development"
os.environ["SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
os.environ["PICCOLO_CONF"] = "app.piccolo_conf"
os.environ.pop("DATABASE_URL", None)
os.environ.pop("BROKER_URL", None)
os.environ.pop("REDIS_URL", None)
os.environ["BROKER_NAMESPACE"] = "changxiao-test"
if os.environ.get("TEST_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["TEST_DATABASE_URL"]
if os.environ.get("TEST_BROKER_URL"):
    os.environ["BROKER_URL"] = os.environ["TEST_BROKER_URL"]

from app.piccolo_conf import DB  # noqa: E402  (after the environment is set)
from app.db import is_postgres  # noqa: E402
from app.migrate import migrate_forwards  # noqa: E402
from app.piccolo_app import APP_CONFIG  # noqa: E402
from piccolo.table import sort_table_classes  # noqa: E402
from app.settings import get_settings  # noqa: E402
from app.web.sessions import make_store  # noqa: E402

# Referenced tables first; emptied in reverse, so no foreign key is left dangling mid-way.
TABLES = [table._meta.tablename for table in sort_table_classes(APP_CONFIG.table_classes)]


async def _reset_schema() -> None:
    if is_postgres():
        await DB.run_ddl("DROP SCHEMA public CASCADE")
        await DB.run_ddl("CREATE SCHEMA public")
    await migrate_forwards()


async def _empty_tables() -> None:
    if is_postgres():
        await DB.run_ddl(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
    else:
        for table in reversed(TABLES):
            await DB.run_ddl(f"DELETE FROM {table}")


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


@pytest.fixture(autouse=True)
async def clean_database():
    await _empty_tables()
    await _empty_store()
    yield


@pytest.fixture
def app():
    from app.asgi import create_app

    return create_app(scheduler=False)


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


@pytest.fixture
async def client(app):
    async with serve(app) as test_client:
        yield test_client


@pytest.fixture
def real_worker():
    """In the Redis leg, a worker process of our own; in the embedded leg the app's threads suffice."""
    if not get_settings().broker.is_redis:
        yield None
        return
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = (_VAR / "worker.log").open("ab")  # a file, not a pipe nobody reads (a full pipe blocks the worker)
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker", "--processes", "1", "--threads", "2"],
        cwd=Path(__file__).resolve().parents[1], env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    yield process
    process.send_signal(signal.SIGTERM)  # the main dramatiq process only (stack-notes.md)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
