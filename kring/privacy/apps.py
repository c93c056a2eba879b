from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """A person's GDPR rights (export, erasure) and the retention of every kind of data.
    It sits just below the site: it reads and erases rows of every area beneath it."""

    name = "kring.privacy"
    label = "privacy"
    default_auto_field = "django.db.models.BigAutoField"
