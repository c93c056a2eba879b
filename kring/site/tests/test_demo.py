from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from kring.accounts.models import Role
from kring.core.errors import Refused
from kring.groups import actions
from kring.groups.models import IntervisionGroup
from kring.site.demo import load_core

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


def test_loading_the_demo_twice_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")
    assert _counts() == first
    out = capsys.readouterr().out
    assert "anne@demo.kring.nl" in out and "kring-demo-2026" in out


def test_demo_shows_the_seeds_variety_and_an_enforced_relation() -> None:
    demo = load_core()
    sizes = {(g.min_size, g.max_size) for g in IntervisionGroup.objects.all()}
    assert {(4, 8), (6, 8), (4, 6)} <= sizes
    therapeutic = demo.groups["therapeutic"]
    assert therapeutic.clients_allowed and therapeutic.memberships.filter(person__role=Role.CLIENT).exists()
    assert demo.groups["peer"].chair_rotates
    with pytest.raises(Refused) as refused:
        actions.add_member(demo.people["facilitator2"], therapeutic, demo.people["t3"])
    assert "Pieter Mulder" in str(refused.value) and "Lotte de Boer" in str(refused.value)
