from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import User
from kring.live.models import Mode
from kring.methods.models import Method


def _choose_from(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    """The choices of a model choice field depend on the meeting: set them per form."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class SettingsForm(forms.Form):
    method = forms.ModelChoiceField(label=_("Method"), queryset=Method.objects.none(), empty_label=None)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    case_count = forms.TypedChoiceField(label=_("Cases to treat"), coerce=int, choices=[(1, "1"), (2, "2")])
    votes_per_member = forms.IntegerField(label=_("Votes per member"), min_value=1, max_value=5)
    hide_results = forms.BooleanField(label=_("Hide the result until the chair closes the vote"), required=False)

    def __init__(self, *args: Any, methods: QuerySet[Method], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "method", methods)


class RolesForm(forms.Form):
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=User.objects.none(), empty_label=None)
    note_taker = forms.ModelChoiceField(label=_("Note-taker"), queryset=User.objects.none(), required=False,
                                        empty_label=_("(nobody)"))
    timekeeper = forms.ModelChoiceField(label=_("Timekeeper"), queryset=User.objects.none(), required=False,
                                        empty_label=_("(nobody)"))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chair", "note_taker", "timekeeper"):
            _choose_from(self, name, people)


class BlockForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=240)


class BlockEditForm(forms.Form):
    """Changing a block on the agenda: its minutes, and its title if one is given."""

    title = forms.CharField(label=_("Title"), max_length=160, required=False)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=240)


class AgreementsForm(forms.Form):
    text = forms.CharField(label=_("Our agreements"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("One agreement per line, e.g. ‘What is said here stays here.’"))
