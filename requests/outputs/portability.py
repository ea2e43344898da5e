"""The machine-readable export (GDPR Art 20; also the electronic copy of an access request,
Art 15(3)): the client's data as a zip of JSON, its JSON Schema and CSV files."""

import csv
import datetime
import io
import json
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from core.csv import csv_cell

from ..constants import ReleasedDocument
from ..models import DataSubjectRequest
from ..selectors import PORTABILITY_TYPES, release_refusal
from .access_report import access_report_context
from .common import Redactions, requester_language

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "portability.schema.json"
FORMAT_NAME = "asiakasrekisteri-portability"
FORMAT_VERSION = 1
CONTENT_PORTABILITY = "Siirrettävät tiedot"


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


def portability_make(request: DataSubjectRequest, *, now: datetime.datetime) -> bytes:
    """The export's zip, in the requester's language; nothing checked or recorded."""
    with requester_language(request):
        now = timezone.localtime(now)
        buffer = io.BytesIO()
        stamp = now.timetuple()[:6]
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in portability_files(request, now=now).items():
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
        return buffer.getvalue()


def portability_refusal(request: DataSubjectRequest) -> str | None:
    return release_refusal(request, types=PORTABILITY_TYPES)


def portability_zip(*, actor: User, request: DataSubjectRequest, now: datetime.datetime | None = None) -> bytes:
    """The client's data as a zip of JSON and CSV files (GDPR Art 20; also the electronic copy of
    an access request, Art 15(3)); recorded as a disclosure to the requester and an export."""
    from .produce import output_produce

    return output_produce(actor=actor, request=request, name=ReleasedDocument.PORTABILITY, now=now)
