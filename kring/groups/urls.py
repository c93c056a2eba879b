from django.urls import path

from kring.groups import views

app_name = "groups"
urlpatterns = [
    path("nieuw/", views.create, name="create"),
    path("<uuid:group_id>/", views.detail, name="detail"),
    path("<uuid:group_id>/bewerken/", views.edit, name="edit"),
    path("<uuid:group_id>/e-mail/", views.mail_policy, name="mail_policy"),
    path("<uuid:group_id>/leden/", views.members, name="members"),
    path("<uuid:group_id>/leden/toevoegen/", views.add_member, name="add_member"),
    path("<uuid:group_id>/leden/<uuid:membership_id>/verwijderen/", views.remove_member, name="remove_member"),
]
