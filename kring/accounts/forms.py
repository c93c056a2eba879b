from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Register, RelationKind, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "language", "role", "discipline", "experience_years"]
        help_texts = {
            "role": _("Some groups are open to clients of mental-health care as well as to professionals."),
        }


class RegistrationForm(forms.Form):
    register = forms.ModelChoiceField(queryset=Register.objects.all(), label=_("Register"))
    number = forms.CharField(label=_("Registration number"), max_length=64)


class RelationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the other person"))
    kind = forms.ChoiceField(choices=RelationKind.choices, label=_("Kind of relation"))
