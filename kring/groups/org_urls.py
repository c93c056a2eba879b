from django.urls import path

from kring.groups import org_views as views

app_name = "organisations"
urlpatterns = [
    path("", views.org_list, name="list"),
    path("<uuid:org_id>/", views.org_detail, name="detail"),
]
