from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kring.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kring.cases import notifications
        from kring.core import panels
        from kring.meetings.signals import digest_due

        digest_due.connect(notifications.send_digest, dispatch_uid="kring.cases.send_digest")
        # The "Cases" section of the meeting page, after "Who comes".
        panels.register("meeting_detail_end", "cases/_meeting_panel.html", order=10)
