"""What the client receives in answer to a request: the access report (GDPR Art 15), the
machine-readable export (Art 20), the access-log report (Act 703/2023) and the refusal
certificate (kieltäytymistodistus, seeds 000, 003, 004); and carrying out an erasure (Art 17).

What these guarantee:
- Nothing is released for an unverified request, to a requester who may not receive the
  client's data (`requester_refusal`), or for a request of another type; the ValidationError
  says why.
- Every file handed out is, in the same transaction as it is made, a disclosure in the
  disclosure log (to the client or the representative who asked) and an access-log entry of
  kind export. If either cannot be recorded, no file is returned.
- The handler's redactions ("term | reason", one a line) remove every occurrence of each term
  from the released text; the file lists the reasons, never the terms.
- Erasure removes only what no law requires to keep (marketing consents, the client's rows on
  the controller's email lists) and refuses the rest with the statutory reason.
"""

import csv
import datetime
import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from clients import services as client_services
from clients.constants import AccessKind, DisclosureDirection, LegalBasis, RecipientKind
from clients.models import Client, Disclosure, SupervisoryAuthority
from clients.selectors import client_file_data
from consents.models import Consent, EmailSubscriber
from core.audit import acting_as
from core.csv import csv_cell
from core.pdf import pdf_render

from .constants import Outcome, RequesterRole, RequestType
from .models import DataSubjectRequest
from .selectors import access_log_report, requester_refusal

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "portability.schema.json"
FORMAT_NAME = "asiakasrekisteri-portability"
FORMAT_VERSION = 1

# The disclosure log is a record, kept in Finnish whatever the user's language.
LEGAL_BASIS = {
    RequestType.ACCESS: "EU:n tietosuoja-asetus 15 artikla",
    RequestType.PORTABILITY: "EU:n tietosuoja-asetus 20 artikla",
    RequestType.ACCESS_LOG: "Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä 703/2023",
}
REFUSAL_LEGAL_BASIS = "EU:n tietosuoja-asetus 12 artikla 4 kohta"
CONTENT_ACCESS_REPORT = "Tarkastusraportti"
CONTENT_PORTABILITY = "Siirrettävät tiedot"
CONTENT_ACCESS_LOG = "Käyttö- ja luovutuslokitiedot"
CONTENT_REFUSAL = "Kieltäytymistodistus"

# Which request types each output answers.
ACCESS_REPORT_TYPES = (RequestType.ACCESS,)
PORTABILITY_TYPES = (RequestType.PORTABILITY, RequestType.ACCESS)
ACCESS_LOG_TYPES = (RequestType.ACCESS_LOG,)
REFUSED_OUTCOMES = (Outcome.REFUSED, Outcome.PARTIALLY_REFUSED)

_RECIPIENT_KIND = {
    RequesterRole.CLIENT: RecipientKind.CLIENT,
    RequesterRole.GUARDIAN: RecipientKind.GUARDIAN,
    RequesterRole.LEGAL_REPRESENTATIVE: RecipientKind.LEGAL_REPRESENTATIVE,
}


# Who may receive what -----------------------------------------------------------------------

def release_refusal(request: DataSubjectRequest, *, types: Iterable[str]) -> str | None:
    """Why the client's data may not be released in answer to `request` as an output meant for
    `types`, or None when it may."""
    types = tuple(types)
    if request.type not in types:
        return _("This output answers only these requests: %(types)s.") % {
            "types": ", ".join(str(RequestType(t).label) for t in types)}
    if not request.verified:
        return _("Verify the requester's identity before releasing any data.")
    if request.outcome == Outcome.REFUSED:
        return _("The request was refused: only a refusal certificate can be given.")
    return requester_refusal(request)


def refusal_certificate_refusal(request: DataSubjectRequest) -> str | None:
    """Why no refusal certificate can be made for `request`, or None."""
    if request.outcome not in REFUSED_OUTCOMES:
        return _("A refusal certificate is given only for a request refused in full or in part.")
    if not request.refusal_reasons.strip():
        return _("The decision records no reasons for the refusal.")
    return _authority_missing()


def _authority_missing() -> str | None:
    """The rights section names the supervisory authority from the database, never from text."""
    if _authority() is None:
        return _("Record the supervisory authority's contact details (admin) first.")
    return None


def _check(refusal: str | None) -> None:
    if refusal:
        raise ValidationError(refusal)


def _authority() -> SupervisoryAuthority | None:
    return SupervisoryAuthority.objects.first()


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


