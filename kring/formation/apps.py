from django.apps import AppConfig


class FormationConfig(AppConfig):
    name = "kring.formation"
    label = "formation"
    default_auto_field = "django.db.models.BigAutoField"
