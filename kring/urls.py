"""Kring's URLs. Each area owns its prefix; the permission matrix test reads this tree."""
from django.contrib import admin
from django.urls import include, path

from kring.api.v1 import api as api_v1

urlpatterns = [
    path("", include("kring.site.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("allauth.urls")),
    path("profiel/", include("kring.accounts.urls")),
    path("organisaties/", include("kring.groups.org_urls")),
    path("groepen/", include("kring.groups.urls")),
    path("vorming/", include("kring.formation.urls")),
    path("bijeenkomsten/", include("kring.meetings.urls")),
    path("casussen/", include("kring.cases.urls")),
    path("werkvormen/", include("kring.methods.urls")),
    path("live/", include("kring.live.urls")),
    path("verslagen/", include("kring.reports.urls")),
    path("privacy/", include("kring.privacy.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", include("kring.api.urls")),
    path("toegangslog/", include("kring.site.access_log_urls")),
    path("beheer/mail/", include("kring.site.outbox_urls")),
    path("beheer/organisaties/", include("kring.site.staff_urls")),
    path("beheer/registraties/", include("kring.site.registration_urls")),
    path("beheer/admin/", admin.site.urls),
]
