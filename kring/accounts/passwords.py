"""Password rules. Django 5.2 changed the wording of its minimum-length message and its
Dutch catalogue has no translation of the new one, so a short password was refused in
English; this says it in Kring's own (translated) words."""
from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
