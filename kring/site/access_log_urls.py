from django.urls import path

from kring.site import access_log_views as views

app_name = "access_log"
urlpatterns = [
    path("mijn-gegevens/", views.mine, name="mine"),
    path("organisatie/<uuid:organisation_id>/", views.organisation, name="organisation"),
    path("organisatie/<uuid:organisation_id>/csv/", views.organisation_csv, name="organisation_csv"),
]
