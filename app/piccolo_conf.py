"""Piccolo's configuration: the engine follows ``DATABASE_URL`` (see settings.py)."""

from piccolo.conf.apps import AppRegistry
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from app.querycount import CountingEngine
from app.settings import get_settings


# Piccolo's engines, counting their queries for ``app.querycount`` (the benchmark and the query-count test).
class CountingPostgresEngine(CountingEngine, PostgresEngine):
    pass


class CountingSQLiteEngine(CountingEngine, SQLiteEngine):
    pass


def _engine():
    db = get_settings().db
    if db.is_postgres:
        # A plan made for each query's values, never PostgreSQL's generic plan for a prepared
        # statement: almost every query is scoped by ``region_code LIKE $1``, whose generic estimate
        # (a few rows) chose nested loops that took 60-95 ms where the custom plan takes 8 ms (the
        # community list filtered by red-property companies, province scale). Planning costs ~0.1-1.5 ms.
        return CountingPostgresEngine(config={"dsn": db.url, "server_settings": {"plan_cache_mode": "force_custom_plan"}})
    db.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    # Web and worker both write: wait for a lock rather than fail at once.
    return CountingSQLiteEngine(path=str(db.sqlite_path), timeout=30)


DB = _engine()

APP_REGISTRY = AppRegistry(apps=["app.piccolo_app"])
