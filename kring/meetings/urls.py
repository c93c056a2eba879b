from django.urls import path

from kring.meetings import poll_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("groep/<uuid:group_id>/", views.group_list, name="group_list"),
    path("groep/<uuid:group_id>/kalender/", views.month, name="month"),
    path("groep/<uuid:group_id>/nieuw/", views.create, name="create"),
    path("groep/<uuid:group_id>/reeks/", views.create_series, name="create_series"),
    path("groep/<uuid:group_id>/instellingen/", views.group_settings, name="settings"),
    path("groep/<uuid:group_id>/prikken/", poll_views.create, name="poll_create"),
    path("prik/<uuid:poll_id>/", poll_views.detail, name="poll"),
    path("prik/<uuid:poll_id>/herinneren/", poll_views.remind, name="poll_remind"),
    path("prik/<uuid:poll_id>/sluiten/", poll_views.close, name="poll_close"),
    path("<uuid:meeting_id>/", views.detail, name="detail"),
    path("<uuid:meeting_id>/wijzigen/", views.edit, name="edit"),
    path("<uuid:meeting_id>/annuleren/", views.cancel, name="cancel"),
    path("<uuid:meeting_id>/gehouden/", views.held, name="held"),
    path("<uuid:meeting_id>/antwoord/", views.reply, name="reply"),
    path("agenda/", views.feed_settings, name="feed_settings"),
    path("agenda/vernieuwen/", views.feed_rotate, name="feed_rotate"),
    path("agenda/uitzetten/", views.feed_revoke, name="feed_revoke"),
    path("agenda/<str:token>.ics", views.feed, name="feed"),
]
