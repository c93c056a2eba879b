from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kring.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from kring.api import receivers
        from kring.core import panels

        receivers.connect()
        panels.register("profile", "api/_profile_panel.html", order=50)
        panels.register("organisation_detail", "api/_organisation_panel.html", order=80)
