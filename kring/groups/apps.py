from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "kring.groups"
    label = "groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kring.accounts.signals import trust_asked, verifier_asked
        from kring.groups import receivers

        trust_asked.connect(receivers.answer_trust, dispatch_uid="kring.groups.answer_trust")
        verifier_asked.connect(receivers.answer_verifier, dispatch_uid="kring.groups.answer_verifier")
