from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from kring.meetings.models import Answer, Meeting, MeetingSettings, PollOption, Reply

ONLINE_HELP = _(
    "Registers count online hours only when everyone takes part with live sound and video."
)
POLL_ROWS = 6
MAX_DATE_COMMENT = 300  # as PollChoice.comment


def aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _time(label: Any, required: bool = True) -> forms.TimeField:
    return forms.TimeField(label=label, required=required, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class PlaceFields(forms.Form):
    break_minutes = forms.IntegerField(label=_("Planned breaks (minutes)"), min_value=0, max_value=240, initial=15)
    location = forms.CharField(label=_("Location (address)"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, help_text=ONLINE_HELP, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("location") or "").strip() and not data.get("online_url") and not self.has_error("online_url"):
            self.add_error("location", _("Give a location or an online link."))
        return data


class MeetingForm(PlaceFields):
    day = _date(_("Date"))
    start = _time(_("Start time"))
    end = _time(_("End time"))
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea, max_length=5000)
    field_order = ["day", "start", "end", "break_minutes", "location", "online_url", "agenda"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("day") and data.get("start") and data.get("end"):
            data["starts_at"] = aware(data["day"], data["start"])
            data["ends_at"] = aware(data["day"], data["end"])
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The meeting must end after it starts."))
        return data

    def meeting_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {k: d[k] for k in ("starts_at", "ends_at", "break_minutes", "location", "online_url", "agenda")}

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        return {"day": start.date(), "start": start.time(), "end": end.time(), "break_minutes": meeting.break_minutes,
                "location": meeting.location, "online_url": meeting.online_url, "agenda": meeting.agenda}


class SeriesForm(MeetingForm):
    interval_weeks = forms.IntegerField(label=_("Every … weeks"), min_value=1, max_value=26, initial=6)
    count = forms.IntegerField(label=_("Number of meetings"), min_value=1, max_value=52, initial=6)
    field_order = ["day", "start", "end", "interval_weeks", "count", "break_minutes", "location", "online_url", "agenda"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MeetingSettings
        fields = ["call_days_before", "digest_days_before", "agenda_template"]
        help_texts = {"agenda_template": _("New meetings start with this agenda.")}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        call, digest = data.get("call_days_before"), data.get("digest_days_before")
        if call is not None and digest is not None and digest >= call:
            self.add_error("digest_days_before", _("The call for cases must go out before the digest."))
        return data

    def validate_constraints(self, exclude: Any = None) -> None:
        pass  # checked in clean() with a message people understand


class PollForm(PlaceFields):
    title = forms.CharField(label=_("Title"), max_length=160, initial=_("Next meeting"))
    note = forms.CharField(label=_("Note for the members"), required=False, widget=forms.Textarea, max_length=2000)
    deadline = _date(_("Answer before (date)"))
    deadline_time = forms.TimeField(
        label=_("Answer before (time)"), required=False, help_text=_("Leave empty for the end of that day (23:59)."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    results_public = forms.BooleanField(label=_("Members see each other's answers before the poll closes"),
                                        required=False, initial=True)
    field_order = ["title", "note", "deadline", "deadline_time", "results_public", "break_minutes", "location",
                   "online_url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, POLL_ROWS + 1):
            self.fields[f"day_{i}"] = _date(_("Date %(n)d") % {"n": i}, required=False)
            self.fields[f"start_{i}"] = _time(_("Start time %(n)d") % {"n": i}, required=False)
            self.fields[f"end_{i}"] = _time(_("End time %(n)d") % {"n": i}, required=False)

    def rows(self) -> list[tuple[int, Any, Any, Any]]:
        return [(i, self[f"day_{i}"], self[f"start_{i}"], self[f"end_{i}"]) for i in range(1, POLL_ROWS + 1)]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.field_order]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        options = []
        for i in range(1, POLL_ROWS + 1):
            day, start, end = data.get(f"day_{i}"), data.get(f"start_{i}"), data.get(f"end_{i}")
            if not (day or start or end):
                continue
            if not (day and start and end):
                self.add_error(f"day_{i}", _("Give a date, a start time and an end time."))
                continue
            if end <= start:
                self.add_error(f"end_{i}", _("The meeting must end after it starts."))
                continue
            options.append((aware(day, start), aware(day, end)))
        if not options and not any(self.has_error(f"day_{i}") for i in range(1, POLL_ROWS + 1)):
            self.add_error("day_1", _("Propose at least one date."))
        data["options"] = options
        if data.get("deadline"):
            data["deadline_at"] = aware(data["deadline"], data.get("deadline_time") or time(23, 59))
        return data


class AnswerForm(forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)

    def __init__(self, *args: Any, options: list[PollOption], current: dict[Any, str] | None = None,
                 current_comments: dict[Any, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        for option in options:
            self.fields[f"option_{option.pk}"] = forms.ChoiceField(
                label=option_label(option), choices=Answer.choices, widget=forms.RadioSelect,
                initial=(current or {}).get(option.pk),
                error_messages={"required": _("Answer yes, if need be or no for this date.")},
            )
            self.fields[f"comment_{option.pk}"] = forms.CharField(
                label=_("Comment on this date (optional)"), required=False, max_length=MAX_DATE_COMMENT,
                initial=(current_comments or {}).get(option.pk, ""),
            )

    def option_fields(self) -> list[tuple[Any, Any]]:
        """(answer field, comment field) per proposed date."""
        return [(self[f"option_{o.pk}"], self[f"comment_{o.pk}"]) for o in self.options]

    def answers(self) -> dict[str, str]:
        return {str(o.pk): self.cleaned_data[f"option_{o.pk}"] for o in self.options}

    def date_comments(self) -> dict[str, str]:
        return {str(o.pk): self.cleaned_data[f"comment_{o.pk}"] for o in self.options}


def option_label(option: PollOption) -> str:
    start, end = timezone.localtime(option.starts_at), timezone.localtime(option.ends_at)
    return f"{date_format(start, 'l j F Y')}, {start:%H:%M}–{end:%H:%M}"


class CloseForm(forms.Form):
    option = forms.ChoiceField(label=_("Date for the meeting"), widget=forms.RadioSelect)
    override = forms.BooleanField(label=_("Pick this date even though everyone said no"), required=False)

    def __init__(self, *args: Any, options: list[PollOption], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["option"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(o.pk), option_label(o)) for o in options]


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(label=_("Will you come?"), choices=Reply.choices, widget=forms.RadioSelect)
