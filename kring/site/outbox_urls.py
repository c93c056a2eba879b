from django.urls import path

from kring.site import outbox_views as views

app_name = "mail"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<uuid:message_id>/", views.message, name="message"),
]
