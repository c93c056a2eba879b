from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.api import actions, scopes
from kring.api.models import WebhookEvent


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name of the token"), max_length=actions.NAME_MAX,
                           help_text=_("So you know later what it is for, e.g. “HR system”."))
    scopes = forms.MultipleChoiceField(label=_("Permissions"), widget=forms.CheckboxSelectMultiple)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=actions.MAX_DAYS, initial=90)

    def __init__(self, *args: Any, organisation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scopes"]
        assert isinstance(field, forms.MultipleChoiceField)  # declared above
        allowed = scopes.ORGANISATION if organisation else scopes.ALL
        field.choices = [(s, scopes.LABELS[s]) for s in allowed]
        field.initial = [scopes.READ]


class WebhookForm(forms.Form):
    url = forms.URLField(label=_("Address (URL) that receives the events"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple)
