"""Staff follow the outbox in the app: headers and delivery status only, never a body (a
body can hold a case or a sign-in link: showing it would let staff read confidential text
or take over an account). (In the site app: staff is a role, and roles sit above mail.)"""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kring.audit.actions import log_access
from kring.core.http import get_in_scope
from kring.groups.roles import is_staff
from kring.mail import events
from kring.mail.models import OutboxMessage


def require_staff(request: HttpRequest) -> None:
    """Staff's pages do not exist for anyone else (404, not 403)."""
    if not is_staff(request.user):
        raise Http404


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    require_staff(request)
    page = Paginator(OutboxMessage.objects.only("id", "created_at", "to_email", "subject", "status", "kind"), 50)
    return render(request, "mail/outbox.html", {"page": page.get_page(request.GET.get("pagina"))})


@login_required
def message(request: HttpRequest, message_id: str) -> HttpResponse:
    require_staff(request)
    # Only the columns the page shows: the encrypted bodies are never even loaded.
    msg = get_in_scope(OutboxMessage.objects.defer("body_text", "body_html"), pk=message_id)
    # Who mailed whom about what is personal data too: reading it is logged.
    log_access(events.MESSAGE_READ, request.user, msg, subject=msg.recipient, on_behalf_of="staff")
    return render(request, "mail/message.html", {"msg": msg, "attempts": msg.delivery_attempts.all()})
