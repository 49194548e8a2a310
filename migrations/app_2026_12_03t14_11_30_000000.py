from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T14:11:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "Complaints: the lists' indexes (company, street and community, by state and deadline)"

# Piccolo cannot declare composite indexes, and runs a migration's raw steps before its new tables:
# hence a migration of its own after the one that creates the complaint tables. Each list filters by
# one party and a state and reads in deadline order, so the index ends with due_at; "overdue" is
# state = 'open' AND due_at <= now, a range of the same index.
INDEXES = {
    "complaint_company_state_due": "CREATE INDEX complaint_company_state_due ON complaint (responsible_company, state, due_at)",
    "complaint_street_state_due": "CREATE INDEX complaint_street_state_due ON complaint (street_code, state, due_at)",
    "complaint_community_filed": "CREATE INDEX complaint_community_filed ON complaint (community, filed_at)",
    "complaint_event_complaint": "CREATE INDEX complaint_event_complaint ON complaint_event (complaint, id)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_indexes():
        from app.db import is_postgres
        from app.piccolo_conf import DB

        for sql in INDEXES.values():
            await DB.run_ddl(sql)
        if is_postgres():  # as the other region codes (app_2026_12_02t11_05_00_000000): a county's LIKE prefix
            await DB.run_ddl("CREATE INDEX complaint_region_code_prefix ON complaint (region_code varchar_pattern_ops, due_at)")
        else:
            await DB.run_ddl("CREATE INDEX complaint_region_code_prefix ON complaint (region_code, due_at)")

    async def drop_indexes():
        from app.piccolo_conf import DB

        for name in (*INDEXES, "complaint_region_code_prefix"):
            await DB.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