def _render_pdf(*, template_name: str, context: dict[str, Any], header: str, now: datetime.datetime,
                redactions: Redactions) -> bytes:
    """Render the template, redact its text, then lay it out with the register's page furniture."""
    document = redactions.html(render_to_string(template_name, context))
    return pdf_render(
        template_name="requests/pdf/_prerendered.html",
        context={"document": mark_safe(document)},  # noqa: S308 - rendered and auto-escaped above
        header=redactions.text(header), header_right=now.strftime("%d.%m.%Y %H:%M"),
    )


# Recording each hand-out ----------------------------------------------------------------------

def _record_handout(*, actor: User, request: DataSubjectRequest, content: str, legal_basis: str,
                    detail: str, when: datetime.datetime) -> Disclosure:
    """The disclosure to whoever made the request, and the access-log entry of the export."""
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
    return disclosure


def _register_context(client: Client) -> dict[str, Any]:
    register = client.register
    labels = dict(LegalBasis.choices)
    return {
        "register": register,
        "controller": register.controller,
        "legal_bases": [str(labels.get(code, code)) for code in register.legal_bases],
        "authority": _authority(),
    }


# Access report (GDPR Art 15) ------------------------------------------------------------------

def access_report_context(request: DataSubjectRequest, *, now: datetime.datetime) -> dict[str, Any]:
    """Everything held about the client, and what the register says about it: a fixed number of
    queries whatever the number of entries."""
    data = client_file_data(request.client, today=timezone.localdate(now))
    client = data["client"]
    disclosures = data["disclosures"]
    return {
        **data,
        **_register_context(client),
        "dsr": request,
        "now": now,
        "consents": list(client.consents.select_related(
            "purpose", "recipient_representative", "given_by_representative").order_by("-given_at", "-pk")),
        "prohibitions": list(client.prohibitions.order_by("-given_at", "-pk")),
        "recipients": [d for d in disclosures if d.direction == DisclosureDirection.OUT],
        "received_from": [d for d in disclosures if d.direction == DisclosureDirection.IN],
    }


@transaction.atomic
def access_report_pdf(*, actor: User, request: DataSubjectRequest, now: datetime.datetime | None = None) -> bytes:
    """The access report (tarkastusraportti) for a verified access request whose requester may
    receive the client's data; recorded as a disclosure to the requester and an export."""
    _check(release_refusal(request, types=ACCESS_REPORT_TYPES) or _authority_missing())
    now = timezone.localtime(now or timezone.now())
    redactions = Redactions.parse(request.redactions)
    context = {**access_report_context(request, now=now), "redaction_reasons": redactions.reasons}
    content = _render_pdf(
        template_name="requests/pdf/access_report.html", context=context, now=now, redactions=redactions,
        header=f"{request.client.display_name} – {_('Access report')}",
    )
    _record_handout(actor=actor, request=request, content=CONTENT_ACCESS_REPORT,
                    legal_basis=LEGAL_BASIS[RequestType.ACCESS], detail="access report, request", when=now)
    return content


# Portability export (GDPR Art 20) -------------------------------------------------------------

def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _user(user: User | None) -> str | None:
    return (user.get_full_name() or user.username) if user else None


def _hours(value: Decimal | None) -> str | None:
    return f"{value:.2f}" if value is not None else None


