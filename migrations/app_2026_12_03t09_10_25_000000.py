from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T09:10:25:000000"
VERSION = "1.38.0"
DESCRIPTION = "one share per household of a fund proposal"

# A unique index rather than a constraint, as the registry's natural keys: the same statement runs on
# both databases. Its own migration, since a migration's raw statements run before its new tables.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_index():
        from app.piccolo_conf import DB

        await DB.run_ddl(
            "CREATE UNIQUE INDEX fund_proposal_share_natural_key ON fund_proposal_share (proposal, household)")

    async def drop_index():
        from app.piccolo_conf import DB

        await DB.run_ddl("DROP INDEX IF EXISTS fund_proposal_share_natural_key")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
