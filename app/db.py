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


class Prepared:
    """A Piccolo query whose SQL is built once, then run again and again with new parameter values.

    Piccolo turns a query's column, join and condition objects into SQL on every run: about 1 ms of
    Python for a select with a few joins, a fifth of a simple page. ``Prepared(Table, build)`` calls
    ``build`` once with a marker for each parameter, keeps the SQL Piccolo makes of it, and runs that
    as a raw query (the same rows: Piccolo's select adds nothing to them but for JSON and M2M
    columns, which a prepared query must not select). Only for a query whose SQL is the same whatever
    the values: no ``is_in`` of a list, no value that may be None (Piccolo writes IS NULL for it).

        _HISTORY = Prepared(Arrangement, lambda community: Arrangement.select(*COLUMNS).where(
            Arrangement.community == community))
        rows = await _HISTORY.run(community_id)
    """

    def __init__(self, table: type, build: Callable[..., object]) -> None:
        self.table = table
        self.build = build
        self._sql: tuple[str, list, list[tuple[int, int]]] | None = None

    def _compile(self) -> tuple[str, list, list[tuple[int, int]]]:
        markers = [_Parameter(index) for index in range(self.build.__code__.co_argcount)]
        querystring = self.build(*markers).querystrings[0]
        _, fragments, args = querystring.bundle(start_index=1, bundled=[], combined_args=[])
        # The raw query reads "{}" as a parameter again: braces that were SQL text are doubled.
        sql = "".join(f.prefix.replace("{", "{{").replace("}", "}}") + ("" if f.no_arg else "{}") for f in fragments)
        slots = [(position, arg.index) for position, arg in enumerate(args) if isinstance(arg, _Parameter)]
        if len(slots) != len(markers):
            raise ValueError("each parameter of a prepared query must appear in it exactly once")
        return sql, args, slots

    async def run(self, *values: object) -> list[dict]:
        if self._sql is None:
            self._sql = self._compile()
        sql, args, slots = self._sql
        args = list(args)
        for position, index in slots:
            args[position] = values[index]
        return await self.table.raw(sql, *args)


class _Parameter:
    def __init__(self, index: int) -> None:
        self.index = index


def contains_text(column, term: str):
    """A case-insensitive substring match: ILIKE on PostgreSQL, LIKE (already so for ASCII) on SQLite.

    A term with no cased letter (Chinese, digits) matches the same either way, and PostgreSQL's LIKE
    is about three times faster than ILIKE over a province's names (no case folding of each row)."""
    pattern = f"%{term}%"
    return column.ilike(pattern) if is_postgres() and term.lower() != term.upper() else column.like(pattern)
