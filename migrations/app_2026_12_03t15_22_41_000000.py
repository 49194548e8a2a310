from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T15:22:41:000000"
VERSION = "1.38.0"
DESCRIPTION = "One credit score per company and cycle; the rankings read a cycle by score"

# Piccolo cannot declare these indexes, and runs a migration's raw steps before its new tables:
# hence a migration of its own, after the one that creates credit_score.


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_indexes():
        from app.piccolo_conf import DB

        await DB.run_ddl("CREATE UNIQUE INDEX credit_score_company_cycle ON credit_score (company, cycle)")
        await DB.run_ddl("CREATE INDEX credit_score_cycle_total ON credit_score (cycle, total DESC, company)")
        await DB.run_ddl("CREATE INDEX credit_record_kind_window ON credit_record (kind, valid_until)")

    async def drop_indexes():
        from app.piccolo_conf import DB

        for name in ("credit_score_company_cycle", "credit_score_cycle_total", "credit_record_kind_window"):
            await DB.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