def portability_data(request: DataSubjectRequest, *, now: datetime.datetime) -> dict[str, Any]:
    """The client's data as plain JSON values, in the shape `schema/portability.schema.json`
    documents field by field."""
    context = access_report_context(request, now=now)
    client: Client = context["client"]
    health = context["health"]
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "produced_at": _moment(now),
        "request": {"id": request.pk, "type": request.type, "received_on": _date(request.received_on)},
        "controller": {
            "name": context["controller"].name, "business_id": context["controller"].business_id,
            "register": context["register"].name,
        },
        "client": {
            "kind": client.kind, "first_names": client.first_names, "last_name": client.last_name,
            "organisation_name": client.organisation_name, "identity_code": client.identity_code,
            "business_id": client.business_id, "date_of_birth": _date(client.date_of_birth),
            "date_of_death": _date(client.date_of_death), "preferred_language": client.preferred_language,
            "street_address": client.street_address, "postal_code": client.postal_code, "city": client.city,
            "municipality": client.municipality, "phone": client.phone, "email": client.email,
            "contact_person": client.contact_person, "contact_phone": client.contact_phone,
            "relationship_started": _date(client.relationship_started),
            "relationship_ended": _date(client.relationship_ended),
            "processing_restricted": client.restricted,
        },
        "health": {
            "allergies": health.allergies if health else "",
            "special_needs": health.special_needs if health else "",
            "home_notes": health.home_notes if health else "",
        },
        "representatives": [{
            "role": rep.role, "first_names": rep.first_names, "last_name": rep.last_name,
            "relationship": rep.relationship, "phone": rep.phone, "email": rep.email,
            "street_address": rep.street_address, "postal_code": rep.postal_code, "city": rep.city,
            "valid_from": _date(rep.valid_from), "valid_until": _date(rep.effective_until()),
            "disclosure_prohibited": rep.disclosure_prohibited,
        } for rep in context["representatives"]],
        "cases": [{
            "service_task": case.service_task, "title": case.title, "opened_on": _date(case.opened_on),
            "closed_on": _date(case.closed_on),
            "granted_services": [{
                "service": service.content, "valid_from": _date(service.valid_from),
                "valid_until": _date(service.valid_until), "granted_hours": _hours(service.granted_hours),
                "hours_period": service.hours_period,
                "commissioning_authority": (service.commissioning_authority.name
                                            if service.commissioning_authority else None),
                "payment_commitment_reference": service.payment_commitment_reference,
            } for service in case.granted_services.all()],
        } for case in context["cases"]],
        "agreements": [{
            "service": agreement.service, "agreed_matters": agreement.agreed_matters,
            "billing": agreement.billing, "valid_from": _date(agreement.valid_from),
            "valid_until": _date(agreement.valid_until), "made_on": _date(agreement.made_on),
            "place": agreement.place,
        } for agreement in context["agreements"]],
        "plans": [{
            "version": plan.version, "made_on": _date(plan.made_on), "place": plan.place,
            "client_view": plan.client_view, "service_and_need": plan.service_and_need, "goals": plan.goals,
            "working_methods": plan.working_methods, "other_services": plan.other_services,
            "guardian_contact": plan.guardian_contact, "review_on": _date(plan.review_on),
            "worker": _user(plan.worker_signatory), "client_signatory": plan.client_signatory,
        } for plan in context["plans"]],
        "entries": [{
            "date": _date(entry.date), "kind": entry.kind, "duration_minutes": entry.duration_minutes,
            "worker": _user(entry.worker), "content": entry.content,
            "corrections": [{
                "field": correction.field, "original_value": correction.original_value,
                "corrected_value": correction.corrected_value, "reason": correction.reason,
                "corrected_at": _moment(correction.corrected_at),
            } for correction in entry.corrections.all()],
        } for entry in context["entries"]],
        "documents": [{
            "kind": document.kind, "title": document.title, "document_date": _date(document.document_date),
            "file_name": document.original_name, "content_type": document.content_type,
            "size": document.size, "sha256": document.sha256,
        } for document in context["documents"]],
        "consents": [{
            "purpose_code": consent.purpose.code, "purpose": consent.purpose.name,
            "recipient": consent.recipient_label, "given_by": consent.given_by, "method": consent.method,
            "given_at": _moment(consent.given_at), "withdrawn_at": _moment(consent.withdrawn_at),
        } for consent in context["consents"]],
        "prohibitions": [{
            "kind": prohibition.kind, "given_at": _moment(prohibition.given_at),
            "lifted_at": _moment(prohibition.lifted_at),
        } for prohibition in context["prohibitions"]],
        "redaction_reasons": [],
    }


