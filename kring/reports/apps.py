from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kring.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kring.core import panels
        from kring.live.signals import look_back_wanted
        from kring.reports import receivers

        look_back_wanted.connect(receivers.approved_look_back, dispatch_uid="kring.reports.approved_look_back")

        panels.register("group_detail", "reports/_group_panel.html", order=40)
        panels.register("dashboard", "reports/_dashboard_panel.html", order=40)
