"""The access-log report (Act 703/2023 § 11): who has viewed or received the client's data and
when, as a PDF for the requester."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.selectors import request_handler_required

from ..constants import ReleasedDocument, RequestType
from ..models import DataSubjectRequest
from ..selectors import ACCESS_LOG_TYPES, access_log_report, release_refusal
from .common import LEGAL_BASIS, Redactions, check, record_handout, register_context, render_pdf, requester_language

CONTENT_ACCESS_LOG = "Käyttö- ja luovutuslokitiedot"


@transaction.atomic
def access_log_pdf(*, actor: User, request: DataSubjectRequest, now: datetime.datetime | None = None) -> bytes:
    """Who has viewed or received the client's data and when, as a PDF for the requester;
    recorded as a disclosure to the requester and an export."""
    request_handler_required(actor)
    check(release_refusal(request, types=ACCESS_LOG_TYPES))
    with requester_language(request):
        now = timezone.localtime(now or timezone.now())
        redactions = Redactions.parse(request.redactions)
        client = request.client
        content = render_pdf(
            template_name="requests/pdf/access_log.html",
            context={"dsr": request, "client": client, "report": access_log_report(request, now=now), "now": now,
                     "redaction_reasons": redactions.reasons, **register_context(client)},
            header=f"{client.display_name} – {_('Access log')}", now=now, redactions=redactions,
        )
        record_handout(actor=actor, request=request, content=CONTENT_ACCESS_LOG,
                       legal_basis=LEGAL_BASIS[RequestType.ACCESS_LOG], detail="access-log report, request",
                       when=now, document=ReleasedDocument.ACCESS_LOG, released=content, redactions=redactions)
    return content
