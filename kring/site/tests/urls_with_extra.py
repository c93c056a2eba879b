"""Kring's URLs plus one pattern no area declared a row for (used to show the matrix fails)."""
from django.urls import path

from kring.site.tests.test_permission_matrix import _extra_view
from kring.urls import urlpatterns as kring_urlpatterns

urlpatterns = [*kring_urlpatterns, path("geheim/<uuid:thing_id>/", _extra_view, name="core_test_extra")]
