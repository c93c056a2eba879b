from django.urls import path

from kring.formation import run_views, views

app_name = "formation"
urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("aanbod/nieuw/", views.offer_create, name="offer_create"),
    path("aanbod/<uuid:offer_id>/", views.offer_detail, name="offer_detail"),
    path("aanbod/<uuid:offer_id>/bewerken/", views.offer_edit, name="offer_edit"),
    path("aanbod/<uuid:offer_id>/aanmelden/", views.apply, name="apply"),
    path("aanbod/<uuid:offer_id>/intrekken/", views.withdraw, name="withdraw"),
    path("aanbod/<uuid:offer_id>/aanmeldingen/", views.applications, name="applications"),
    path("aanbod/<uuid:offer_id>/aanmeldingen/<uuid:application_id>/besluit/", views.decide, name="decide"),
    path("aanbod/<uuid:offer_id>/importeren/", views.import_applicants, name="import"),
    path("aanbod/<uuid:offer_id>/groepsvorming/", run_views.run_new, name="run_new"),
    path("organisatie/<uuid:org_id>/begeleiders/", views.capacity, name="capacity"),
    path("runs/<uuid:run_id>/", run_views.run_detail, name="run_detail"),
    path("runs/<uuid:run_id>/voortgang/", run_views.run_progress, name="run_progress"),
    path("runs/<uuid:run_id>/verplaatsen/", run_views.run_move, name="run_move"),
    path("runs/<uuid:run_id>/publiceren/", run_views.run_publish, name="run_publish"),
]
