"""The database cache (the shared cache when Redis is not configured: API rate limits)
needs its table; createcachetable is idempotent and does nothing for other backends."""
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: object, schema_editor: object) -> None:
    call_command("createcachetable", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_tokens_and_webhooks")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
