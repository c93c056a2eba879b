from django.urls import path

from kring.site import registration_views as views

app_name = "registrations"
urlpatterns = [
    path("", views.registrations, name="list"),
    path("<uuid:registration_id>/", views.decide, name="decide"),
]
