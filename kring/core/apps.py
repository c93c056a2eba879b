from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "kring.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kring.core.checks import data_keys_open_the_stored_values
        from kring.core.private_files import on_connection_created

        checks.register(data_keys_open_the_stored_values, checks.Tags.database)
        connection_created.connect(on_connection_created, dispatch_uid="kring.core.private_sqlite_files")