# One CSV per table a spreadsheet user wants; the columns are the JSON field names.
CSV_TABLES: dict[str, Callable[[dict[str, Any]], list[dict[str, Any]]]] = {
    "client.csv": lambda data: [data["client"]],
    "representatives.csv": lambda data: data["representatives"],
    "entries.csv": lambda data: [{k: v for k, v in entry.items() if k != "corrections"}
                                 for entry in data["entries"]],
    "plans.csv": lambda data: data["plans"],
    "consents.csv": lambda data: data["consents"],
}


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    """Semicolon-separated, UTF-8 with a byte-order mark (what Finnish Excel opens); a text cell
    that a spreadsheet would run as a formula is prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(column) is None else csv_cell(
            ("1" if row[column] else "0") if isinstance(row[column], bool) else row[column])
            for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_columns(schema: dict[str, Any], name: str) -> list[str]:
    table = {"client.csv": "client", "representatives.csv": "representatives", "entries.csv": "entries",
             "plans.csv": "plans", "consents.csv": "consents"}[name]
    node = schema["properties"][table]
    if node.get("type") == "array":
        node = node["items"]
    return [column for column in node["properties"] if column != "corrections"]


def _readme(*, request: DataSubjectRequest, now: datetime.datetime, redactions: Redactions) -> str:
    lines = [
        _("Your personal data from %(register)s (%(controller)s)") % {
            "register": request.client.register.name, "controller": request.client.register.controller.name},
        _("Produced on %(when)s in answer to your request received on %(received)s.") % {
            "when": now.strftime("%d.%m.%Y %H:%M"), "received": request.received_on.strftime("%d.%m.%Y")},
        "",
        _("Files:"),
        "data.json – " + _("all the data in one machine-readable file (JSON, UTF-8)."),
        "data.schema.json – " + _("the JSON Schema of data.json: every field and what it means."),
        "client.csv – " + _("basic data, one row."),
        "representatives.csv – " + _("guardians, legal representatives and next of kin."),
        "entries.csv – " + _("service entries (visits, phone calls, records); corrections are in data.json."),
        "plans.csv – " + _("every version of the service plan."),
        "consents.csv – " + _("consents given and withdrawn."),
        "",
        _("The CSV files are semicolon-separated UTF-8 with a byte-order mark; the column names are the "
          "field names of data.json. A cell that begins with = + - or @ starts with an apostrophe so that "
          "a spreadsheet shows it as text."),
    ]
    if redactions:
        lines += ["", _("Information was removed before release, marked [redacted], because:")]
        lines += [f"- {reason}" for reason in redactions.reasons]
    return "\r\n".join(lines) + "\r\n"


def portability_files(request: DataSubjectRequest, *, now: datetime.datetime) -> dict[str, bytes]:
    """The files of the export by name, redactions applied."""
    redactions = Redactions.parse(request.redactions)
    data = redactions.data(portability_data(request, now=now))
    data["redaction_reasons"] = list(redactions.reasons)
    schema_text = SCHEMA_PATH.read_text(encoding="utf-8")
    schema = json.loads(schema_text)
    files = {
        "README.txt": _readme(request=request, now=now, redactions=redactions).encode("utf-8"),
        "data.json": json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
        "data.schema.json": schema_text.encode("utf-8"),
    }
    for name, rows in CSV_TABLES.items():
        files[name] = _csv(rows(data), _csv_columns(schema, name))
    return files


@transaction.atomic
def portability_zip(*, actor: User, request: DataSubjectRequest, now: datetime.datetime | None = None) -> bytes:
    """The client's data as a zip of JSON and CSV files (GDPR Art 20; also the electronic copy of
    an access request, Art 15(3)); recorded as a disclosure to the requester and an export."""
    _check(release_refusal(request, types=PORTABILITY_TYPES))
    now = timezone.localtime(now or timezone.now())
    buffer = io.BytesIO()
    stamp = now.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in portability_files(request, now=now).items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    _record_handout(actor=actor, request=request, content=CONTENT_PORTABILITY,
                    legal_basis=LEGAL_BASIS[RequestType(request.type)], detail="portability export, request",
                    when=now)
    return buffer.getvalue()


# Access-log report (Act 703/2023) -------------------------------------------------------------

@transaction.atomic
def access_log_pdf(*, actor: User, request: DataSubjectRequest, now: datetime.datetime | None = None) -> bytes:
    """Who has viewed or received the client's data and when, as a PDF for the requester;
    recorded as a disclosure to the requester and an export."""
    _check(release_refusal(request, types=ACCESS_LOG_TYPES))
    now = timezone.localtime(now or timezone.now())
    redactions = Redactions.parse(request.redactions)
    client = request.client
    content = _render_pdf(
        template_name="requests/pdf/access_log.html",
        context={"dsr": request, "client": client, "report": access_log_report(request, now=now), "now": now,
                 "redaction_reasons": redactions.reasons, **_register_context(client)},
        header=f"{client.display_name} – {_('Access log')}", now=now, redactions=redactions,
    )
    _record_handout(actor=actor, request=request, content=CONTENT_ACCESS_LOG,
                    legal_basis=LEGAL_BASIS[RequestType.ACCESS_LOG], detail="access-log report, request",
                    when=now)
    return content


# Refusal certificate (kieltäytymistodistus) ---------------------------------------------------

@transaction.atomic
def refusal_certificate_pdf(*, actor: User, request: DataSubjectRequest,
                            now: datetime.datetime | None = None) -> bytes:
    """Seeds 000, 003, 004: a written certificate of a refusal in full or in part, with the
    reasons and the right to bring the matter to the Data Protection Ombudsman, whose contact
    details are read from the database.

    A requester who may not receive the client's data (e.g. a guardian the minor has
    prohibited) gets the certificate without any of it: the disclosure log refuses such a
    disclosure, so only the export is logged."""
    _check(refusal_certificate_refusal(request))
    now = timezone.localtime(now or timezone.now())
    client = request.client
    entitled = requester_refusal(request) is None
    content = _render_pdf(
        template_name="requests/pdf/refusal_certificate.html",
        context={"dsr": request, "client": client, "now": now, "entitled": entitled,
                 **_register_context(client)},
        header=_("Refusal certificate"), now=now, redactions=Redactions.parse(request.redactions),
    )
    if entitled:
        _record_handout(actor=actor, request=request, content=CONTENT_REFUSAL, legal_basis=REFUSAL_LEGAL_BASIS,
                        detail="refusal certificate, request", when=now)
    else:
        client_services.access_record(user=actor, client=client, kind=AccessKind.EXPORT,
                                      detail=f"refusal certificate, request {request.pk}; no client data",
                                      purpose=REFUSAL_LEGAL_BASIS)
    return content


# Erasure (GDPR Art 17) ------------------------------------------------------------------------

@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure request can and cannot remove, before anything is removed."""

    consents: list[Consent]
    subscribers: list[EmailSubscriber]
    prohibitions: int
    retained: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ErasureResult:
    consents_erased: int
    subscribers_erased: int
    prohibitions_kept: int
    retained: dict[str, int]
    refusal_reasons: str


