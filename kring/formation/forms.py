from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import RelationKind
from kring.formation.models import ATTRIBUTE_LABELS, ATTRIBUTES, SLOT_PATTERN, ApplicantRole, Application, FacilitatorCapacity, Offer
from kring.formation.slots import MAX_LABEL

MAX_TEXT = 4000


def split_codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text.strip().lower()) if c]


class SlotsField(forms.CharField):
    """Slot codes typed as text: "ma-ochtend, do-middag"."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list of codes, not CharField's str
        return split_codes(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        bad = [c for c in value if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,31}", c)]
        if bad:
            raise forms.ValidationError(
                _("A time slot is a short code of lowercase letters, digits and hyphens, such as ma-ochtend; not %(bad)s."),
                params={"bad": ", ".join(bad[:5])},
            )
        if len(value) > 40:
            raise forms.ValidationError(_("Name at most 40 time slots."))


MAX_SLOTS = 40


class SlotLinesField(forms.CharField):
    """An offer's time slots, one a line: a code, optionally "= the name people see"
    ("mon-am = maandagochtend"). Cleans to [(code, name or "")]."""

    widget = forms.Textarea(attrs={"rows": 4})

    def to_python(self, value: Any) -> list[tuple[str, str]]:  # type: ignore[override]  # (code, name) pairs, not CharField's str
        pairs: list[tuple[str, str]] = []
        for line in (super().to_python(value) or "").splitlines():
            if "=" in line:
                code, label = line.split("=", 1)
                pairs.append((code.strip().lower(), " ".join(label.split())))
            else:
                pairs += [(code, "") for code in split_codes(line)]
        return pairs

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        bad = [code or "=" for code, _label in value if not re.fullmatch(SLOT_PATTERN, code)]
        if bad:
            raise forms.ValidationError(
                _("A time slot is a short code of lowercase letters, digits and hyphens, such as ma-ochtend; not %(bad)s."),
                params={"bad": ", ".join(bad[:5])},
            )
        if len({code for code, _label in value}) > MAX_SLOTS:
            raise forms.ValidationError(_("Name at most 40 time slots."))
        if any(len(label) > MAX_LABEL for _code, label in value):
            raise forms.ValidationError(_("The name of a time slot is at most %(max)d characters."), params={"max": MAX_LABEL})


class OfferForm(forms.ModelForm):
    slots = SlotLinesField(
        label=_("Time slots"), required=False, max_length=3000,
        help_text=_("One per line: a short code and, if you like, “=” and the name applicants see, e.g. "
                    "“di-laat = dinsdag 19–21 uur”. Well-known codes such as mon-am or do-avond are named by themselves "
                    "(“maandagochtend”, “donderdagavond”). Applicants tick the ones they can make."),
    )
    same_attributes = forms.MultipleChoiceField(
        label=_("The same within each group"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(a, ATTRIBUTE_LABELS[a]) for a in ATTRIBUTES],
        help_text=_("For example discipline, for a monodisciplinary group."),
    )

    class Meta:
        model = Offer
        fields = [
            "title", "description", "min_size", "max_size", "min_experience_years", "clients_allowed",
            "max_clients_per_group", "outside_own_team", "common_slot", "slots", "spread_municipality", "spread_team",
            "spread_organisation", "spread_discipline", "same_attributes", "is_open", "intake_possible",
        ]
        help_texts = {
            "min_size": _("Members, facilitator not included."),
            "spread_municipality": _("0 means it does not matter; higher means mixing counts more."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance._state.adding:
            own = self.instance.slot_labels or {}
            self.initial["slots"] = "\n".join(f"{c} = {own[c]}" if own.get(c) else c for c in self.instance.slots)
        self.slot_labels: dict[str, str] = {}

    def clean_slots(self) -> list[str]:
        pairs = self.cleaned_data.get("slots") or []
        self.slot_labels = {code: label for code, label in pairs if label}
        return list(dict.fromkeys(code for code, _label in pairs))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "slots" in data:
            data["slot_labels"] = self.slot_labels
        lo, hi = data.get("min_size"), data.get("max_size")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("min_size", _("The minimum size cannot be larger than the maximum size."))
        if data.get("common_slot") and "slots" in data and not data.get("slots"):
            self.add_error("slots", _("Name at least one time slot, or switch off that everyone shares a slot."))
        return data


class ApplicationForm(forms.Form):
    role = forms.ChoiceField(label=_("I take part as"), choices=ApplicantRole.choices)
    discipline = forms.CharField(label=_("Discipline"), max_length=120, required=False)
    team = forms.CharField(label=_("Team"), max_length=120, required=False)
    organisation_name = forms.CharField(label=_("Organisation where you work"), max_length=200, required=False)
    municipality = forms.CharField(label=_("Municipality"), max_length=120, required=False)
    experience_years = forms.DecimalField(
        label=_("Years of experience"), min_value=0, max_value=60, max_digits=4, decimal_places=1,
        error_messages={"invalid": _("Fill in a number of years, such as 3 or 2.5.")},
    )
    availability = forms.MultipleChoiceField(label=_("Time slots I can make"), required=False, widget=forms.CheckboxSelectMultiple)
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT, required=False)
    intake_requested = forms.BooleanField(label=_("I would like an intake conversation first"), required=False)
    keep_apart = forms.CharField(
        label=_("People you must not share a group with"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E-mail addresses, one per line: for example your therapist, client, manager or supervisor. "
                    "Only you know why; others only learn that you cannot be in one group."),
    )
    relation_kind = forms.ChoiceField(
        label=_("Kind of relation with these people"), required=False,
        choices=[("", _("— choose —")), *RelationKind.choices],
    )

    def __init__(self, *args: Any, offer: Offer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        availability = self.fields["availability"]
        assert isinstance(availability, forms.MultipleChoiceField)  # declared above
        availability.choices = offer.labelled_slots()
        if not offer.slots:
            del self.fields["availability"]
        if not offer.intake_possible:
            del self.fields["intake_requested"]

    def clean_keep_apart(self) -> list[str]:
        emails = split_codes(self.cleaned_data.get("keep_apart") or "")
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(value)s” is not an e-mail address."), params={"value": email[:100]}) from None
        return emails

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("keep_apart") and not data.get("relation_kind"):
            self.add_error("relation_kind", _("Choose the kind of relation for the people you named."))
        return data


class DecisionForm(forms.Form):
    status = forms.ChoiceField(choices=[("accepted", "accepted"), ("declined", "declined"), ("waiting", "waiting"), ("submitted", "submitted")])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8, comma-separated, with the header row shown above."))
    accept = forms.BooleanField(label=_("Accept the imported applicants at once"), required=False, initial=True)


class CapacityForm(forms.Form):
    groups_per_year = forms.IntegerField(label=_("Groups per year"), min_value=0, max_value=50)
    availability = SlotsField(label=_("Time slots"), required=False, max_length=1000)


class RunForm(forms.Form):
    applications = forms.MultipleChoiceField(label=_("Applicants"), widget=forms.CheckboxSelectMultiple)
    capacities = forms.MultipleChoiceField(label=_("Facilitators"), widget=forms.CheckboxSelectMultiple)
    seconds = forms.IntegerField(
        label=_("Time limit in seconds"), min_value=1, max_value=120, initial=10,
        help_text=_("Longer gives a better proposal for many applicants."),
    )
    num_groups = forms.IntegerField(
        label=_("Number of groups"), min_value=1, max_value=1000, required=False,
        help_text=_("Leave empty to let Kring choose how many groups place the most people."),
    )

    def __init__(self, *args: Any, applications: list[Application], capacities: list[FacilitatorCapacity], pick: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen, caps = self.fields["applications"], self.fields["capacities"]
        assert isinstance(chosen, forms.MultipleChoiceField) and isinstance(caps, forms.MultipleChoiceField)  # declared above
        if pick:
            chosen.choices = [(str(a.pk), a.name) for a in applications]
            chosen.initial = [str(a.pk) for a in applications]
            chosen.error_messages["required"] = _("Choose the applicants to place.")
        else:
            # Too many to tick one by one (and to post: one field each): everyone accepted.
            del self.fields["applications"]
        caps.choices = [(str(c.pk), c.person.name) for c in capacities]
        caps.initial = [str(c.pk) for c in capacities]
        caps.error_messages["required"] = _("Choose at least one facilitator.")
