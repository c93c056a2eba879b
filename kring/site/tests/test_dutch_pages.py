"""The main pages of every area, rendered in Dutch from the demo, say what they are for.

The translation test only finds messages that are missing or fuzzy; this one finds
translations that are wrong: a heading or button whose Dutch says something else than
the page does (a future meeting announced as "afgelopen", a link into the running live
meeting labelled as preparing it). Each page lists the headings and controls that must
read as expected, and words that must not appear in them."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kring.formation.models import Offer
from kring.live.models import LiveSession
from kring.methods.models import Method
from kring.site.demo import Demo, load_all

pytestmark = pytest.mark.django_db


class _Texts(HTMLParser):
    """The text of headings (h1–h3) and of controls (buttons, links, submit inputs)."""

    HEADINGS = {"h1", "h2", "h3"}
    CONTROLS = {"button", "a"}

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.controls: list[str] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HEADINGS or tag in self.CONTROLS:
            self._open.append((tag, []))
        elif tag == "input" and dict(attrs).get("type") == "submit":
            self.controls.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            _, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            (self.headings if tag in self.HEADINGS else self.controls).append(text)
            if self._open:
                self._open[-1][1].append(text)

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1].append(data)


@dataclass(frozen=True)
class Page:
    who: str  # a key of the demo's people
    url: Callable[[Demo], str]
    headings: tuple[str, ...]
    controls: tuple[str, ...] = ()
    never: tuple[str, ...] = field(default=())  # words that would say the wrong thing here
    says: tuple[str, ...] = field(default=())  # bits of markup the page must contain


def _next_meeting(demo: Demo) -> str:
    meeting = demo.groups["therapeutic"].meetings.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()
    assert meeting is not None
    return str(meeting.pk)


def _live(demo: Demo) -> str:
    return str(LiveSession.objects.get(meeting_id=_next_meeting(demo)).pk)


def _offer(demo: Demo) -> str:
    return str(Offer.objects.order_by("created_at").first().pk)  # type: ignore[union-attr]


def _method() -> str:
    return str(Method.objects.filter(group=None).order_by("name").first().pk)  # type: ignore[union-attr]


def _held_meeting(demo: Demo) -> str:
    meeting = demo.groups["peer"].meetings.filter(ends_at__lt=timezone.now()).order_by("-starts_at").first()
    assert meeting is not None
    return str(meeting.pk)


PAGES = [
    # site
    Page("facilitator2", lambda d: reverse("site:dashboard"), ("Mijn groepen",)),
    # accounts
    Page("t1", lambda d: reverse("accounts:profile"), ("Mijn profiel", "Registraties"), ("Profiel opslaan",),
         says=('<option value="client">cliënt</option>',)),
    Page("t1", lambda d: reverse("accounts:relations"), ("Relaties die mensen uit één groep houden", "Een relatie opgeven"), ("Opgeven",)),
    # groups and organisations
    Page("facilitator2", lambda d: reverse("groups:detail", args=[d.groups["therapeutic"].pk]),
         ("Intervisie & de therapeutische relatie", "Groepsregels"), ("Groep bewerken",)),
    Page("facilitator2", lambda d: reverse("groups:members", args=[d.groups["therapeutic"].pk]),
         ("Deelnemers", "Iemand toevoegen"), ("Aan groep toevoegen",), says=("<td>cliënt</td>",)),
    Page("coordinator_care", lambda d: reverse("organisations:list"), ("Mijn organisaties",)),
    # meetings
    Page("facilitator2", lambda d: reverse("meetings:group_list", args=[d.groups["therapeutic"].pk]),
         ("Bijeenkomsten van Intervisie & de therapeutische relatie", "Komend"),
         ("Nieuwe prikpeiling", "Bijeenkomst plannen", "Reeks plannen")),
    Page("t1", lambda d: reverse("meetings:detail", args=[_next_meeting(d)]),
         ("De bijeenkomst zelf",), ("Naar de live bijeenkomst",),
         never=("afgelopen", "voorbereiden")),
    Page("facilitator2", lambda d: reverse("meetings:detail", args=[_next_meeting(d)]),
         ("De bijeenkomst zelf", "Organiseren"), ("Naar de live bijeenkomst", "Verplaatsen of wijzigen", "Bijeenkomst annuleren"),
         never=("afgelopen", "voorbereiden")),
    Page("p1", lambda d: reverse("meetings:poll", args=[d.groups["peer"].date_polls.get().pk]),
         ("Eerste bijeenkomst na de zomer",), ("Antwoorden opslaan",)),
    Page("t1", lambda d: reverse("meetings:feed_settings"), ("Bijeenkomsten in je eigen agenda",), ("Mijn agenda-adres maken",)),
    # cases
    Page("t2", lambda d: reverse("cases:submit", args=[_next_meeting(d)]), ("Casus inbrengen",), ("Casus inbrengen",)),
    # methods
    Page("facilitator2", lambda d: reverse("methods:list"), ("Werkvormen", "Catalogus")),
    Page("facilitator2", lambda d: reverse("methods:detail", args=[_method()]), ("Fasen",), ("Kopiëren en aanpassen",)),
    # live
    Page("facilitator2", lambda d: reverse("live:setup", args=[_live(d)]),
         ("Bijeenkomst inrichten", "Werkvorm en stemming", "Rollen", "Onderdeel toevoegen")),
    Page("t1", lambda d: reverse("live:room", args=[_live(d)]), (), never=("afgelopen",)),
    Page("facilitator2", lambda d: reverse("live:group", args=[d.groups["therapeutic"].pk]),
         ("Live bijeenkomsten",), ("Openen",)),
    # reports
    Page("p1", lambda d: reverse("reports:me"), ("Mijn aanwezigheid en bewijs", "Voortgang per register")),
    Page("facilitator2", lambda d: reverse("reports:attendance", args=[_held_meeting(d)]), ("Aanwezigheid",)),
    # formation
    Page("coordinator", lambda d: reverse("formation:offer_list"), ("Groepsaanbod",), ("Nieuw aanbod",)),
    Page("coordinator", lambda d: reverse("formation:applications", args=[_offer(d)]), ("Aanmeldingen",)),
    Page("s2", lambda d: reverse("formation:apply", args=[_offer(d)]), (), ("Aanmelding versturen",),
         says=('<option value="client">cliënt</option>',)),
]


def _problems(client: Client, demo: Demo, page: Page) -> list[str]:
    url = page.url(demo)
    client.force_login(demo.people[page.who])
    response = client.get(url)
    if response.status_code != 200:
        return [f"{url} ({page.who}): status {response.status_code}"]
    texts = _Texts()
    texts.feed(response.content.decode())
    found = [f"{url} ({page.who}): heading {h!r} not among {texts.headings}" for h in page.headings if h not in texts.headings]
    found += [f"{url} ({page.who}): control {c!r} not among {texts.controls}" for c in page.controls if c not in texts.controls]
    body = response.content.decode()
    found += [f"{url} ({page.who}): {bit!r} missing" for bit in page.says if bit not in body]
    for word in page.never:
        wrong = [t for t in texts.headings + texts.controls if word in t.lower()]
        if wrong:
            found.append(f"{url} ({page.who}): {word!r} says the wrong thing here: {wrong}")
    return found


def test_the_main_pages_say_in_dutch_what_they_are_for() -> None:
    # One test over all pages: the demo is built once (it takes seconds), and every wrong
    # word is reported together.
    demo = load_all()
    client = Client()
    problems = [problem for page in PAGES for problem in _problems(client, demo, page)]
    assert problems == [], "\n".join(problems)
