from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-25T12:42:23:000000"
VERSION = "1.38.0"
DESCRIPTION = "natural keys of the registry"

# Unique indexes rather than constraints: SQLite cannot add a constraint to an existing table, and
# the same statements then run on both databases.
STATEMENTS = [
    "CREATE UNIQUE INDEX building_natural_key ON building (community, number)",
    "CREATE UNIQUE INDEX owner_natural_key ON owner (community, name, phone)",
    "CREATE UNIQUE INDEX household_natural_key ON household (building, unit_number)",
    "CREATE INDEX arrangement_community_dates ON arrangement (community, start_date)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_indexes():
        from app.piccolo_conf import DB

        for statement in STATEMENTS:
            await DB.run_ddl(statement)

    async def drop_indexes():
        from app.piccolo_conf import DB

        for name in ("building_natural_key", "owner_natural_key", "household_natural_key", "arrangement_community_dates"):
            await DB.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
