"""Issue 4's acceptance run, in a real browser against a real SMTP server."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from kring.cases.models import Case
from kring.mail.models import OutboxMessage
from kring.meetings import ics
from kring.meetings.models import DatePoll, Meeting
from kring.meetings.tests.conftest import calendars, local, make_circle, the_event
from kring.site.browser import assert_accessible, bring_case, login
from kring.site.testing import ReceivedMail, SmtpServer, run_tasks


def _mails(smtp_server: SmtpServer, *starts: str) -> list[ReceivedMail]:
    return [m for m in smtp_server.received if m.subject.strip().startswith(starts)]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_poll_to_meeting_to_digest_to_move_to_cancel(live_server: Any, new_page: Any, smtp_server: SmtpServer) -> None:
    circle = make_circle()
    base = live_server.url
    fac = new_page()
    login(fac, base, circle.facilitator.email)

    # The facilitator proposes three dates.
    fac.goto(f"{base}/bijeenkomsten/groep/{circle.group.pk}/")
    assert_accessible(fac)
    fac.get_by_role("link", name="Nieuwe prikpeiling").click()
    assert_accessible(fac)
    fac.fill("input[name=deadline]", local(10).date().isoformat())
    fac.fill("input[name=location]", "Buurthuis De Kring, Utrecht")
    for i, days in enumerate((20, 27, 34), start=1):
        fac.fill(f"input[name=day_{i}]", local(days).date().isoformat())
        fac.fill(f"input[name=start_{i}]", "19:00")
        fac.fill(f"input[name=end_{i}]", "21:30")
    fac.get_by_role("button", name="Prikpeiling openen").click()
    fac.wait_for_url("**/prik/**")
    assert_accessible(fac)
    poll = DatePoll.objects.get()
    options = list(poll.options.order_by("starts_at"))

    # Three members answer, one of them on a phone.
    answers = [("yes", "maybe", "no"), ("maybe", "yes", "no"), ("no", "yes", "maybe")]
    for n, (person, row) in enumerate(zip(circle.members, answers, strict=True)):
        page = new_page()
        if n == 0:
            page.set_viewport_size({"width": 375, "height": 740})
        login(page, base, person.email)
        page.goto(f"{base}/bijeenkomsten/prik/{poll.pk}/")
        if n == 0:
            assert_accessible(page)
        for option, answer in zip(options, row, strict=True):
            page.locator(f"input[name='option_{option.pk}'][value='{answer}']").check()
        # Chris reads Kring in English: find the button by its form, not its words.
        page.locator("form.poll-answer button[type=submit]").click()
        page.locator(".message.success").wait_for()
        if n == 0:
            assert_accessible(page)
    assert poll.responses.count() == 3

    # The facilitator closes the poll on the suggested date (most yes: the second).
    fac.reload()
    assert fac.locator(f"input[name=option][value='{options[1].pk}']").is_checked()
    fac.get_by_role("button", name="Sluiten en bijeenkomst plannen").click()
    fac.get_by_text("De prikpeiling is gesloten").wait_for()
    assert_accessible(fac)
    meeting = Meeting.objects.get()
    assert meeting.starts_at == options[1].starts_at
    run_tasks()
    invitations = _mails(smtp_server, "Uitnodiging", "Invitation")
    assert sorted(a for m in invitations for a in m.rcpt_tos) == sorted(p.email for p in circle.everyone)
    for mail in invitations:
        cal = calendars(mail)[0]
        event = the_event(cal)
        assert str(cal["METHOD"]) == "REQUEST" and str(event["UID"]) == ics.uid(meeting)
        assert int(event["SEQUENCE"]) == 0 and event.decoded("DTSTART") == meeting.starts_at

    # The call for cases goes out two weeks before; members then submit cases.
    with time_machine.travel(meeting.starts_at - timedelta(days=14, minutes=-1), tick=False):
        run_tasks()
    assert len(_mails(smtp_server, "Breng een casus in", "Bring a case")) == 3
    for person, title in [(circle.members[0], "Ouder zegt steeds af"), (circle.members[1], "Grens bij een collega")]:
        page = new_page()
        login(page, base, person.email)
        bring_case(page, f"{base}/bijeenkomsten/{meeting.pk}/", title, "Hoe kan ik hiermee omgaan?")
    assert Case.objects.count() == 2

    # At digest time everyone gets both cases.
    with time_machine.travel(meeting.starts_at - timedelta(days=3, minutes=-1), tick=False):
        run_tasks()
    digests = _mails(smtp_server, "Casussen voor", "Cases for")
    assert sorted(a for m in digests for a in m.rcpt_tos) == sorted(p.email for p in circle.everyone)
    assert all("Ouder zegt steeds af" in m.text() and "Grens bij een collega" in m.text() for m in digests)

    # Moving the meeting sends an update with a higher SEQUENCE.
    fac.goto(f"{base}/bijeenkomsten/{meeting.pk}/")
    fac.get_by_role("link", name="Verplaatsen of wijzigen").click()
    assert_accessible(fac)
    new_day = timezone.localtime(meeting.starts_at).date() + timedelta(days=7)
    fac.fill("input[name=day]", new_day.isoformat())
    fac.get_by_role("button", name="Opslaan en iedereen inlichten").click()
    fac.get_by_text("De bijeenkomst is gewijzigd").wait_for()
    run_tasks()
    updates = _mails(smtp_server, "Gewijzigd", "Changed")
    assert len(updates) == 4
    event = the_event(calendars(updates[0])[0])
    assert int(event["SEQUENCE"]) == 1 and str(event["UID"]) == ics.uid(meeting)
    assert timezone.localtime(event.decoded("DTSTART")).date() == new_day

    # Cancelling sends CANCEL.
    fac.on("dialog", lambda dialog: dialog.accept())
    fac.get_by_role("button", name="Bijeenkomst annuleren").click()
    fac.get_by_text("De bijeenkomst is geannuleerd").wait_for()
    assert_accessible(fac)
    run_tasks()
    cancels = _mails(smtp_server, "Geannuleerd", "Cancelled")
    assert len(cancels) == 4
    cal = calendars(cancels[0])[0]
    assert str(cal["METHOD"]) == "CANCEL" and int(the_event(cal)["SEQUENCE"]) == 2

    # Someone outside the group: the meeting and its cases do not exist.
    outsider = new_page()
    login(outsider, base, circle.outsider.email)
    assert outsider.request.get(f"{base}/bijeenkomsten/{meeting.pk}/").status == 404
    for case in Case.objects.all():
        assert outsider.request.get(f"{base}/casussen/{case.pk}/").status == 404

    kinds = Counter(OutboxMessage.objects.values_list("kind", flat=True))
    print("\nacceptance mails:", dict(sorted(kinds.items())), "arrived:", len(smtp_server.received))
    assert sum(kinds.values()) == len(smtp_server.received)
