from django.urls import path

from kring.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("overzicht/", views.dashboard, name="dashboard"),
]
