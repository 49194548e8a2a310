"""The tables and the migrations agree: `piccolo migrations new app --auto` would find nothing."""

from piccolo.apps.migrations.commands.new import AutoMigrationManager

from app.piccolo_app import APP_CONFIG


async def test_the_tables_and_the_migrations_are_in_step():
    alter_statements = await AutoMigrationManager(auto_input="y").get_alter_statements(app_config=APP_CONFIG)
    pending = [statement for group in alter_statements for statement in group.statements]
    assert pending == [], "run `piccolo migrations new app --auto` and commit the migration"
