from django.urls import path

from kring.live import views

app_name = "live"
urlpatterns = [
    path("groep/<uuid:group_id>/", views.group, name="group"),
    path("groep/<uuid:group_id>/afspraken/", views.agreements, name="agreements"),
    path("bijeenkomst/<uuid:meeting_id>/voorbereiden/", views.prepare, name="prepare"),
    path("<uuid:session_id>/", views.room, name="room"),
    path("<uuid:session_id>/blok/", views.block, name="block"),
    path("<uuid:session_id>/overzicht/", views.feed, name="feed"),
    path("<uuid:session_id>/opzet/", views.setup_page, name="setup"),
    path("<uuid:session_id>/agenda/nieuw/", views.agenda_add, name="agenda_add"),
    path("<uuid:session_id>/agenda/<uuid:block_id>/", views.agenda_block, name="agenda_block"),
    path("<uuid:session_id>/regie/", views.control, name="control"),
    path("<uuid:session_id>/regie-overdragen/", views.handover, name="handover"),
    path("<uuid:session_id>/stemmen/", views.ballot, name="ballot"),
    path("<uuid:session_id>/schrijven/", views.write, name="write"),
    path("<uuid:session_id>/bijdragen/<uuid:item_id>/", views.item, name="item"),
    path("<uuid:session_id>/verslag/", views.record, name="record"),
]
