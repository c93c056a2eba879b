from django.urls import path

from kring.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("registraties/toevoegen/", views.add_registration, name="add_registration"),
    path("registraties/<uuid:registration_id>/verwijderen/", views.remove_registration, name="remove_registration"),
    path("relaties/", views.relations, name="relations"),
    path("relaties/<uuid:relation_id>/intrekken/", views.withdraw_relation, name="withdraw_relation"),
]
