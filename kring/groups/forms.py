from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup, MemberRole
from kring.organisations.models import OrganisationKind, OrgRole


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


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(choices=OrgRole.choices, label=_("Role"), initial=OrgRole.MEMBER)

    def __init__(self, *args: Any, roles: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if roles is not None:
            # Staff appoint coordinators only: the field stays, fixed, so the page says which role.
            role = self.fields["role"]
            assert isinstance(role, forms.ChoiceField)  # declared above
            role.choices = [(value, label) for value, label in OrgRole.choices if value in roles]
            role.initial = roles[0]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(choices=OrganisationKind.choices, label=_("Kind"))
    city = forms.CharField(label=_("City"), max_length=120, required=False)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=OrgRole.choices, label=_("Role"))


class JoinForm(forms.Form):
    """A new account from an invitation: the address is the invited one, not asked again."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("Password (again)"),
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class MailPolicyForm(forms.Form):
    full_text_in_mail = forms.BooleanField(
        label=_("Send the full text of cases and reports by mail"), required=False,
        help_text=_("Off: mail carries the titles, the time and a link; the text stays in Kring. "
                    "Every member is told when you change this."),
    )
