"""The one Piccolo app: every table, one migration stream in the top-level ``migrations/``."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

TABLE_MODULES = [
    "app.regions.tables",
    "app.accounts.tables",
    "app.companies.tables",
    "app.communities.tables",
    "app.management.tables",
    "app.audit.tables",
    "app.jobs.tables",
]

APP_CONFIG = AppConfig(
    app_name="app",
    migrations_folder_path=str(Path(__file__).resolve().parent.parent / "migrations"),
    table_classes=table_finder(modules=TABLE_MODULES, exclude_tags=["abstract"]),
    migration_dependencies=[],
    commands=[],
)
