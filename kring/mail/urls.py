from django.urls import path

from kring.mail import views

app_name = "mail"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<uuid:message_id>/", views.message, name="message"),
]
