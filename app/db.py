"""Transactions that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from app.piccolo_conf import DB


def transaction():
    """A write transaction; joins the caller's if one is open.

    On SQLite it takes the write lock at BEGIN (``IMMEDIATE``): a deferred transaction that reads
    and then writes can fail with "database is locked" instead of waiting its turn.
    """
    if isinstance(DB, SQLiteEngine):
        return DB.transaction(transaction_type=TransactionType.immediate)
    return DB.transaction()


def is_postgres() -> bool:
    return not isinstance(DB, SQLiteEngine)


def contains_text(column, term: str):
    """A case-insensitive substring match: ILIKE on PostgreSQL, LIKE (already so for ASCII) on SQLite."""
    pattern = f"%{term}%"
    return column.ilike(pattern) if is_postgres() else column.like(pattern)
