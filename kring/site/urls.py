from django.urls import path

from kring.site import health_views, views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("overzicht/", views.dashboard, name="dashboard"),
    path("gezond/", health_views.health, name="health"),
]
