from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup, MemberRole


class GroupForm(forms.ModelForm):
    class Meta:
        model = IntervisionGroup
        fields = [
            "name", "theme", "description", "min_size", "max_size", "composition", "discipline",
            "clients_allowed", "min_experience_years", "chair_rotates", "status",
        ]
        help_texts = {
            "min_size": _("Members, facilitator not included."),
            "discipline": _("Only for a monodisciplinary group."),
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        lo, hi = data.get("min_size"), data.get("max_size")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("min_size", _("The minimum size cannot be larger than the maximum size."))
        if data.get("composition") == "mono" and not (data.get("discipline") or "").strip():
            self.add_error("discipline", _("A monodisciplinary group needs its discipline."))
        return data


class AddMemberForm(forms.Form):
    # The people to choose from are the form's argument (``candidates``).
    person = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Person"))
    role = forms.ChoiceField(choices=MemberRole.choices, label=_("Role"), initial=MemberRole.MEMBER)

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)  # declared above
        person.queryset = candidates


class AddByEmailForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(choices=MemberRole.choices, label=_("Role"), initial=MemberRole.MEMBER)


class MailPolicyForm(forms.Form):
    full_text_in_mail = forms.BooleanField(
        label=_("Send the full text of cases and reports by mail"), required=False,
        help_text=_("Off: mail carries the titles, the time and a link; the text stays in Kring. "
                    "Every member is told when you change this."),
    )
