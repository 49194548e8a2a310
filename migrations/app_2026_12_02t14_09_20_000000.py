from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T14:09:20:000000"
VERSION = "1.38.0"
DESCRIPTION = "At most one owner committee in office per community"

# Piccolo cannot declare a partial unique index, and runs a migration's raw steps before its new
# tables: hence a migration of its own, after the one that creates committee.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_index():
        from app.piccolo_conf import DB

        await DB.run_ddl("CREATE UNIQUE INDEX committee_in_office_once ON committee (community) WHERE ended_on IS NULL")

    async def drop_index():
        from app.piccolo_conf import DB

        await DB.run_ddl("DROP INDEX IF EXISTS committee_in_office_once")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
