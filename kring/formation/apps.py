from django.apps import AppConfig


class FormationConfig(AppConfig):
    name = "kring.formation"
    label = "formation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kring.core import panels

        panels.register("organisation_detail", "formation/_organisation_panel.html", order=30)
        panels.register("dashboard", "formation/_dashboard_panel.html", order=30)
