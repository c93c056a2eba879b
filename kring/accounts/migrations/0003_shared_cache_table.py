"""The table of the database cache (settings.CACHES without REDIS_URL), where the throttling
budgets of every process meet. `createcachetable` is idempotent and skips non-database caches."""
from __future__ import annotations

from django.core.management import call_command
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def create_cache_table(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_profile_experience_bounds")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
