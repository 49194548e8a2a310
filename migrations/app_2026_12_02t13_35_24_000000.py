from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T13:35:24:000000"
VERSION = "1.38.0"
DESCRIPTION = "Indexes for the decision list: newest window first, and the region prefix a scoped user reads"

# The decision list is ordered by the window's last day (newest first) and cut to a page: without an
# index on that order PostgreSQL sorted all 20,000 decisions of the province for every page (14 ms
# at province scale); with it the page is read off the index. A street or district user's list is
# scoped by ``region_code LIKE '<prefix>%'``, which only the pattern operator class can serve
# (PostgreSQL only, as in migration 2026-12-02T11:05:00).


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_indexes():
        from app.db import is_postgres
        from app.piccolo_conf import DB

        await DB.run_ddl("CREATE INDEX IF NOT EXISTS decision_newest ON decision (closes_on, id)")
        if is_postgres():
            await DB.run_ddl("CREATE INDEX IF NOT EXISTS decision_region_code_prefix ON decision "
                             "(region_code varchar_pattern_ops)")

    async def drop_indexes():
        from app.piccolo_conf import DB

        await DB.run_ddl("DROP INDEX IF EXISTS decision_newest")
        await DB.run_ddl("DROP INDEX IF EXISTS decision_region_code_prefix")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