def _erasable_subscribers(client: Client) -> list[EmailSubscriber]:
    if not client.email.strip():
        return []
    return list(EmailSubscriber.objects.filter(
        email__iexact=client.email.strip(), purpose__register__controller_id=client.register.controller_id,
    ).select_related("purpose"))


def erasure_plan(request: DataSubjectRequest) -> ErasurePlan:
    """What `erasure_carry_out` would erase and keep for the request's client."""
    client = request.client
    return ErasurePlan(
        consents=list(client.consents.filter(purpose__is_marketing=True).select_related("purpose")),
        subscribers=_erasable_subscribers(client),
        prohibitions=client.prohibitions.count(),
        retained={
            str(_("basic data")): 1,
            str(_("service entries")): client.entries.count(),
            str(_("service plan versions")): client.plans.count(),
            str(_("cases")): client.cases.count(),
            str(_("service agreements")): client.agreements.count(),
            str(_("documents")): client.documents.count(),
            str(_("disclosure log entries")): client.disclosures.count(),
        },
    )


def erasure_refusal_reasons(plan: ErasurePlan) -> str:
    """The statutory reason for what is kept: the text for the decision and the certificate."""
    kept = ", ".join(f"{label} ({count})" for label, count in plan.retained.items() if count)
    text = _(
        "The rest of the data cannot be erased: %(kept)s. They are social-welfare client documents, "
        "which the provider must keep for the periods laid down in the Act on the Processing of Client "
        "Data in Healthcare and Social Welfare (703/2023) and its annex; the right to erasure does not "
        "apply to data the controller is legally obliged to keep (GDPR Art 17(3)(b))."
    ) % {"kept": kept}
    if plan.prohibitions:
        text += " " + _("The prohibitions the client has given (e.g. of direct marketing) are kept, "
                        "because they protect the client from that processing.")
    return text


def erasure_refusal(request: DataSubjectRequest) -> str | None:
    if request.type != RequestType.ERASURE:
        return _("Only an erasure request erases data.")
    if not request.is_open:
        return _("The request has already been decided.")
    if not request.verified:
        return _("Verify the requester's identity before erasing anything.")
    return requester_refusal(request)


@transaction.atomic
def erasure_carry_out(*, actor: User, request: DataSubjectRequest) -> ErasureResult:
    """Erase what no law requires to keep: the client's consents for marketing purposes and the
    client's address on the controller's email lists, each deletion in the change history under
    `actor`. Prohibitions stay. Everything else is statutory client documentation: the result
    gives the reasoned refusal, so the outcome is explicitly partial."""
    _check(erasure_refusal(request))
    plan = erasure_plan(request)
    with acting_as(actor):
        for consent in plan.consents:
            consent.delete()  # one by one: each deletion reaches the change history
        for subscriber in plan.subscribers:
            subscriber.delete()
    return ErasureResult(
        consents_erased=len(plan.consents), subscribers_erased=len(plan.subscribers),
        prohibitions_kept=plan.prohibitions, retained=plan.retained,
        refusal_reasons=erasure_refusal_reasons(plan),
    )
