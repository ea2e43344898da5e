"""The access-log report (Act 703/2023 § 11): who has viewed or received the client's data and
when, as a PDF for the requester."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import ReleasedDocument
from ..models import DataSubjectRequest
from ..selectors import ACCESS_LOG_TYPES, access_log_report, release_refusal
from .common import Redactions, register_context, render_pdf, requester_language

CONTENT_ACCESS_LOG = "Käyttö- ja luovutuslokitiedot"


def access_log_make(request: DataSubjectRequest, *, now: datetime.datetime) -> bytes:
    """The access-log report's bytes, in the requester's language; nothing checked or recorded."""
    with requester_language(request):
        now = timezone.localtime(now)
        redactions = Redactions.parse(request.redactions)
        client = request.client
        return render_pdf(
            template_name="requests/pdf/access_log.html",
            context={"dsr": request, "client": client, "report": access_log_report(request, now=now), "now": now,
                     "redaction_reasons": redactions.reasons, **register_context(client)},
            header=f"{client.display_name} – {_('Access log')}", now=now, redactions=redactions,
        )


def access_log_refusal(request: DataSubjectRequest) -> str | None:
    return release_refusal(request, types=ACCESS_LOG_TYPES)


def access_log_pdf(*, actor: User, request: DataSubjectRequest, now: datetime.datetime | None = None) -> bytes:
    """Who has viewed or received the client's data and when, as a PDF for the requester;
    recorded as a disclosure to the requester and an export."""
    from .produce import output_produce

    return output_produce(actor=actor, request=request, name=ReleasedDocument.ACCESS_LOG, now=now)
