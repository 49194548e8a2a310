"""The web process's pool hands connections on without asyncpg's reset query (``app.db.start_pool``):
safe only while no code leaves session-level state on a connection. These tests refuse the
statements that would, and check the pool's connections after real requests on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from app.communities.tables import Community
from app.db import is_postgres
from app.piccolo_conf import DB
from tests.factories import login, make_world

ROOT = Path(__file__).resolve().parents[1]

# Statements whose effect outlives the transaction that ran them (their transaction-scoped forms are fine:
# pg_advisory_xact_lock, SET LOCAL, set_config(..., true), cursors without HOLD, ON COMMIT DROP).
SESSION_STATE = {
    "a session-level advisory lock": re.compile(r"pg_(try_)?advisory_lock(_shared)?\s*\(", re.I),
    "LISTEN": re.compile(r"""(^|["';]\s*)LISTEN\s""", re.I | re.M),
    "a session SET": re.compile(r"""(^|["';]\s*)SET\s+(?!LOCAL\b)(SESSION\s+)?[a-z_."]+\s*(=|TO\b)""", re.I | re.M),
    "set_config for the session": re.compile(r"set_config\s*\([^)]*,\s*false\s*\)", re.I),
    "a cursor WITH HOLD": re.compile(r"\bWITH\s+HOLD\b", re.I),
    "a temporary table": re.compile(r"\bCREATE\s+(GLOBAL\s+|LOCAL\s+)?TEMP(ORARY)?\s+TABLE\b", re.I),
    "a named prepared statement": re.compile(r"""(^|["';]\s*)PREPARE\s+\w+""", re.I | re.M),
}

# What a connection keeps between transactions, as PostgreSQL reports it.
STATE_QUERY = """
SELECT (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) AS advisory_locks,
       (SELECT count(*) FROM pg_settings WHERE source = 'session') AS session_settings,
       (SELECT count(*) FROM pg_listening_channels()) AS channels,
       (SELECT count(*) FROM pg_cursors WHERE is_holdable) AS cursors,  -- others end with their transaction
       (SELECT count(*) FROM pg_prepared_statements WHERE from_sql) AS named_statements
"""


def _sources() -> list[Path]:
    return [path for folder in ("app", "workers") for path in (ROOT / folder).rglob("*.py")]


def test_no_code_keeps_state_on_a_pooled_connection():
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in _sources()
        for what, pattern in SESSION_STATE.items()
        if pattern.search(path.read_text())
    ]
    assert found == [], "session-level state on a pooled connection (see app.db.start_pool): " + "; ".join(found)


@pytest.mark.parametrize(
    "sql",
    ["SELECT pg_advisory_lock(7)", "LISTEN jobs", "SET search_path TO other", "SET SESSION statement_timeout = 5",
     "SELECT set_config('work_mem', '8MB', false)", "DECLARE c CURSOR WITH HOLD FOR SELECT 1",
     "CREATE TEMP TABLE scratch (id int)", "PREPARE find AS SELECT 1"],
)
def test_the_scan_would_see_each_kind_of_session_state(sql):
    source = f'await Community.raw("{sql}")'
    assert any(pattern.search(source) for pattern in SESSION_STATE.values()), sql


@pytest.mark.parametrize(
    "sql",
    ["SELECT pg_advisory_xact_lock(7)", "SET LOCAL statement_timeout = 5", "UPDATE job SET done_at = now()",
     "SELECT id FROM community WHERE id = {} FOR UPDATE"],
)
def test_the_scan_lets_transaction_scoped_statements_be(sql):
    source = f'await Community.raw("{sql}")'
    assert not any(pattern.search(source) for pattern in SESSION_STATE.values()), sql


async def _state_of_every_pooled_connection() -> list[dict]:
    """Every connection of the pool at once (holding them all, so none is handed out twice)."""
    pool = DB.pool
    connections = await asyncio.gather(*(pool.acquire() for _ in range(pool.get_max_size())))
    try:
        return [dict(await connection.fetchrow(STATE_QUERY)) for connection in connections]
    finally:
        for connection in connections:
            await pool.release(connection)


CLEAN = {"advisory_locks": 0, "session_settings": 0, "channels": 0, "cursors": 0, "named_statements": 0}


@pytest.mark.skipif(not is_postgres(), reason="the pool and its reset are PostgreSQL's")
async def test_pooled_connections_carry_no_session_state_after_real_requests(client, clock):
    world = await make_world()
    await login(client, "bob")
    for path in ("/", "/communities", f"/communities/{world.community_a}", "/overview", "/companies"):
        assert (await client.get(path)).status_code == 200
    await Community.raw("SELECT id FROM community WHERE id = {} FOR UPDATE", world.community_a)  # a row lock, outside a transaction
    assert await _state_of_every_pooled_connection() == [CLEAN] * DB.pool.get_max_size()


@pytest.mark.skipif(not is_postgres(), reason="the pool and its reset are PostgreSQL's")
async def test_the_check_sees_session_state_left_on_a_connection(client):
    async with DB.pool.acquire() as connection:
        await connection.execute("SELECT pg_advisory_lock(7); LISTEN jobs; SET work_mem = '8MB'")
        try:
            state = dict(await connection.fetchrow(STATE_QUERY))
        finally:
            await connection.execute("SELECT pg_advisory_unlock_all(); UNLISTEN *; RESET ALL")
    assert state == {**CLEAN, "advisory_locks": 1, "channels": 1, "session_settings": 1}
