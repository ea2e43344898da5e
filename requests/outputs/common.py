"""What every document handed out in answer to a request shares: the redactions of third
parties' data, the PDF rendering with the register's page furniture, the register's own
description, and recording each hand-out as a disclosure and an export."""

import datetime
import hashlib
import html
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from clients import services as client_services
from clients.constants import AccessKind, LegalBasis, RecipientKind
from clients.models import Client, Disclosure
from core.audit import acting_as
from core.pdf import pdf_render

from ..constants import RequesterRole, RequestType
from ..models import DataSubjectRequest, Release, ReleasedCopy
from ..selectors import supervisory_authority

# The disclosure log is a record, kept in Finnish whatever the user's language.
LEGAL_BASIS = {
    RequestType.ACCESS: "EU:n tietosuoja-asetus 15 artikla",
    RequestType.PORTABILITY: "EU:n tietosuoja-asetus 20 artikla",
    RequestType.ACCESS_LOG: "Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023",
}

_RECIPIENT_KIND = {
    RequesterRole.CLIENT: RecipientKind.CLIENT,
    RequesterRole.GUARDIAN: RecipientKind.GUARDIAN,
    RequesterRole.LEGAL_REPRESENTATIVE: RecipientKind.LEGAL_REPRESENTATIVE,
}


def check(refusal: str | None) -> None:
    """Raise the refusal as a ValidationError; nothing is made or recorded."""
    if refusal:
        raise ValidationError(refusal)


# Redaction ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Redactions:
    """The handler's redactions of third parties' data: each term is removed wherever it
    occurs (ignoring case); only the reasons are shown to the requester."""

    terms: tuple[str, ...]
    reasons: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> "Redactions":
        terms: list[str] = []
        reasons: list[str] = []
        for line in text.splitlines():
            term, _sep, reason = line.partition("|")
            term, reason = term.strip(), reason.strip()
            if not term:
                continue
            terms.append(term)
            reason = reason or _("Information about a third party")
            if reason not in reasons:
                reasons.append(reason)
        return cls(tuple(sorted(set(terms), key=len, reverse=True)), tuple(reasons))

    def __bool__(self) -> bool:
        return bool(self.terms)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.terms:
            return None
        return re.compile("|".join(re.escape(term) for term in self.terms), re.IGNORECASE)

    def text(self, value: str) -> str:
        pattern = self._pattern
        return pattern.sub(str(_("[redacted]")), value) if pattern else value

    def html(self, document: str) -> str:
        """Redact the text of an HTML document, never its markup: a term such as "td" cannot
        break a table. Text is compared unescaped, so "Virtanen & Co" matches."""
        pattern = self._pattern
        if pattern is None:
            return document
        placeholder = str(_("[redacted]"))
        parts = re.split(r"(<[^>]*>)", document)
        for index, part in enumerate(parts):
            if not part or part.startswith("<"):
                continue
            plain = html.unescape(part)
            if pattern.search(plain):
                parts[index] = html.escape(pattern.sub(placeholder, plain), quote=False)
        return "".join(parts)

    def data(self, value: Any) -> Any:
        """Every string inside a JSON-like structure."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, dict):
            return {key: self.data(item) for key, item in value.items()}
        return value


def requester_language_code(request: DataSubjectRequest) -> str:
    """The requester's language: a guardian's or legal representative's own where recorded, else
    the client's (preferred_language, else Finnish)."""
    rep = request.representative if request.requester_role != RequesterRole.CLIENT else None
    if rep is not None and rep.preferred_language:
        return rep.preferred_language
    return request.client.preferred_language or "fi"


def requester_language(request: DataSubjectRequest) -> Any:
    """What is sent to the requester is in the requester's language (`requester_language_code`),
    whatever language the handler's interface speaks."""
    return translation.override(requester_language_code(request))


def render_pdf(*, template_name: str, context: dict[str, Any], header: str, now: datetime.datetime,
               redactions: Redactions) -> bytes:
    """Render the template, redact its text, then lay it out with the register's page furniture."""
    document = redactions.html(render_to_string(template_name, context))
    return pdf_render(
        template_name="requests/pdf/_prerendered.html",
        context={"document": mark_safe(document)},  # noqa: S308 - rendered and auto-escaped above
        header=redactions.text(header), header_right=now.strftime("%d.%m.%Y %H:%M"),
    )


# Recording each hand-out ----------------------------------------------------------------------

def record_handout(*, actor: User, request: DataSubjectRequest, content: str, legal_basis: str,
                   detail: str, when: datetime.datetime, document: str, released: bytes,
                   redactions: "Redactions") -> Disclosure:
    """The disclosure to whoever made the request, the access-log entry of the export, and the
    document as released (its SHA-256, size and the redactions applied)."""
    client = request.client
    representative = request.representative if request.requester_role != RequesterRole.CLIENT else None
    disclosure = client_services.disclosure_record(
        actor=actor, client=client, recipient_kind=_RECIPIENT_KIND[RequesterRole(request.requester_role)],
        recipient_name=representative.full_name if representative else (request.requester_name
                                                                          or client.display_name),
        representative=representative, legal_basis=legal_basis,
        content=f"{content} (pyyntö {request.pk})", when=when,
    )
    client_services.access_record(user=actor, client=client, kind=AccessKind.EXPORT,
                                  detail=f"{detail} {request.pk}", purpose=legal_basis)
    release_record(actor=actor, request=request, document=document, released=released, redactions=redactions,
                   disclosure=disclosure, when=when)
    return disclosure


def release_record(*, actor: User, request: DataSubjectRequest, document: str, released: bytes,
                   redactions: "Redactions", disclosure: Disclosure | None, when: datetime.datetime) -> Release:
    """The document as released: its SHA-256 and size, the redactions applied, the recipient, and
    its bytes (ReleasedCopy), which the requester downloads again on the client's own pages."""
    with acting_as(actor):
        release = Release.objects.create(
            request=request, document=document, sha256=hashlib.sha256(released).hexdigest(),
            size_bytes=len(released), redaction_reasons="\n".join(redactions.reasons), disclosure=disclosure,
            recipient_role=request.requester_role, released_at=when, released_by=actor)
        ReleasedCopy.objects.create(release=release, client=request.client, content=released)
        return release


def register_context(client: Client) -> dict[str, Any]:
    """What the register's privacy notice says, for a document's controller and rights sections."""
    register = client.register
    labels = dict(LegalBasis.choices)
    return {
        "register": register,
        "controller": register.controller,
        "legal_bases": [str(labels.get(code, code)) for code in register.legal_bases],
        "authority": supervisory_authority(),
    }
