from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from kring.accounts.models import Registration, User
from kring.reports.actions import MAX_TEXT, RULE_FIELDS
from kring.reports.models import AttendanceMode, AttendanceStatus, GroupFee, RegisterRule

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LOCAL = "%Y-%m-%dT%H:%M"


def _choose_from(form: forms.BaseForm, name: str, queryset: QuerySet[Model]) -> forms.ModelChoiceField:
    """Give the model choice field ``name`` (declared with an empty queryset) its choices."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # declared so in the form class
    field.queryset = queryset
    return field


def _text(label: StrOrPromise, required: bool = False, rows: int = 6) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=MAX_TEXT, strip=True,
                           widget=forms.Textarea(attrs={"rows": rows}))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = _text(_("Meeting details (date, duration, participants, facilitator, method)"))
    phases = _text(_("Phases and notes"), rows=10)
    yields = _text(_("Yields"))
    note_taker = forms.ModelChoiceField(label=_("Note-taker"), queryset=User.objects.none(), required=False,
                                        empty_label=_("(none)"))

    def __init__(self, *args: Any, people: QuerySet[User], can_choose_note_taker: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "note_taker", people).disabled = not can_choose_note_taker


class PartForm(forms.Form):
    title = forms.CharField(label=_("Case title"), max_length=160)
    question = _text(_("The question"), rows=3)
    advice = _text(_("Advice"))
    learning_points = _text(_("Learning points of the case bringer"), rows=4)
    intended_action = _text(_("What the case bringer will do"), rows=3)


class SheetForm(forms.Form):
    started_at = forms.DateTimeField(label=_("Actual start"), input_formats=[LOCAL],
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL))
    ended_at = forms.DateTimeField(label=_("Actual end"), input_formats=[LOCAL],
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL))
    break_minutes = forms.IntegerField(label=_("Actual breaks (minutes)"), min_value=0, max_value=600,
                                       help_text=_("The planned breaks always come off; a longer actual pause comes off in full."))
    topics = _text(_("Topics (for certificates; no client details)"), rows=3)
    reason = forms.CharField(
        label=_("Reason for times outside the meeting's times"), required=False, max_length=500, strip=True,
        help_text=_("Only needed when the start or end lies outside the times the meeting really had "
                    "(as run live in Kring, else as planned); it is kept with the change."))


class LineForm(forms.Form):
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    mode = forms.ChoiceField(label=_("How"), choices=AttendanceMode.choices)
    present_from = forms.TimeField(label=_("Present from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    present_until = forms.TimeField(label=_("Present until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class LearningGoalsForm(forms.Form):
    learning_goals = _text(_("My learning goals for this meeting"), rows=3)


class RuleForm(forms.ModelForm):
    class Meta:
        model = RegisterRule
        fields = list(RULE_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = self.instance.sources or {}
        for name in RULE_FIELDS:
            if name == "notes":
                continue
            self.fields[f"source_{name}"] = forms.CharField(
                label=_("Source for: %(rule)s") % {"rule": self.fields[name].label}, required=False, max_length=1000,
                initial=sources.get(name, ""),
            )

    def sources(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"source_{name}", "") for name in RULE_FIELDS if name != "notes"}

    def rule_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}


class CycleForm(forms.Form):
    starts_on = forms.DateField(label=_("My current cycle started on"), widget=DateInput())


class FeeForm(forms.ModelForm):
    class Meta:
        model = GroupFee
        fields = ["basis", "amount", "vat_included", "vat_rate", "payer", "track_starts_on"]
        widgets = {"track_starts_on": DateInput()}


SCALE_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]


class EvaluationForm(forms.Form):
    usefulness = forms.TypedChoiceField(label=_("How useful was this meeting for you?"), choices=SCALE_CHOICES, coerce=int)
    safety = forms.TypedChoiceField(label=_("How safe did you feel in the group?"), choices=SCALE_CHOICES, coerce=int)
    collaboration = forms.TypedChoiceField(label=_("It strengthened how I work together with colleagues"), choices=SCALE_CHOICES, coerce=int)
    problem_solving = forms.TypedChoiceField(label=_("It helped me solve problems in my work"), choices=SCALE_CHOICES, coerce=int)
    confidence = forms.TypedChoiceField(label=_("It gave me more confidence in my professional decisions"), choices=SCALE_CHOICES, coerce=int)
    self_awareness = forms.TypedChoiceField(label=_("It made me more aware of my own thoughts, feelings and behaviour"), choices=SCALE_CHOICES, coerce=int)
    comment = _text(_("Anything else you want to say (optional)"), rows=3)


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())


class CertificateForm(PeriodForm):
    registration = forms.ModelChoiceField(label=_("Register"), queryset=Registration.objects.none())
    field_order = ["registration", "start", "end"]

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "registration", person.registrations.select_related("register"))


class ReflectionForm(PeriodForm):
    person = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())
    field_order = ["person", "start", "end"]

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose_from(self, "person", members)


class VerifyForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40, help_text=_("For example ABCD-EFGH-JKLM-NPQR"))
