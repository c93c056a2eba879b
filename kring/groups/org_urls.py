from django.urls import path

from kring.groups import org_views as views

app_name = "organisations"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("<uuid:org_id>/", views.org_detail, name="detail"),
    path("<uuid:org_id>/uitnodigen/", views.invite, name="invite"),
    path("<uuid:org_id>/rollen/<uuid:membership_id>/", views.change_role, name="change_role"),
    path("<uuid:org_id>/rollen/<uuid:membership_id>/verwijderen/", views.remove_role, name="remove_role"),
    path("rollen/<uuid:membership_id>/verlaten/", views.leave, name="leave"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
]
