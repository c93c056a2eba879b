from django.urls import path

from kring.api import views

app_name = "api"
urlpatterns = [
    path("sleutels/nieuw/", views.create_token, name="create_token"),
    path("sleutels/<uuid:token_id>/intrekken/", views.revoke_token, name="revoke_token"),
    path("organisatie/<uuid:org_id>/", views.organisation, name="organisation"),
    path("webhooks/<uuid:webhook_id>/verwijderen/", views.remove_webhook, name="remove_webhook"),
]
