"""Erasure of a person (GDPR art. 17), as the rules in docs/privacy-retention.md say:

- what is theirs goes: account, profile, registrations, relations, memberships, replies,
  their cases (with the live record of a chosen case: question, intended action and the
  advice given on it), their yields, their report parts, their mail;
- what they wrote in other people's meetings stays for those people, without their name:
  notes and advice, polls they organised, evidence they issued or signed;
- evidence issued to them stays verifiable by its code, without the name: the PDF (which
  carries the name) goes, kind, title, dates and hash stay;
- the audit trail and access log keep a pseudonym instead of the person.

A PROTECT relation that stays points at one shared, inactive placeholder person."""
from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db.models import Q

from kring.accounts.models import ERASED_EMAIL, User
from kring.audit.actions import pseudonymise_actor
from kring.cases.models import Case
from kring.live.models import ChosenCase, Entry, YieldEntry
from kring.mail.models import OutboxMessage
from kring.meetings.models import DatePoll
from kring.reports.models import Evidence, ReportCasePart

# Every PROTECT relation to a person, and how erase_person deals with it (a test compares
# this with the models: a new PROTECT relation must be given a rule here first).
PROTECTED: dict[tuple[str, str], str] = {
    ("cases.Case", "author"): "deleted",
    ("live.ChosenCase", "bringer"): "deleted",
    ("live.YieldEntry", "person"): "deleted",
    ("reports.ReportCasePart", "bringer"): "deleted",
    ("live.Entry", "author"): "kept, by the placeholder",
    ("meetings.DatePoll", "organiser"): "kept, by the placeholder",
    ("reports.Evidence", "issued_to"): "kept, by the placeholder, without the PDF",
}


def placeholder() -> User:
    """The one inactive person that stands in for everyone erased (no password, no login)."""
    user, created = User.objects.get_or_create(
        email=ERASED_EMAIL, defaults={"name": "—", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _sessions_of(person: User) -> list[str]:
    """Keys of the person's sign-in sessions (the database session store keeps the user id
    only inside the encoded data)."""
    return [s.session_key for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(person.pk)]


def erase_person(person: User) -> dict[str, int]:
    """Erase ``person`` inside the caller's transaction; returns what went, by kind."""
    stand_in = placeholder()
    counts: dict[str, int] = {}
    own_cases = Case.objects.filter(author=person)
    chosen = ChosenCase.objects.filter(Q(bringer=person) | Q(case__in=own_cases))
    counts["chosen_cases"] = chosen.count()
    counts["entries_on_own_cases"] = Entry.objects.filter(chosen__in=chosen).count()
    chosen.delete()  # their entries cascade: advice on a case is about the bringer's client
    counts["report_parts"] = ReportCasePart.objects.filter(bringer=person).delete()[0]
    counts["cases"] = own_cases.delete()[0]
    counts["yields"] = YieldEntry.objects.filter(person=person).delete()[0]
    counts["entries_anonymised"] = Entry.objects.filter(author=person).update(author=stand_in)
    counts["polls_anonymised"] = DatePoll.objects.filter(organiser=person).update(organiser=stand_in)
    counts["evidence_kept"] = Evidence.objects.filter(issued_to=person).update(issued_to=stand_in, pdf=b"")
    counts["mail"] = OutboxMessage.objects.filter(Q(recipient=person) | Q(to_email__iexact=person.email)).delete()[0]
    counts["sessions"] = Session.objects.filter(session_key__in=_sessions_of(person)).delete()[0]
    pseudonymise_actor(person.pk)
    person.delete()  # cascades: registrations, relations, memberships, replies, markers …
    return counts
