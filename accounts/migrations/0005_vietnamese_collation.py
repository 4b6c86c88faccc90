"""The `vietnamese` collation on PostgreSQL: ICU's "vi" locale (PostgreSQL's `vi-x-icu`).

SQLite has no CREATE COLLATION: there the collation of the same name is registered on each
connection (accounts/collation.py), so this migration does nothing.
"""

from django.db import migrations

# core.collation.COLLATION, written out: a migration does not follow later renames.
COLLATION = "vietnamese"


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        name = schema_editor.quote_name(COLLATION)
        schema_editor.execute(
            f"CREATE COLLATION IF NOT EXISTS {name} (provider = icu, locale = 'vi')"
        )


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {schema_editor.quote_name(COLLATION)}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_reminder_log")]

    operations = [migrations.RunPython(create_collation, drop_collation, elidable=False)]
