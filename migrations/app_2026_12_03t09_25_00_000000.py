from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T09:25:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "Fund: the households under the 30% top-up line found by a partial index"

# The street's and bureau's fund overview counts the households under the top-up line across their
# whole area (600,000 sub-accounts in a province): a partial index holds only those, so the count
# reads a few rows rather than every sub-account. The condition is app.funds.logic.under_line_sql()
# as it was written here; a query must use the same condition for the planner to pick the index.
UNDER_LINE = "first_deposit_fen > 0 AND paid_fen >= first_deposit_fen AND 10 * balance_fen < 3 * first_deposit_fen"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="app", description=DESCRIPTION)

    async def create_index():
        from app.piccolo_conf import DB

        await DB.run_ddl(f"CREATE INDEX fund_household_under_line ON fund_household (community) WHERE {UNDER_LINE}")

    async def drop_index():
        from app.piccolo_conf import DB

        await DB.run_ddl("DROP INDEX IF EXISTS fund_household_under_line")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager
