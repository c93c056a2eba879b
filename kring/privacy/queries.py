"""Reads of the privacy area, each taking the person who asks."""
from __future__ import annotations

from django.db.models import QuerySet

from kring.accounts.models import Person, User
from kring.groups.roles import is_staff
from kring.privacy.models import ErasureRequest, ErasureStatus, RetentionRule


def open_erasure_requests(person: Person) -> QuerySet[ErasureRequest]:
    """Requests waiting for staff: staff see them all, everyone else none."""
    if not is_staff(person):
        return ErasureRequest.objects.none()
    return ErasureRequest.objects.filter(status=ErasureStatus.REQUESTED).select_related("person")


def own_erasure_request(person: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(person=person, status=ErasureStatus.REQUESTED).first()


def retention_rules() -> QuerySet[RetentionRule]:
    """The periods are public to everyone signed in: people may know how long data stays."""
    return RetentionRule.objects.all()
