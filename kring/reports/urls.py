from django.urls import path

from kring.reports import views, views_manage, views_people

app_name = "reports"
urlpatterns = [
    path("bijeenkomst/<uuid:meeting_id>/", views.meeting, name="meeting"),
    path("bijeenkomst/<uuid:meeting_id>/verslag/", views.report, name="report"),
    path("bijeenkomst/<uuid:meeting_id>/verslag/opstellen/", views.report_draft, name="report_draft"),
    path("bijeenkomst/<uuid:meeting_id>/verslag/bewerken/", views.report_edit, name="report_edit"),
    path("bijeenkomst/<uuid:meeting_id>/verslag/deel/<uuid:part_id>/goedkeuren/", views.report_approve, name="report_approve"),
    path("bijeenkomst/<uuid:meeting_id>/verslag/versturen/", views.report_send, name="report_send"),
    path("bijeenkomst/<uuid:meeting_id>/aanwezigheid/", views.attendance, name="attendance"),
    path("bijeenkomst/<uuid:meeting_id>/aanwezigheid/starten/", views.attendance_start, name="attendance_start"),
    path("bijeenkomst/<uuid:meeting_id>/aanwezigheid/leerdoelen/", views.attendance_goals, name="attendance_goals"),
    path("bijeenkomst/<uuid:meeting_id>/presentielijst/", views.attendance_list_pdf, name="attendance_list"),
    path("bijeenkomst/<uuid:meeting_id>/evaluatie/", views.evaluate, name="evaluate"),
    path("groep/<uuid:group_id>/kosten/", views_manage.group_costs, name="group_costs"),
    path("groep/<uuid:group_id>/evaluaties/", views_manage.group_evaluations, name="group_evaluations"),
    path("groep/<uuid:group_id>/reflectieverklaring/", views_manage.group_reflection, name="group_reflection"),
    path("organisatie/<uuid:organisation_id>/aanwezigheid.csv", views_manage.organisation_csv, name="organisation_csv"),
    path("mijn/", views_people.me, name="me"),
    path("mijn/cyclus/<uuid:registration_id>/", views_people.me_cycle, name="me_cycle"),
    path("mijn/verklaring/", views_people.me_certificate, name="me_certificate"),
    path("mijn/kosten/<uuid:group_id>/", views_people.me_cost_statement, name="me_cost_statement"),
    path("mijn/aanwezigheid.csv", views_people.me_csv, name="me_csv"),
    path("mijn/bewijs.zip", views_people.me_zip, name="me_zip"),
    path("bewijs/<uuid:evidence_id>/", views_people.evidence_download, name="evidence"),
    path("controle/", views_people.verify, name="verify"),
    path("beheer/registerregels/", views_manage.rules, name="rules"),
    path("beheer/registerregels/<uuid:rule_id>/", views_manage.rule_edit, name="rule_edit"),
]
