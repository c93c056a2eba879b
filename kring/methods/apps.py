from django.apps import AppConfig


class MethodsConfig(AppConfig):
    name = "kring.methods"
    label = "methods"
    default_auto_field = "django.db.models.BigAutoField"
