"""Who must have two-factor authentication before doing something sensitive.

One function per decision, so the MFA policy of issue 12 can later take over without the
callers changing. Whether a person holds a privileged role is a fact of
``kring.groups.roles`` (a higher area): the caller passes it in."""
from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.translation import gettext as _

from kring.accounts.models import User
from kring.core.errors import Refused


def may_create_token(person: User, *, privileged: bool) -> Refused | None:
    """A refusal when ``person`` may not create an API token now, else None.

    ``privileged``: the person facilitates a group or holds a facilitator, coordinator or
    staff role (``kring.groups.roles.holds_trust``, the same fact that makes MFA required at login). With ``KRING_MFA_FOR_TOKENS``
    on (the default) such a person needs two-factor authentication first, because a token
    reaches what they reach without a second factor at each use."""
    if not settings.KRING_MFA_FOR_TOKENS or not privileged or is_mfa_enabled(person):
        return None
    return Refused(_("Turn on two-factor authentication before you create a token: "
                     "your roles give access to other people's data."))
