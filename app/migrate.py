"""Applying migrations from code (the CLI, the test harness)."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.sqlite import SQLiteEngine

from app.piccolo_conf import DB


async def migrate_forwards() -> None:
    if isinstance(DB, SQLiteEngine):
        # WAL lets readers go on while one writer writes (web and embedded worker share the file).
        await DB.run_ddl("PRAGMA journal_mode=WAL")
    result = await run_forwards(app_name="app", migration_id="all", fake=False)
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")
