"""The canary test (issue 12): unique strings typed through every confidential form and
sent over the live socket, then the digest, the report, the attendance and the mail
delivery to a real SMTP server run. Afterwards not one canary is in plain text in the
database file (with its WAL), the logs, the outbox, the delivered mails or a dumpdata —
while the people allowed to read them still see them on their pages."""
from __future__ import annotations

import asyncio
import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from channels.testing import WebsocketCommunicator
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.accounts.models import User
from kring.cases.models import Case
from kring.core.fields import encrypted_fields
from kring.formation.models import Offer
from kring.live.actions import flow, vote
from kring.live.consumers import LiveConsumer
from kring.live.tests.conftest import Circle, build_circle
from kring.mail.models import OutboxMessage
from kring.meetings import actions as meeting_actions
from kring.meetings import poll_actions
from kring.meetings.queries import due_times
from kring.organisations.models import OrgRole
from kring.site.testing import SmtpServer, join_org, make_person, run_tasks

pytestmark = pytest.mark.django_db(transaction=True)


class _FormReader(HTMLParser):
    """The fields of the forms on a page with the values the page gives them (what a
    browser would submit when the person changes nothing)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        elif not self.forms or "name" not in a:
            if tag == "option" and self._select and "selected" in a:
                self.forms[-1][1][self._select] = a.get("value", "")
            return
        elif tag == "input" and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            checkable = a.get("type") in ("checkbox", "radio")
            self.forms[-1][1][a["name"]] = a.get("value", "on" if checkable else "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.forms[-1][1][a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            self.forms[-1][1][self._textarea] += data


def _form(client: Client, page: str, posts_to: str) -> dict[str, str]:
    reader = _FormReader()
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code, response.get("Location"))
    reader.feed(response.content.decode())
    for action, fields in reader.forms:
        if (action or page) == posts_to:
            return fields
    raise AssertionError(f"no form posting to {posts_to} on {page}")


def _client(person: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(person)
    return client


class Canaries(dict[str, str]):
    def new(self, name: str) -> str:
        self[name] = f"KANARIE{name.upper()}{secrets.token_hex(6)}"
        return self[name]


def _socket(circle: Circle, canaries: Canaries) -> None:
    """The chair starts the meeting over the socket; canaries go in as unknown actions and
    block ids (which are answered, logged and audited)."""

    async def scenario() -> None:
        app = LiveConsumer.as_asgi()
        sid = str(circle.session.pk)
        chair = WebsocketCommunicator(app, f"/ws/live/{sid}/")
        chair.scope["user"], chair.scope["url_route"] = circle.facilitator, {"kwargs": {"session_id": sid}}
        assert (await chair.connect(timeout=30))[0]  # a loaded machine: a generous wait, not a limit
        for message in ({"action": canaries.new("socket_action")}, {"action": "goto", "block": canaries.new("socket_block")},
                        {"action": "extend", "minutes": canaries.new("socket_minutes")}, {"action": "start"}):
            await chair.send_json_to(message)
        while (await chair.receive_json_from(timeout=30)).get("status") != "running":
            pass
        await chair.disconnect()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()


def test_no_canary_in_plain_text_outside_the_pages_of_those_allowed(smtp_server: SmtpServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    canaries = Canaries()
    circle = build_circle()
    a, b, _c = circle.members
    fac = circle.facilitator
    meeting = circle.meeting

    # Cases (the form of the member who brings one).
    submit = reverse("cases:submit", args=[meeting.pk])
    response = _client(a).post(submit, {"title": "Mijn casus", "situation": canaries.new("situation"),
                                        "question": canaries.new("question"), "wish": canaries.new("wish")})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(title="Mijn casus")

    # An application to an offer of the organisation, with its motivation.
    assert circle.group.organisation is not None
    offer = Offer.objects.create(organisation=circle.group.organisation, title="Nieuwe groep", min_size=2, max_size=4,
                                 slots=["ma-ochtend"], is_open=True)
    join_org(b, circle.group.organisation, OrgRole.MEMBER)
    apply = reverse("formation:apply", args=[offer.pk])
    fields = _form(_client(b), apply, apply)
    fields.update(motivation=canaries.new("motivation"), availability="ma-ochtend", experience_years="3")
    applied = _client(b).post(apply, fields)
    assert applied.status_code == 302, applied.content.decode()[:3000]

    # Safety agreements (the facilitator's form).
    agreements = reverse("live:agreements", args=[circle.group.pk])
    assert _client(fac).post(agreements, {"text": canaries.new("agreements")}).status_code == 302

    # A date poll: a member's comment, general and per date.
    start = timezone.now() + timedelta(days=20)
    poll = poll_actions.create_poll(fac, circle.group, title="Volgende keer", deadline=start - timedelta(days=5),
                                    options=[(start, start + timedelta(hours=2))], location="Utrecht")
    poll_url = reverse("meetings:poll", args=[poll.pk])
    fields = _form(_client(b), poll_url, poll_url)
    comment_fields = [name for name in fields if "comment" in name]
    assert len(comment_fields) >= 2, fields
    for name in comment_fields:
        fields[name] = canaries.new("poll_date_comment" if name != "comment" else "poll_comment")
    for option in poll.options.all():  # the radio buttons: "yes" to every date
        fields[f"option_{option.pk}"] = "yes"
    assert _client(b).post(poll_url, fields).status_code in (200, 302)

    # The digest goes out (titles and a link: the group did not opt in).
    with time_machine.travel(due_times(meeting)["digest"] + timedelta(minutes=1), tick=False):
        assert meeting_actions.send_scheduled(str(meeting.pk), "digest", meeting.starts_at.isoformat()) == "sent"

    # The meeting itself, at its own time; everything after it too.
    with time_machine.travel(meeting.starts_at + timedelta(minutes=5), tick=True):
        _meeting_and_after(circle, canaries, case, smtp_server, caplog)


def _meeting_and_after(circle: Circle, canaries: Canaries, case: Case, smtp_server: SmtpServer,
                       caplog: pytest.LogCaptureFixture) -> None:
    a, b, c = circle.members
    fac = circle.facilitator
    meeting = circle.meeting
    # The live meeting: started over the socket, our case chosen, everything written through the forms.
    session = circle.fresh()
    session.note_taker = c
    session.save()
    _socket(circle, canaries)
    vote.cast(b, circle.fresh(), case)
    [chosen] = vote.close(fac, circle.fresh())
    advice_block = circle.fresh().blocks.filter(collects="advice").order_by("order")[0]
    flow.control(fac, circle.fresh(), "goto", block_id=str(advice_block.pk))
    write = reverse("live:write", args=[circle.session.pk])
    for person, data in [
        (c, {"kind": "note", "block": str(advice_block.pk), "text": canaries.new("note")}),
        (b, {"kind": "advice", "block": str(advice_block.pk), "text": canaries.new("advice")}),
        (a, {"kind": "learning", "chosen": str(chosen.pk), "text": canaries.new("learning")}),
        (a, {"kind": "action", "chosen": str(chosen.pk), "text": canaries.new("intended_action")}),
        (b, {"kind": "yield", "text": canaries.new("yield")}),
    ]:
        answer = _client(person).post(write, data, HTTP_HX_REQUEST="true")
        assert answer.status_code < 400, (data["kind"], answer.content.decode()[:500])
    flow.control(fac, circle.fresh(), "finish")

    # The report: drafted, edited through its form, approved by the bringer, sent.
    drafted = _client(fac).post(reverse("reports:report_draft", args=[meeting.pk]))
    assert drafted["Location"].endswith("/bewerken/"), [str(m) for m in get_messages(drafted.wsgi_request)]
    edit = reverse("reports:report_edit", args=[meeting.pk])
    fields = _form(_client(fac), edit, edit)
    for name in list(fields):
        if name.split("-")[-1] in ("summary", "phases", "yields", "question", "advice", "learning_points", "intended_action"):
            fields[name] += " " + canaries.new(f"report_{name.split('-')[-1]}")
    assert _client(fac).post(edit, fields).status_code == 302
    report = meeting.report
    part = report.parts.get()
    assert _client(a).post(reverse("reports:report_approve", args=[meeting.pk, part.pk])).status_code == 302
    assert _client(fac).post(reverse("reports:report_send", args=[meeting.pk])).status_code == 302

    # Attendance, once the evening is over: the facilitator's topics (the planned times, with
    # the reason they differ from the live run, which lasted seconds), a member's learning goals.
    with time_machine.travel(meeting.ends_at + timedelta(minutes=10), tick=True):
        assert _client(fac).post(reverse("reports:attendance_start", args=[meeting.pk])).status_code == 302
        attendance = reverse("reports:attendance", args=[meeting.pk])
        fields = _form(_client(fac), attendance, attendance)
        fields["topics"] = canaries.new("topics")
        fields["started_at"] = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M")
        fields["ended_at"] = timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M")
        fields["reason"] = "De live bijeenkomst in Kring was kort; de avond liep zoals gepland."
        saved = _client(fac).post(attendance, fields)
        assert saved.status_code == 302, (fields, saved.context["form"].errors, [f.errors for _l, f, _n in saved.context["rows"]])
    goals = reverse("reports:attendance_goals", args=[meeting.pk])
    assert _client(b).post(goals, {"learning_goals": canaries.new("learning_goals")}).status_code == 302

    # The anonymous evaluation.
    evaluate = reverse("reports:evaluate", args=[meeting.pk])
    scores = dict.fromkeys(("usefulness", "safety", "collaboration", "problem_solving", "confidence", "self_awareness"), "4")
    assert _client(c).post(evaluate, {**scores, "comment": canaries.new("evaluation")}).status_code == 302

    # Every mail is delivered to the real SMTP server.
    run_tasks()
    assert smtp_server.received, "no mail was delivered"

    # Every canary was stored (the scans below are not vacuous) ...
    stored = " ".join(str(getattr(obj, field.name) or "") for model, field in encrypted_fields()
                      for obj in model._default_manager.all())
    assert [name for name, value in canaries.items() if value not in stored and not name.startswith("socket")] == []
    # ... and the people allowed see them on their pages.
    assert canaries["situation"] in _client(b).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert canaries["report_advice"] in _client(b).get(reverse("reports:report", args=[meeting.pk])).content.decode()

    # The places where none may be: the database file and its WAL, the outbox, the
    # delivered mails, the logs, a dumpdata, the staff outbox pages.
    places: dict[str, str] = {}
    if connection.vendor == "sqlite":
        db_file = Path(str(connection.settings_dict["NAME"]))
        files = [f for f in (db_file, Path(f"{db_file}-wal")) if f.exists()]
        assert files
        places["database file"] = b"".join(f.read_bytes() for f in files).decode("latin-1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM mail_outboxmessage")
        places["outbox rows"] = repr(cursor.fetchall())
    places["delivered mails"] = "".join(m.message.as_string() + m.text() for m in smtp_server.received)
    places["logs"] = caplog.text
    dump = StringIO()
    call_command("dumpdata", stdout=dump)
    places["dumpdata"] = dump.getvalue()
    staff = make_person("Stef Staff")
    staff.is_staff = True
    staff.save()
    pages = [_client(staff).get(reverse("mail:outbox")).content.decode()]
    pages += [_client(staff).get(reverse("mail:message", args=[m.pk])).content.decode() for m in OutboxMessage.objects.all()]
    places["staff outbox pages"] = "".join(pages)
    found = {(where, name) for where, text in places.items() for name, value in canaries.items() if value in text}
    assert found == set()
