from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T14:35:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Ratings: one per rater and period, read by community and period; tallies by area and company"

# Piccolo cannot declare these, and runs a migration's raw steps before its new tables: hence a
# migration of its own, after the one that creates the tables. A rating's key is
# satisfaction.rating_key; (community, period_start, score) answers a community's counts from the
# index alone; the tally is read by span (a period's or a year's rows), then region prefix or company
# over a range of periods.
INDEXES = {
    "rating_rater_period": "CREATE UNIQUE INDEX rating_rater_period ON rating (community, period, rater_kind, rater_id)",
    "rating_community_period": "CREATE INDEX rating_community_period ON rating (community, period_start, score)",
    "rating_period_start": "CREATE INDEX rating_period_start ON rating (period_start)",
    "rating_tally_key": "CREATE UNIQUE INDEX rating_tally_key ON rating_tally (span, community, period_start, company)",
    "rating_tally_company": "CREATE INDEX rating_tally_company ON rating_tally (span, company, period_start)",
    "rating_tally_period": "CREATE INDEX rating_tally_period ON rating_tally (span, period_start)",
}
REGION = {
    True: "CREATE INDEX rating_tally_region ON rating_tally (span, region_code varchar_pattern_ops, period_start)",
    False: "CREATE INDEX rating_tally_region ON rating_tally (span, region_code, period_start)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_indexes():
        from app.db import is_postgres
        from app.piccolo_conf import DB

        for sql in INDEXES.values():
            await DB.run_ddl(sql)
        await DB.run_ddl(REGION[is_postgres()])

    async def drop_indexes():
        from app.piccolo_conf import DB

        for name in (*INDEXES, "rating_tally_region"):
            await DB.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager
