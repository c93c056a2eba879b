from django.urls import path

from kring.cases import views

app_name = "cases"
urlpatterns = [
    path("bijeenkomst/<uuid:meeting_id>/nieuw/", views.submit, name="submit"),
    path("<uuid:case_id>/", views.detail, name="detail"),
    path("<uuid:case_id>/bewerken/", views.edit, name="edit"),
    path("<uuid:case_id>/intrekken/", views.withdraw, name="withdraw"),
]
