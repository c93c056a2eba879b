"""The one write path for methods: facilitators copy a built-in method for their group and
adapt its texts, durations and phases. The catalogue loader (catalogue.py) writes the
built-in ones."""
from __future__ import annotations

from copy import deepcopy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.audit.actions import audit
from kring.core.errors import Refused
from kring.core.ordering import move_one
from kring.groups.models import IntervisionGroup
from kring.groups.roles import reach
from kring.methods import events
from kring.methods.models import Method, Phase

METHOD_FIELDS = ("name", "summary", "when_to_use", "min_group_size", "max_group_size", "min_minutes", "max_minutes")
PHASE_FIELDS = ("title", "purpose", "chair_instructions", "prompts", "speaker", "minutes", "bringer_outside",
                "collects")


def _check_manager(actor: User, group: IntervisionGroup | None) -> None:
    if group is None or not reach(actor, group).can_manage:
        raise Refused(_("Only the group's facilitator or coordinator can change its methods."))


def _clean(obj: Method | Phase) -> None:
    try:
        obj.full_clean(exclude=["method", "group", "based_on", "created_by", "key"])
    except ValidationError as exc:
        raise Refused(*[m for msgs in exc.message_dict.values() for m in msgs]) from None


def _apply(obj: Method | Phase, fields: dict[str, object], allowed: tuple[str, ...]) -> list[str]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    changed = []
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            obj.drop_translation(name)
            changed.append(name)
    return changed


@transaction.atomic
def copy_method(actor: User, method: Method, group: IntervisionGroup) -> Method:
    _check_manager(actor, group)
    copy = Method.objects.create(
        group=group, based_on=method, created_by=actor, version=1, translations=deepcopy(method.translations),
        **{f: getattr(method, f) for f in METHOD_FIELDS},
    )
    copy.name = _("%(name)s (our version)") % {"name": method.text("name")}
    copy.drop_translation("name")
    copy.save()
    Phase.objects.bulk_create([
        Phase(method=copy, translations=deepcopy(p.translations), order=p.order, **{f: getattr(p, f) for f in PHASE_FIELDS})
        for p in method.phases.all()
    ])
    audit(events.METHOD_COPIED, actor, copy, source=str(method.pk), group=str(group.pk))
    return copy


@transaction.atomic
def update_method(actor: User, method: Method, **fields: object) -> Method:
    method = Method.objects.select_for_update().get(pk=method.pk)
    _check_manager(actor, method.group)
    changed = _apply(method, fields, METHOD_FIELDS)
    if not method.name:
        raise Refused(_("A method needs a name."))
    if method.min_group_size > method.max_group_size or method.min_minutes > method.max_minutes:
        raise Refused(_("The lower bound cannot be larger than the upper bound."))
    _clean(method)
    method.save()
    audit(events.METHOD_UPDATED, actor, method, fields=sorted(changed))
    return method


@transaction.atomic
def add_phase(actor: User, method: Method) -> Phase:
    method = Method.objects.select_for_update().get(pk=method.pk)
    _check_manager(actor, method.group)
    if method.phases.count() >= 30:
        raise Refused(_("A method can have at most 30 phases."))
    last = method.phases.aggregate(m=Max("order"))["m"]
    phase = Phase.objects.create(method=method, order=(last or 0) + 1, title=_("New phase"), minutes=10)
    audit(events.PHASE_ADDED, actor, method, phase=str(phase.pk))
    return phase


@transaction.atomic
def update_phase(actor: User, phase: Phase, **fields: object) -> Phase:
    phase = Phase.objects.select_for_update(of=("self",)).select_related("method__group").get(pk=phase.pk)
    _check_manager(actor, phase.method.group)
    changed = _apply(phase, fields, PHASE_FIELDS)
    if not phase.title:
        raise Refused(_("A phase needs a title."))
    _clean(phase)
    phase.save()
    audit(events.PHASE_UPDATED, actor, phase.method, phase=str(phase.pk), fields=sorted(changed))
    return phase


@transaction.atomic
def delete_phase(actor: User, phase: Phase) -> None:
    method = Method.objects.select_for_update().get(pk=phase.method_id)
    _check_manager(actor, method.group)
    if method.phases.count() <= 1:
        raise Refused(_("A method needs at least one phase."))
    title = phase.title
    Phase.objects.filter(pk=phase.pk).delete()
    audit(events.PHASE_DELETED, actor, method, title=title)


@transaction.atomic
def move_phase(actor: User, phase: Phase, step: int) -> None:
    """Move a phase one place up (-1) or down (+1)."""
    method = Method.objects.select_for_update().get(pk=phase.method_id)
    _check_manager(actor, method.group)
    move_one(method.phases.order_by("order", "created_at"), phase, step)
    audit(events.PHASE_MOVED, actor, method, phase=str(phase.pk), step=step)
