"""Writing many rows fast, in one transaction: COPY on PostgreSQL (asyncpg's binary copy), one
prepared multi-row insert (``executemany``) on SQLite. Ids are the caller's (``next_ids`` starts them
after the largest in the database); on PostgreSQL the sequences are moved past them at the end.

Values are written as Piccolo would write them: a column a row leaves out gets the column's default,
and on SQLite Piccolo's own adapters (registered with ``sqlite3`` when its engine is imported) turn
dates, times and decimals into what Piccolo reads back.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from typing import Any

import asyncpg
from piccolo.table import Table

from app.settings import get_settings


def _spec(table: type[Table]) -> list[tuple[str, Any]]:
    """Each column's name and the value a row without it gets (defaults such as "now" taken once)."""
    spec = []
    for column in table._meta.columns:
        default = None if column._meta.primary_key else column.get_default_value()
        if hasattr(default, "python"):  # Piccolo's Default objects, e.g. TimestamptzNow
            default = default.python()
        spec.append((column._meta.db_column_name, default))
    return spec


class Writer(ABC):
    """Rows of several tables in one transaction; ``commit`` or ``rollback`` ends it."""

    def __init__(self) -> None:
        self.written: dict[str, int] = {}
        self._specs: dict[type[Table], list[tuple[str, Any]]] = {}

    def _tuples(self, table: type[Table], rows: list[dict]) -> tuple[str, list[str], list[tuple]]:
        spec = self._specs.get(table) or self._specs.setdefault(table, _spec(table))
        name = table._meta.tablename
        self.written[name] = self.written.get(name, 0) + len(rows)
        return name, [column for column, _ in spec], [tuple(row.get(column, default) for column, default in spec) for row in rows]

    async def __aenter__(self) -> Writer:
        await self.open()
        return self

    async def __aexit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            await self.commit()
        else:
            await self.rollback()

    @abstractmethod
    async def open(self) -> None: ...

    @abstractmethod
    async def next_ids(self, tables: list[type[Table]]) -> dict[str, int]: ...

    @abstractmethod
    async def write(self, table: type[Table], rows: list[dict]) -> None: ...

    @abstractmethod
    async def commit(self) -> None: ...

    @abstractmethod
    async def rollback(self) -> None: ...


class PostgresWriter(Writer):
    def __init__(self, dsn: str) -> None:
        super().__init__()
        self.dsn = dsn

    async def open(self) -> None:
        self.connection = await asyncpg.connect(self.dsn)
        self.transaction = self.connection.transaction()
        await self.transaction.start()

    async def next_ids(self, tables: list[type[Table]]) -> dict[str, int]:
        return {
            table._meta.tablename: await self.connection.fetchval(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table._meta.tablename}"')
            for table in tables
        }

    async def write(self, table: type[Table], rows: list[dict]) -> None:
        if rows:
            name, columns, records = self._tuples(table, rows)
            await self.connection.copy_records_to_table(name, records=records, columns=columns)

    async def commit(self) -> None:
        try:
            for name in self.written:
                await self.connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), (SELECT COALESCE(MAX(id), 1) FROM \"{name}\"))"
                )
            await self.transaction.commit()
            # Fresh statistics, so the first queries after a load are planned as later ones will be.
            for name in self.written:
                await self.connection.execute(f'ANALYZE "{name}"')
        finally:
            await self.connection.close()

    async def rollback(self) -> None:
        try:
            await self.transaction.rollback()
        finally:
            await self.connection.close()


class SQLiteWriter(Writer):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    async def open(self) -> None:
        import piccolo.engine.sqlite  # noqa: F401  (registers the adapters Piccolo writes with)

        self.connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.connection.execute("PRAGMA foreign_keys = ON")
        self.connection.execute("BEGIN IMMEDIATE")

    async def next_ids(self, tables: list[type[Table]]) -> dict[str, int]:
        return {
            table._meta.tablename: self.connection.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table._meta.tablename}"').fetchone()[0]
            for table in tables
        }

    async def write(self, table: type[Table], rows: list[dict]) -> None:
        if rows:
            name, columns, records = self._tuples(table, rows)
            marks = ", ".join("?" for _ in columns)
            names = ", ".join(f'"{column}"' for column in columns)
            self.connection.executemany(f'INSERT INTO "{name}" ({names}) VALUES ({marks})', records)

    async def commit(self) -> None:
        try:
            self.connection.execute("COMMIT")
        finally:
            self.connection.close()

    async def rollback(self) -> None:
        try:
            self.connection.execute("ROLLBACK")
        finally:
            self.connection.close()


def writer() -> Writer:
    db = get_settings().db
    return PostgresWriter(db.url) if db.is_postgres else SQLiteWriter(str(db.sqlite_path))
