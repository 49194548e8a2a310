from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T08:26:19:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fund: one rate per county and day, one correction per entry, a ledger read in order by index"

# Piccolo cannot declare these, and runs a migration's raw steps before its new tables: hence a
# migration of its own, after the one that creates the fund's tables. ``funds verify`` and the pages
# read a community's ledger by (community, id) in keyset pages; seq numbers a community's entries.
INDEXES = {
    "fund_rate_county_day": "CREATE UNIQUE INDEX fund_rate_county_day ON fund_rate (region_code, effective_from)",
    "fund_entry_corrected_once": "CREATE UNIQUE INDEX fund_entry_corrected_once ON fund_entry (corrects)",
    "fund_entry_community_seq": "CREATE UNIQUE INDEX fund_entry_community_seq ON fund_entry (community, seq)",
    "fund_entry_community_id": "CREATE INDEX fund_entry_community_id ON fund_entry (community, id)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_indexes():
        from app.db import is_postgres
        from app.piccolo_conf import DB

        for sql in INDEXES.values():
            await DB.run_ddl(sql)
        if is_postgres():  # as the other region codes (app_2026_12_02t11_05_00_000000)
            await DB.run_ddl("CREATE INDEX fund_account_region_code_prefix ON fund_account (region_code varchar_pattern_ops)")

    async def drop_indexes():
        from app.piccolo_conf import DB

        for name in (*INDEXES, "fund_account_region_code_prefix"):
            await DB.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
