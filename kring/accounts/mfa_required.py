"""Who must log in with a second factor: staff, coordinators and facilitators, unless
settings.KRING_MFA_REQUIRED (MFA_REQUIRED) is off. Roles are kring/groups/roles.py's: asked
through accounts.signals.trust_asked, which groups answers."""
from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings

from kring.accounts.models import User
from kring.accounts.signals import answered_yes, trust_asked


def mfa_required(person: User) -> bool:
    if not settings.KRING_MFA_REQUIRED:
        return False
    return answered_yes(trust_asked, person)


def mfa_missing(person: User) -> bool:
    """Required but not set up yet."""
    return mfa_required(person) and not is_mfa_enabled(person)
