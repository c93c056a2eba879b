from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top of Kring: home and dashboard, demo data, the serve command, and the shared
    test machinery (permission matrix, test helpers). It may import every area; no area
    imports it (tests excepted)."""

    name = "kring.site"
    label = "site"
    default_auto_field = "django.db.models.BigAutoField"
