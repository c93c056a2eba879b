"""Who calls: a bearer token, checked for expiry, revocation and (for organisation
tokens) that its maker still coordinates the organisation; rate-limited per token in the
shared cache; and the scope each operation needs."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from kring.accounts.models import User
from kring.api.actions import TOKEN_PREFIX, digest
from kring.api.models import AccessToken
from kring.api.problems import Problem
from kring.groups.roles import org_reach

WINDOW_SECONDS = 60
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Caller:
    person: User
    token: AccessToken

    @property
    def organisation_id(self) -> UUID | None:
        return self.token.organisation_id

    def within(self, organisation_id: UUID | None) -> None:
        """An organisation token sees only its organisation: anything else is not there."""
        if self.organisation_id is not None and organisation_id != self.organisation_id:
            raise Http404


def _rate_limit(token: AccessToken) -> None:
    limit = settings.KRING_API_RATE_PER_MINUTE
    window = int(time.time() // WINDOW_SECONDS)
    key = f"kring:api:rate:{token.pk}:{window}"
    # A fixed window per token in the shared cache, so all processes count together. Redis
    # counts atomically; the database cache's incr() is a read and a write, so calls at the
    # very same moment may be counted once: the limit can be passed by a few, never refused early.
    try:
        used = cache.incr(key)
    except ValueError:  # the first call of this window
        used = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS * 2) else cache.incr(key)
    if used > limit:
        wait = WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
        raise Problem(429, _("Too many requests."),
                      _("This token may make %(n)d calls a minute. Try again in %(s)d seconds.") % {"n": limit, "s": wait},
                      headers={"Retry-After": str(wait)})


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
            return None
        found = AccessToken.objects.select_related("owner", "organisation").filter(digest=digest(token)).first()
        if found is None or not found.is_active or not found.owner.is_active:
            return None
        if found.organisation is not None and not org_reach(found.owner, found.organisation).can_manage:
            return None
        _rate_limit(found)
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            AccessToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.owner
        return Caller(found.owner, found)


def caller(request: HttpRequest, scope: str) -> Caller:
    """The authenticated caller, if their token carries ``scope`` (else 403)."""
    who = request.auth  # type: ignore[attr-defined]
    assert isinstance(who, Caller)
    if scope not in who.token.scopes:
        raise Problem(403, _("Not allowed."), _("This token does not have the “%(scope)s” permission.") % {"scope": scope})
    return who
