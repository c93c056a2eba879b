from django.urls import path

from kring.methods import views

app_name = "methods"
urlpatterns = [
    path("", views.catalogue, name="list"),
    path("<uuid:method_id>/", views.detail, name="detail"),
    path("<uuid:method_id>/kopieren/", views.copy, name="copy"),
    path("<uuid:method_id>/bewerken/", views.edit, name="edit"),
    path("<uuid:method_id>/fasen/nieuw/", views.phase_add, name="phase_add"),
    path("<uuid:method_id>/fasen/<uuid:phase_id>/", views.phase_edit, name="phase_edit"),
    path("<uuid:method_id>/fasen/<uuid:phase_id>/verwijderen/", views.phase_delete, name="phase_delete"),
    path("<uuid:method_id>/fasen/<uuid:phase_id>/verplaatsen/", views.phase_move, name="phase_move"),
]
