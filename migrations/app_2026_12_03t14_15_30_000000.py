from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T14:15:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "Flags: one open flag per condition, and the open flags found by area and kind"

# Piccolo cannot declare partial or prefix indexes, and runs a migration's raw steps before its new
# tables: hence a migration of its own after the one that creates the flag table. The scan counts on
# the unique one (two scans at once cannot raise a condition twice); the lists and counts read open
# flags by region prefix, with or without a kind; the trend reads an area's flags, open or not.
INDEXES = {
    "flag_open_condition": "CREATE UNIQUE INDEX flag_open_condition ON flag (kind, subject_id) WHERE cleared_at IS NULL",
}
PATTERN_INDEXES = {  # name: (PostgreSQL, SQLite)
    "flag_open_region": ("CREATE INDEX flag_open_region ON flag (region_code varchar_pattern_ops, kind) "
                         "WHERE cleared_at IS NULL",
                         "CREATE INDEX flag_open_region ON flag (region_code, kind) WHERE cleared_at IS NULL"),
    "flag_open_kind": ("CREATE INDEX flag_open_kind ON flag (kind, region_code varchar_pattern_ops) WHERE cleared_at IS NULL",
                       "CREATE INDEX flag_open_kind ON flag (kind, region_code) WHERE cleared_at IS NULL"),
    "flag_region": ("CREATE INDEX flag_region ON flag (region_code varchar_pattern_ops)",
                    "CREATE INDEX flag_region ON flag (region_code)"),
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_indexes():
        from app.db import is_postgres
        from app.piccolo_conf import DB

        for sql in INDEXES.values():
            await DB.run_ddl(sql)
        for postgres, sqlite in PATTERN_INDEXES.values():
            await DB.run_ddl(postgres if is_postgres() else sqlite)

    async def drop_indexes():
        from app.piccolo_conf import DB

        for name in (*INDEXES, *PATTERN_INDEXES):
            await DB.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
