"""The one Piccolo app: every table, one migration stream in the top-level ``migrations/``."""

from pathlib import Path

from piccolo.conf.apps import AppConfig, table_finder

from app.domains import table_modules

TABLE_MODULES = table_modules()  # each domain declares its tables (app/<domain>/domain.py)

APP_CONFIG = AppConfig(
    app_name="app",
    migrations_folder_path=str(Path(__file__).resolve().parent.parent / "migrations"),
    table_classes=table_finder(modules=TABLE_MODULES, exclude_tags=["abstract"]),
    migration_dependencies=[],
    commands=[],
)
