"""The refusal certificate (kieltäytymistodistus, seeds 000, 003, 004): a written certificate of
a refusal in full or in part, with the reasons and the right to complain."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients import services as client_services
from clients.constants import AccessKind
from clients.selectors import request_handler_required

from ..constants import ReleasedDocument
from ..models import DataSubjectRequest
from ..selectors import refusal_certificate_refusal, requester_refusal
from .common import Redactions, check, record_handout, register_context, release_record, render_pdf, requester_language

REFUSAL_LEGAL_BASIS = "EU:n tietosuoja-asetus 12 artikla 4 kohta"
CONTENT_REFUSAL = "Kieltäytymistodistus"


@transaction.atomic
def refusal_certificate_pdf(*, actor: User, request: DataSubjectRequest,
                            now: datetime.datetime | None = None) -> bytes:
    """Seeds 000, 003, 004: a written certificate of a refusal in full or in part, with the
    reasons and the right to bring the matter to the Data Protection Ombudsman, whose contact
    details are read from the database.

    A requester who may not receive the client's data (e.g. a guardian the minor has
    prohibited) gets the certificate without any of it: the disclosure log refuses such a
    disclosure, so only the export is logged."""
    request_handler_required(actor)
    check(refusal_certificate_refusal(request))
    with requester_language(request):
        now = timezone.localtime(now or timezone.now())
        client = request.client
        # An unverified requester (Art 11(2), 12(2)) gets the certificate without the client's data.
        entitled = request.verified and requester_refusal(request) is None
        redactions = Redactions.parse(request.redactions)
        content = render_pdf(
            template_name="requests/pdf/refusal_certificate.html",
            context={"dsr": request, "client": client, "now": now, "entitled": entitled,
                     **register_context(client)},
            header=_("Refusal certificate"), now=now, redactions=redactions,
        )
        if entitled:
            record_handout(actor=actor, request=request, content=CONTENT_REFUSAL, legal_basis=REFUSAL_LEGAL_BASIS,
                           detail="refusal certificate, request", when=now,
                           document=ReleasedDocument.REFUSAL_CERTIFICATE, released=content, redactions=redactions)
        else:
            client_services.access_record(user=actor, client=client, kind=AccessKind.EXPORT,
                                          detail=f"refusal certificate, request {request.pk}; no client data",
                                          purpose=REFUSAL_LEGAL_BASIS)
            release_record(actor=actor, request=request, document=ReleasedDocument.REFUSAL_CERTIFICATE,
                           released=content, redactions=redactions, disclosure=None, when=now)
    return content
