"""Making and releasing the documents that answer a request, in one place for both ways a file
is made: at once, in the handler's own request (`output_produce`), or by a job when the document
is heavy (`requests.jobs`), the file waiting on the request page until the handler takes it.

Either way the release is recorded by `output_release` when the file is handed out: the same
checks (the handler's role, the request's refusal), the same disclosure, access-log entry of kind
export and released-document record (SHA-256 of the very bytes handed out)."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from clients.selectors import request_handler_required

from ..constants import ReleasedDocument, RequestType
from ..models import DataSubjectRequest
from .access_log import CONTENT_ACCESS_LOG, access_log_make, access_log_refusal
from .access_report import CONTENT_ACCESS_REPORT, access_report_make, access_report_refusal
from .common import LEGAL_BASIS, Redactions, check, record_handout
from .portability import CONTENT_PORTABILITY, portability_make, portability_refusal


@dataclass(frozen=True)
class Output:
    refusal: Callable[[DataSubjectRequest], str | None]  # why it cannot be released now (None: it can)
    make: Callable[..., bytes]  # (request, now=) -> the file, in the requester's language
    content: str  # the disclosure log's words for it (Finnish, a record)
    legal_basis: Callable[[DataSubjectRequest], str]
    detail: str  # the access-log entry's detail


OUTPUTS: dict[str, Output] = {
    ReleasedDocument.ACCESS_REPORT: Output(
        access_report_refusal, access_report_make, CONTENT_ACCESS_REPORT,
        lambda request: LEGAL_BASIS[RequestType.ACCESS], "access report, request"),
    ReleasedDocument.PORTABILITY: Output(
        portability_refusal, portability_make, CONTENT_PORTABILITY,
        lambda request: LEGAL_BASIS[RequestType(request.type)], "portability export, request"),
    ReleasedDocument.ACCESS_LOG: Output(
        access_log_refusal, access_log_make, CONTENT_ACCESS_LOG,
        lambda request: LEGAL_BASIS[RequestType.ACCESS_LOG], "access-log report, request"),
}


def output_refusal(request: DataSubjectRequest, name: str) -> str | None:
    return OUTPUTS[name].refusal(request)


def output_make(request: DataSubjectRequest, name: str, *, now: datetime.datetime) -> bytes:
    """The file only: nothing checked, nothing recorded (a job makes it; the release comes later)."""
    return OUTPUTS[name].make(request, now=now)


def output_release(*, actor: User, request: DataSubjectRequest, name: str, released: bytes,
                   when: datetime.datetime | None = None) -> None:
    """Record `released` (the bytes handed out) as released to the requester: the disclosure,
    the export in the access log and the released-document record. Raises ValidationError, and
    records nothing, when the actor may not hand data out or the request refuses it now."""
    request_handler_required(actor)
    output = OUTPUTS[name]
    check(output.refusal(request))
    record_handout(actor=actor, request=request, content=output.content, legal_basis=output.legal_basis(request),
                   detail=output.detail, when=timezone.localtime(when or timezone.now()), document=name,
                   released=released, redactions=Redactions.parse(request.redactions))


@transaction.atomic
def output_produce(*, actor: User, request: DataSubjectRequest, name: str,
                   now: datetime.datetime | None = None) -> bytes:
    """Make the document and release it in one transaction (the inline way)."""
    request_handler_required(actor)
    check(output_refusal(request, name))
    now = timezone.localtime(now or timezone.now())
    content = output_make(request, name, now=now)
    output_release(actor=actor, request=request, name=name, released=content, when=now)
    return content
