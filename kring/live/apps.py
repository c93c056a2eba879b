from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "kring.live"
    label = "live"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kring.core import panels

        panels.register("group_detail", "live/_group_panel.html", order=40)
        panels.register("meeting_detail", "live/_meeting_panel.html", order=10)
