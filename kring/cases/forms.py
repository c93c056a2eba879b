from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.cases.models import Case


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["title", "situation", "question", "wish"]
        help_texts = {
            "title": _("A few words, e.g. “Stuck with a parent who keeps cancelling”."),
            "situation": _("What happened, briefly. Leave out names, places, dates and anything else that could identify a client."),
            "question": _("What do you want to learn or understand? Start with “How can I …”."),
            "wish": _("For example: questions, advice, or recognition."),
        }
