"""The register contact's letters to the requester (issue 20): the acknowledgement of a request,
the extension of the deadline with its reasons (GDPR Art 12(3)), the refusal for an unverified
identity (Art 11(2), 12(2)), the decision, and the notice before lifting a restriction (Art
18(3), made by `clients.services.restriction_lift_letter`, reused here).

Each is a PDF in the requester's language (`common.requester_language`: a guardian's or legal
representative's own where recorded, else the client's preferred language, else Finnish), or an
email with the PDF attached where the client has an email address and wants more than post.

Decided here:
- Producing a letter, either way, is recorded as a `Letter` (who, when, which letter, channel,
  language, the file's SHA-256) and as an export in the client's access log.
- An email goes to the client themself only, at their own recorded address, never to a third
  party (a representative gets the letter by post or by hand). Every letter names the client and
  the request, so an email is also a disclosure to the client in the disclosure log; a PDF is
  handed over or posted by the handler, and its `Letter` row is its record.
- The client's address is printed only in the envelope window of a PDF letter to the client:
  not in a letter to a representative, not in an emailed letter, not with "no letters home".
"""

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clients import services as client_services
from clients.constants import AccessKind, RecipientKind
from clients.selectors import request_handler_required
from core.audit import acting_as

from ..constants import LetterChannel, LetterKind
from ..models import DataSubjectRequest, Letter
from ..selectors import letter_addressee, letter_email_refusal, letter_refusal, letter_to_client
from .common import Redactions, check, register_context, render_pdf, requester_language, requester_language_code

# The disclosure log is a record, kept in Finnish whatever the user's language.
LETTER_LEGAL_BASIS = "EU:n tietosuoja-asetus 12 artikla"
LETTER_CONTENT = {
    LetterKind.ACKNOWLEDGEMENT: "Kirje: vastaanottoilmoitus",
    LetterKind.EXTENSION: "Kirje: määräajan pidentäminen",
    LetterKind.UNVERIFIED_REFUSAL: "Kirje: kieltäytyminen, henkilöllisyys todentamatta",
    LetterKind.DECISION: "Kirje: päätös",
    LetterKind.RESTRICTION_LIFT: "Kirje: ilmoitus rajoituksen poistamisesta",
}
TEMPLATES = {
    LetterKind.ACKNOWLEDGEMENT: "requests/pdf/letter_acknowledgement.html",
    LetterKind.EXTENSION: "requests/pdf/letter_extension.html",
    LetterKind.UNVERIFIED_REFUSAL: "requests/pdf/letter_unverified_refusal.html",
    LetterKind.DECISION: "requests/pdf/letter_decision.html",
}


def letter_language(request: DataSubjectRequest, kind: str) -> str:
    """The Art 18(3) notice and every email go to the client, in the client's language; the other
    letters to the requester, in theirs."""
    if letter_to_client(request, kind):
        return request.client.preferred_language or "fi"
    return requester_language_code(request)


def _render(*, actor: User, request: DataSubjectRequest, kind: str, now: datetime.datetime,
            envelope: bool) -> bytes:
    if kind == LetterKind.RESTRICTION_LIFT:  # the existing Art 18(3) letter, recorded on the client
        return client_services.restriction_lift_letter(actor=actor, client=request.client, now=now,
                                                       envelope=envelope)
    client = request.client
    with requester_language(request):
        return render_pdf(
            template_name=TEMPLATES[LetterKind(kind)],
            context={"dsr": request, "client": client, "now": now, "title": LetterKind(kind).label,
                     "addressee": letter_addressee(request, kind, envelope=envelope), **register_context(client)},
            header=str(LetterKind(kind).label), now=now, redactions=Redactions.parse(request.redactions),
        )


def _record(*, actor: User, request: DataSubjectRequest, kind: str, channel: str, content: bytes,
            now: datetime.datetime, disclosure_pk: int | None = None) -> Letter:
    if kind != LetterKind.RESTRICTION_LIFT:  # that service logs its own export
        client_services.access_record(user=actor, client=request.client, kind=AccessKind.EXPORT,
                                      detail=f"letter {kind} ({channel}), request {request.pk}",
                                      purpose=LETTER_LEGAL_BASIS)
    with acting_as(actor):
        return Letter.objects.create(
            request=request, kind=kind, channel=channel, language=letter_language(request, kind),
            recipient_role="client" if letter_to_client(request, kind) else request.requester_role,
            sha256=hashlib.sha256(content).hexdigest(), size_bytes=len(content),
            disclosure_id=disclosure_pk, produced_at=now, produced_by=actor)


@transaction.atomic
def letter_pdf(*, actor: User, request: DataSubjectRequest, kind: str,
               now: datetime.datetime | None = None) -> bytes:
    """The letter as a PDF to post or hand over; recorded as produced."""
    request_handler_required(actor)
    check(letter_refusal(request, kind))
    now = timezone.localtime(now or timezone.now())
    content = _render(actor=actor, request=request, kind=kind, now=now, envelope=True)
    _record(actor=actor, request=request, kind=kind, channel=LetterChannel.PDF, content=content, now=now)
    return content


@transaction.atomic
def letter_email(*, actor: User, request: DataSubjectRequest, kind: str,
                 now: datetime.datetime | None = None) -> Letter:
    """Send the letter to the client's own email address, the PDF attached, in the client's
    language; recorded as a letter, an export and a disclosure to the client. Refused (nothing
    sent or recorded) when the letter goes to a representative, the client has no address or
    wants post only (`selectors.letter_email_refusal`). If the mail server refuses the message,
    nothing is recorded either."""
    request_handler_required(actor)
    check(letter_email_refusal(request, kind))
    now = timezone.localtime(now or timezone.now())
    client = request.client
    content = _render(actor=actor, request=request, kind=kind, now=now, envelope=False)
    disclosure = client_services.disclosure_record(
        actor=actor, client=client, recipient_kind=RecipientKind.CLIENT, recipient_name=client.display_name,
        legal_basis=LETTER_LEGAL_BASIS, content=f"{LETTER_CONTENT[LetterKind(kind)]}, sähköposti (pyyntö {request.pk})",
        when=now)
    letter = _record(actor=actor, request=request, kind=kind, channel=LetterChannel.EMAIL, content=content,
                     now=now, disclosure_pk=disclosure.pk)
    with translation.override(letter_language(request, kind)):
        title = str(LetterKind(kind).label)
        controller = client.register.controller
        subject = f"{title} – {controller.name}"
        body = render_to_string("requests/email/letter.txt", {
            "client": client, "dsr": request, "title": title, "controller": controller})
        filename = f"{_('letter')}-{request.pk}-{now:%Y-%m-%d}.pdf"
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[client.email])
    message.attach(filename, content, "application/pdf")
    message.send()
    return letter
