from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T13:30:49:000000"
VERSION = "1.38.0"
DESCRIPTION = "An owner record belongs to at most one owner account"

# Piccolo cannot declare this constraint, and runs a migration's raw steps before its new tables:
# hence a migration of its own, after the one that creates owner_link.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_index():
        from app.piccolo_conf import DB

        await DB.run_ddl("CREATE UNIQUE INDEX owner_link_owner_once ON owner_link (owner)")

    async def drop_index():
        from app.piccolo_conf import DB

        await DB.run_ddl("DROP INDEX IF EXISTS owner_link_owner_once")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
