from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T14:11:16:000000"
VERSION = "1.38.0"
DESCRIPTION = "Service logs: the indexes their two lists read"

# A community's logs and a company's logs, newest first (2,000,000 logs at province scale).
INDEXES = {
    "service_log_community_day": "service_log (community, service_date, id)",
    "service_log_company_day": "service_log (company, service_date, id)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_indexes():
        from app.piccolo_conf import DB

        for name, columns in INDEXES.items():
            await DB.run_ddl(f"CREATE INDEX {name} ON {columns}")

    async def drop_indexes():
        from app.piccolo_conf import DB

        for name in INDEXES:
            await DB.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
