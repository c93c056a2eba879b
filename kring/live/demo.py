"""Demo: the methods catalogue, safety agreements for two groups, a group's own copy of
the gossip method, and a prepared live meeting for the next meeting of the
therapeutic-relationship group. Idempotent: everything is looked up before it is made."""
from __future__ import annotations

from typing import Protocol

from django.utils import timezone

from kring.accounts.models import User
from kring.groups.models import IntervisionGroup
from kring.live.actions import setup
from kring.live.models import GroupAgreements
from kring.methods import actions as method_actions
from kring.methods.catalogue import load_catalogue
from kring.methods.models import Method

AGREEMENTS = """Wat hier gezegd wordt, blijft hier.
We noemen geen namen of herkenbare gegevens van cliënten.
We luisteren naar elkaar en laten elkaar uitpraten.
We oordelen niet; we zijn nieuwsgierig.
Je bepaalt zelf wat je deelt. Stoppen mag altijd.
Telefoons staan stil."""


class DemoData(Protocol):
    """What the site's demo loader hands each area (``kring.site.demo.Demo``)."""

    people: dict[str, User]
    groups: dict[str, IntervisionGroup]


def load(demo: DemoData) -> None:
    load_catalogue()
    facilitator = demo.people["facilitator2"]
    for key in ("therapeutic", "peer"):
        group = demo.groups[key]
        if not GroupAgreements.objects.filter(group=group).exists():
            setup.set_agreements(facilitator, group, AGREEMENTS)
    peer = demo.groups["peer"]
    gossip = Method.objects.get(key="roddelmethode")
    if not Method.objects.filter(group=peer, based_on=gossip).exists():
        method_actions.copy_method(facilitator, gossip, peer)
    therapeutic = demo.groups["therapeutic"]
    upcoming = therapeutic.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    if upcoming is not None:
        setup.prepare(facilitator, upcoming)
