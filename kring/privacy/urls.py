from django.urls import path

from kring.privacy import views

app_name = "privacy"
urlpatterns = [
    path("mijn-gegevens/", views.mine, name="mine"),
    path("mijn-gegevens/download/", views.download, name="download"),
    path("mijn-gegevens/verwijderen/", views.request_erasure, name="request_erasure"),
    path("mijn-gegevens/verwijderen/intrekken/", views.withdraw_erasure, name="withdraw_erasure"),
    path("verwijderverzoeken/", views.erasure_requests, name="erasure_requests"),
    path("verwijderverzoeken/<uuid:request_id>/", views.confirm_erasure, name="confirm_erasure"),
]
