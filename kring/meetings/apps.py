from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "kring.meetings"
    label = "meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kring.core import panels
        from kring.groups.signals import member_added
        from kring.meetings import receivers

        member_added.connect(receivers.invite_newcomer, dispatch_uid="kring.meetings.invite_newcomer")
        panels.register("group_detail", "meetings/_group_panel.html", order=20)
        panels.register("dashboard", "meetings/_dashboard_panel.html", order=20)
