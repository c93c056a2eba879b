from django.urls import path

from kring.site import staff_views as views

app_name = "staff"
urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("<uuid:org_id>/", views.organisation, name="organisation"),
]
