"""Transactions that behave the same on SQLite and PostgreSQL, and work to do once they commit."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from app.piccolo_conf import DB

log = logging.getLogger("changxiao.db")

# Callbacks waiting for the outermost transaction of this task to commit; None outside one.
_after_commit: ContextVar[list[Callable[[], None]] | None] = ContextVar("changxiao_after_commit", default=None)


@asynccontextmanager
async def transaction() -> AsyncIterator[object]:
    """A write transaction; joins the caller's if one is open.

    On SQLite it takes the write lock at BEGIN (``IMMEDIATE``): a deferred transaction that reads
    and then writes can fail with "database is locked" instead of waiting its turn. Callbacks given
    to ``on_commit`` inside it run after the outermost one commits, and are dropped on rollback.
    """
    outermost = DB.current_transaction.get() is None
    token = _after_commit.set([]) if outermost else None
    try:
        if isinstance(DB, SQLiteEngine):
            async with DB.transaction(transaction_type=TransactionType.immediate) as txn:
                yield txn
        else:
            async with DB.transaction() as txn:
                yield txn
        callbacks = _after_commit.get() if outermost else []
    finally:
        if token is not None:
            _after_commit.reset(token)
    for callback in callbacks or []:
        callback()


def on_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the current transaction has committed (at once outside a transaction).

    Sending a job's message goes through here: a worker must never be told about a row it cannot
    see yet, and a rolled-back change must send nothing.
    """
    pending = _after_commit.get()
    if pending is None or DB.current_transaction.get() is None:
        callback()
    else:
        pending.append(callback)


async def start_pool(min_size: int, max_size: int) -> None:
    """The web process's PostgreSQL pool, releasing connections without asyncpg's reset query.

    By default asyncpg sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL``
    on every release: a second round trip per query outside a transaction, 13% of a community page
    under load. It clears session-level state, and we keep none: no advisory locks (rows are locked
    with ``SELECT … FOR UPDATE``, which ends with its transaction), no ``SET`` (only ``SET LOCAL``
    would be allowed), no ``LISTEN``, no cursors (Piccolo's ``batch()`` is unused), no temporary
    tables or named prepared statements. asyncpg still rolls back a transaction left open and drops
    listeners on release, whatever ``reset`` says. ``tests/test_db_session_state.py`` refuses the
    statements that would keep session state and checks the pool's connections after real requests;
    whoever needs one of them must restore the default here (drop ``reset``).
    """
    await DB.start_connection_pool(min_size=min_size, max_size=max_size, reset=_keep_session)


async def _keep_session(connection: object) -> None:
    """Nothing to reset: see ``start_pool``."""


def is_postgres() -> bool:
    return not isinstance(DB, SQLiteEngine)


def contains_text(column, term: str):
    """A case-insensitive substring match: ILIKE on PostgreSQL, LIKE (already so for ASCII) on SQLite."""
    pattern = f"%{term}%"
    return column.ilike(pattern) if is_postgres() else column.like(pattern)
