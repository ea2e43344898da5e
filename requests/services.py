"""Writes of data-subject requests: registering, verifying identity, extending the deadline,
deciding, and the Art 19 notifications. Every write names its actor and leaves a trail."""

import datetime
import hashlib
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clients import services as client_services
from clients.constants import RecipientKind
from clients.models import Client, Disclosure, Representative
from clients.selectors import client_file_pdf, request_handler_required
from consents import services as consent_services
from consents.constants import ProhibitionKind
from consents.models import Consent, Prohibition
from core.audit import acting_as
from core.workdays import add_working_days

from .constants import CLIENT_FILE, JobState, Outcome, ReleasedDocument, RequesterRole, RequestType, Status
from .models import Art19Notification, DataSubjectRequest, DocumentJob, RequestNote
from .selectors import (
    ART19_TYPES,
    OBJECTION_TYPES,
    art19_pending,
    client_file_is_heavy,
    client_file_job,
    decide_fields,
    document_job_stalled,
    erasure_plan,
    erasure_refusal,
    erasure_refusal_reasons,
    fee_refusal,
    request_handlers,
    requester_refusal,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def request_register(
    *, actor: User, client: Client, type: str, received_on: datetime.date, channel: str,
    submission_key: uuid.UUID, today: datetime.date, requester_role: str = RequesterRole.CLIENT,
    representative: Representative | None = None, requester_name: str = "", description: str = "",
) -> DataSubjectRequest:
    """Register a request received at the desk, by letter or electronically. The same submitted
    form twice gives the same request (submission_key). A guardian's or legal representative's
    request names one of the client's own representatives; the requester's name defaults to
    theirs, or to the client's. A question or feedback about the register (its text in
    `description`) is due within the register's working days (`core.workdays.add_working_days`),
    counted from the day it was received."""
    existing = DataSubjectRequest.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing
    if received_on > today:
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    if requester_role != RequesterRole.CLIENT:
        if representative is None or representative.client_id != client.pk:
            raise ValidationError({"representative": _("Choose one of the client's own representatives.")})
        requester_name = requester_name or representative.full_name
    else:
        representative = None
        requester_name = requester_name or client.display_name
    answer_due_on = None
    if type == RequestType.QUESTION:
        if not description.strip():
            raise ValidationError({"description": _("Write the question or feedback.")})
        answer_due_on = add_working_days(received_on, client.register.question_answer_working_days)
    request = DataSubjectRequest(
        client=client, submission_key=submission_key, created_by=actor, type=type, received_on=received_on,
        channel=channel, requester_role=requester_role, representative=representative,
        requester_name=requester_name, description=description, answer_due_on=answer_due_on,
    )
    with acting_as(actor):
        request.full_clean(exclude=["submission_key"])
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:  # the same form submitted twice at the same moment
            return DataSubjectRequest.objects.get(submission_key=submission_key)
    return request


@transaction.atomic
def request_verify_identity(*, actor: User, request: DataSubjectRequest, method: str,
                            when: datetime.datetime | None = None) -> DataSubjectRequest:
    """Seed 001: "henkilöllisyys tarkastetaan kuvallisesta henkilöllisyystodistuksesta"."""
    request_handler_required(actor)
    with acting_as(actor):
        request.verification_method = method
        request.verified_by = actor
        request.verified_at = when or timezone.now()
        if request.status == Status.RECEIVED:
            request.status = Status.IN_PROGRESS
        if request.handler_id is None:
            request.handler = actor
        request.save()
    return request


@transaction.atomic
def request_extend(*, actor: User, request: DataSubjectRequest, reason: str,
                   notified_on: datetime.date) -> DataSubjectRequest:
    """GDPR Art 12(3): two more months, only with reasons told to the requester within the
    first month."""
    request_handler_required(actor)
    if request.is_question:
        raise ValidationError(_("A question about the register is answered within the register's own "
                                "working days; that time is not extended."))
    if request.extended:
        raise ValidationError(_("The deadline has already been extended once."))
    if not reason.strip():
        raise ValidationError({"extension_reason": _("Give the reasons for the extension.")})
    if notified_on > request.base_due_on:
        raise ValidationError({"extension_notified_on": _(
            "The requester must be told of the extension within the first month, by %(date)s."
        ) % {"date": request.base_due_on.strftime("%d.%m.%Y")}})
    if notified_on < request.received_on:
        raise ValidationError({"extension_notified_on": _("The notice cannot precede the request.")})
    with acting_as(actor):
        request.extension_reason = reason
        request.extension_notified_on = notified_on
        request.save(update_fields=["extension_reason", "extension_notified_on"])
    return request


@transaction.atomic
def request_decide(
    *, actor: User, request: DataSubjectRequest, outcome: str, decision: str, refusal_reasons: str = "",
    redactions: str = "", no_redactions_needed: bool = False, old_logs_reason: str = "",
    lift_restriction: bool = False, fee_ground: str = "", fee_amount: Decimal | None = None, fee_reasons: str = "",
    when: datetime.datetime | None = None,
) -> DataSubjectRequest:
    """Close the request with its outcome. Identity must be verified first; a refusal, in full or
    in part, needs its reasons (they go on the refusal certificate). A restriction request sets
    the client's restriction flag when granted. Fields the request type does not take (see
    `selectors.decide_fields`) are refused, and a fee only with its ground and reasons
    (`selectors.fee_refusal`: the first copy is always free)."""
    request_handler_required(actor)
    if request.is_question:
        raise ValidationError(_("A question about the register is answered, not decided."))
    if not request.is_open:
        raise ValidationError(_("The request has already been decided."))
    if not request.verified:
        raise ValidationError(_("Verify the requester's identity before completing the request."))
    when = when or timezone.now()
    refusal = requester_refusal(request, on=timezone.localdate(when))
    if refusal and outcome != Outcome.REFUSED:
        raise ValidationError({"outcome": refusal})
    if outcome != Outcome.GRANTED and not (refusal_reasons.strip() or refusal):
        raise ValidationError({"refusal_reasons": _("Give the reasons for the refusal.")})
    if request.type in ART19_TYPES and outcome != Outcome.REFUSED:
        pending = art19_pending(request)
        if pending:
            raise ValidationError(_(
                "Notify the recipients of the data, or explain why a recipient cannot be notified, before "
                "completing the request (GDPR Art 19): %(names)s.") % {
                "names": ", ".join(d.recipient_name for d in pending)})
    offered = decide_fields(request)
    for name, value in (("redactions", redactions.strip()), ("old_logs_reason", old_logs_reason.strip()),
                        ("lift_restriction", lift_restriction), ("fee_ground", fee_ground)):
        if value and name not in offered:
            raise ValidationError({name: _("This request type does not take this part of a decision.")})
    if "redactions" in offered and outcome != Outcome.REFUSED and not refusal:
        # What is released is decided here: the redactions, or explicitly none.
        if redactions.strip() and no_redactions_needed:
            raise ValidationError({"redactions": _("Record redactions or that none are needed, not both.")})
        if not (redactions.strip() or no_redactions_needed):
            raise ValidationError({"redactions": _(
                "Record the redactions, or that no redactions are needed, before deciding.")})
    fee = fee_refusal(request, ground=fee_ground, amount=fee_amount, reasons=fee_reasons)
    if fee:
        raise ValidationError({"fee_ground": fee})
    with acting_as(actor):
        request.outcome = outcome
        request.decision = decision
        request.refusal_reasons = refusal_reasons.strip() or (refusal or "")
        request.redactions = redactions
        request.no_redactions_needed = no_redactions_needed and not redactions.strip()
        request.old_logs_reason = old_logs_reason
        request.fee_ground, request.fee_amount = fee_ground, fee_amount
        request.fee_reasons = fee_reasons.strip()
        request.status = Status.COMPLETED
        request.decided_by = actor
        request.decided_at = when
        request.handler = request.handler or actor
        request.save()
        if request.type == RequestType.RESTRICTION and outcome != Outcome.REFUSED:
            client_services.client_restrict(actor=actor, client=request.client,
                                            reason=decision or request.description)
        elif lift_restriction and request.client.restricted:
            client_services.client_restriction_lift(actor=actor, client=request.client)
    return request


@transaction.atomic
def request_refuse_unverified(*, actor: User, request: DataSubjectRequest, reasons: str,
                              when: datetime.datetime | None = None) -> DataSubjectRequest:
    """GDPR Art 11(2) and 12(2): the requester could not be identified, so the request is refused
    with reasons. The request closes (and stops holding the client against the nightly run); its
    refusal certificate is the letter to the requester, which releases none of the client's data."""
    request_handler_required(actor)
    if request.is_question:
        raise ValidationError(_("A question about the register is answered, not decided."))
    if not request.is_open:
        raise ValidationError(_("The request has already been decided."))
    if request.verified:
        raise ValidationError(_("The requester's identity has been verified: decide the request instead."))
    if not reasons.strip():
        raise ValidationError({"reasons": _("Give the reasons for the refusal.")})
    with acting_as(actor):
        request.outcome = Outcome.REFUSED
        request.decision = _("The request is refused because the requester's identity could not be verified.")
        request.refusal_reasons = reasons.strip()
        request.status = Status.COMPLETED
        request.decided_by = actor
        request.decided_at = when or timezone.now()
        request.handler = request.handler or actor
        request.save()
    return request


@transaction.atomic
def question_answer(*, actor: User, request: DataSubjectRequest, answer: str,
                    when: datetime.datetime | None = None) -> DataSubjectRequest:
    """Record the answer to a question or feedback about the register and close it: what was
    answered (the `decision`), who answered (`decided_by`) and when (`decided_at`), in the change
    history under `actor`. Only a register contact or an admin answers. The answer is about the
    register: it releases none of the client's data, so it needs no verified identity (data
    asked for is an access request of its own)."""
    request_handler_required(actor)
    if not request.is_question:
        raise ValidationError(_("Only a question about the register is answered this way."))
    if not request.is_open:
        raise ValidationError(_("The question has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with acting_as(actor):
        request.decision = answer.strip()
        request.status = Status.COMPLETED
        request.decided_by = actor
        request.decided_at = when or timezone.now()
        request.handler = request.handler or actor
        request.save()
    return request


def unverified_refusal_reasons() -> str:
    """The standard reasons, which the handler completes with what was asked for and not given."""
    return _("The requester's identity could not be verified although further information was asked for "
             "(GDPR Art 11(2) and 12(2)). The client's data is not released to a person whose identity is "
             "not certain. A new request may be made with proof of identity.")


@transaction.atomic
def request_assign(*, actor: User, request: DataSubjectRequest, handler: User) -> DataSubjectRequest:
    """Name who handles the request: a register contact or admin of the actor's organisation."""
    request_handler_required(actor)
    if not request_handlers(actor).filter(pk=handler.pk).exists():
        raise ValidationError({"handler": _("Choose a register contact or admin of your organisation.")})
    with acting_as(actor):
        request.handler = handler
        request.save(update_fields=["handler"])
    return request


@transaction.atomic
def request_note_add(*, actor: User, request: DataSubjectRequest, text: str,
                     when: datetime.datetime | None = None) -> RequestNote:
    """An internal note with its author and time; never part of what the requester receives."""
    request_handler_required(actor)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    with acting_as(actor):
        return RequestNote.objects.create(request=request, author=actor, text=text.strip(),
                                          written_at=when or timezone.now())


@transaction.atomic
def art19_notify(*, actor: User, request: DataSubjectRequest, disclosure: Disclosure | None,
                 recipient_name: str, method: str, notified_on: datetime.date,
                 explanation: str = "") -> Art19Notification:
    """Record that a recipient of the client's data was told of a rectification, erasure or
    restriction (GDPR Art 19; seed 000: "Virheen korjaamisesta ilmoitetaan ... jolle tiedot on
    luovutettu"). Where telling them is impossible or involves disproportionate effort, the
    explanation is recorded instead of how they were told (Art 19: one or the other)."""
    request_handler_required(actor)
    if request.type not in ART19_TYPES:
        raise ValidationError(_("Recipients are notified only of a rectification, erasure or restriction."))
    if disclosure is not None and disclosure.client_id != request.client_id:
        raise ValidationError(_("The disclosure belongs to another client."))
    if not method.strip() and not explanation.strip():
        raise ValidationError({"method": _("Say how the recipient was notified, or explain why they were not "
                                           "(impossible, or a disproportionate effort).")})
    if method.strip() and explanation.strip():
        raise ValidationError({"explanation": _("Either the recipient was notified or it is explained why not, "
                                                "not both.")})
    if disclosure is not None and disclosure.client_id == request.client_id and \
            disclosure.recipient_kind == RecipientKind.CLIENT:
        raise ValidationError(_("The client is told of the outcome in the decision, not as a recipient."))
    if notified_on < request.received_on:
        raise ValidationError({"notified_on": _("The notification cannot precede the request.")})
    with acting_as(actor):
        return Art19Notification.objects.create(
            request=request, disclosure=disclosure, recipient_name=recipient_name, method=method.strip(),
            explanation=explanation.strip(), notified_on=notified_on, notified_by=actor,
        )


def _objection_refusal(request: DataSubjectRequest) -> str | None:
    if request.type not in OBJECTION_TYPES:
        return _("Consents and prohibitions are changed here only for an objection or a withdrawal of consent.")
    if not request.is_open:
        return _("The request has already been decided.")
    if not request.verified:
        return _("Verify the requester's identity before acting on the request.")
    return requester_refusal(request)


@transaction.atomic
def request_consent_withdraw(*, actor: User, request: DataSubjectRequest, consent: Consent,
                             when: datetime.datetime | None = None) -> Consent:
    """Seed 001: "oikeus peruuttaa suostumus". Withdraw one of the client's consents through the
    consents app, noting the request it answers."""
    request_handler_required(actor)
    refusal = _objection_refusal(request)
    if refusal:
        raise ValidationError(refusal)
    if consent.client_id != request.client_id:
        raise ValidationError(_("The consent belongs to another client."))
    return consent_services.consent_withdraw(
        actor=actor, consent=consent, when=when,
        note=_("Withdrawn on data-subject request %(pk)s received on %(date)s.") % {
            "pk": request.pk, "date": request.received_on.strftime("%d.%m.%Y")},
    )


@transaction.atomic
def request_marketing_prohibit(*, actor: User, request: DataSubjectRequest,
                               when: datetime.datetime | None = None) -> Prohibition:
    """Seed 000: "Rekisteröidyllä on oikeus kieltää tietojensa käsittely ja luovuttaminen
    suoramainontaa ... varten". Record the client's direct-marketing prohibition (GDPR Art 21(2))."""
    request_handler_required(actor)
    refusal = _objection_refusal(request)
    if refusal:
        raise ValidationError(refusal)
    return consent_services.prohibition_add(
        actor=actor, client=request.client, kind=ProhibitionKind.DIRECT_MARKETING, given_at=when,
        note=_("Objection, data-subject request %(pk)s received on %(date)s.") % {
            "pk": request.pk, "date": request.received_on.strftime("%d.%m.%Y")},
    )


# Erasure (GDPR Art 17) ---------------------------------------------------------------------

@dataclass(frozen=True)
class ErasureResult:
    consents_erased: int
    subscribers_erased: int
    prohibitions_kept: int
    retained: dict[str, int]
    refusal_reasons: str


@transaction.atomic
def request_erasure_carry_out(*, actor: User, request: DataSubjectRequest) -> ErasureResult:
    """Erase what no law requires to keep, through the consents app: the client's consents for
    marketing purposes and the client's address on the controller's email lists, each deletion
    in the change history under `actor`. Prohibitions stay. Everything else is statutory client
    documentation: the result gives the reasoned refusal, so the outcome is explicitly partial.
    Refused (ValidationError, nothing erased) for anything but a verified, open erasure request
    whose requester may act for the client."""
    request_handler_required(actor)
    refusal = erasure_refusal(request)
    if refusal:
        raise ValidationError(refusal)
    plan = erasure_plan(request)
    erased = consent_services.marketing_data_erase(actor=actor, client=request.client)
    return ErasureResult(
        consents_erased=erased.consents, subscribers_erased=erased.subscribers,
        prohibitions_kept=plan.prohibitions, retained=plan.retained,
        refusal_reasons=erasure_refusal_reasons(plan),
    )


# Heavy documents: made by a job, released when the handler takes them -----------------------

DOCUMENT_EXTENSIONS = {ReleasedDocument.ACCESS_REPORT: "pdf", ReleasedDocument.ACCESS_LOG: "pdf",
                       ReleasedDocument.PORTABILITY: "zip", CLIENT_FILE: "pdf"}
DOCUMENT_FOLDER = "request-documents"


def document_job_queue(*, actor: User, request: DataSubjectRequest, document: str) -> DocumentJob:
    """Queue the making of a heavy document (`selectors.document_is_heavy`). The same checks as
    making it at once; nothing is released yet. A document already waiting or being made is not
    queued twice. With the job engine (PostgreSQL) a worker makes it after this transaction
    commits; without it (SQLite, `make run`) it is made here, in this process."""
    from .outputs.produce import output_refusal

    request_handler_required(actor)
    refusal = output_refusal(request, document)
    if refusal:
        raise ValidationError(refusal)
    if request.client_id is None:  # the client is gone (purged): nothing to make
        raise ValidationError(_("The document is not ready."))
    with transaction.atomic():
        DataSubjectRequest.objects.select_for_update().filter(pk=request.pk).first()
        return _job_queue(actor=actor, client_id=request.client_id, request=request, document=document)


def _job_queue(*, actor: User, client_id: int, request: DataSubjectRequest | None, document: str) -> DocumentJob:
    """The job making `document` (of the request, or the client-file PDF when no request), unless
    one is already waiting or being made. The caller holds the lock of the request or client."""
    waiting = DocumentJob.objects.filter(client_id=client_id, request=request, document=document,
                                         state__in=(JobState.QUEUED, JobState.RUNNING))
    for job in waiting:
        if not document_job_stalled(job):
            return job
    with acting_as(actor):
        job = DocumentJob.objects.create(request=request, client_id=client_id, document=document,
                                         queued_by=actor, queued_at=timezone.now())
    _document_job_start(job)
    return job


def document_job_retry(*, actor: User, request: DataSubjectRequest, job: DocumentJob) -> DocumentJob:
    """A failed (or stalled) job is queued again as a new job."""
    if job.request_id != request.pk or not (job.state == JobState.FAILED or document_job_stalled(job)):
        raise ValidationError(_("Only a failed document can be produced again."))
    with transaction.atomic():
        DocumentJob.objects.filter(pk=job.pk).update(state=JobState.FAILED)
        return document_job_queue(actor=actor, request=request, document=job.document)


def _document_job_start(job: DocumentJob) -> None:
    if settings.JOB_ENGINE:
        from .jobs import document_job_defer

        job_id = job.pk
        transaction.on_commit(lambda: document_job_defer(job_id))
    else:
        transaction.on_commit(lambda: document_job_run(job_id=job.pk))


def _document_job_update(job_id: int, **fields: Any) -> None:
    DocumentJob.objects.filter(pk=job_id).update(**fields)


def document_job_run(*, job_id: int) -> DocumentJob | None:
    """The job's work: make the file, store it under a random name with its SHA-256, and show
    progress on the way. Each step commits on its own, so the request page sees it. A job that
    fails is marked failed with the kind of error only (never the client's data) and can be
    queued again from the request page. Idempotent: a job already done is left as it is."""
    from .outputs.produce import output_make

    job = DocumentJob.objects.select_related("request__client", "client").filter(pk=job_id).first()
    if job is None or job.state == JobState.DONE:
        return job
    _document_job_update(job_id, state=JobState.RUNNING, progress=10, started_at=timezone.now(),
                         attempts=job.attempts + 1, error="")
    try:
        if job.request is None:  # the client-file PDF, in the client's language (Finnish by default)
            with translation.override(job.client.preferred_language or settings.LANGUAGE_CODE):
                content = client_file_pdf(job.client, now=timezone.now())
        else:
            content = output_make(job.request, job.document, now=timezone.now())
        _document_job_update(job_id, progress=90)
        name = default_storage.save(
            f"{DOCUMENT_FOLDER}/{uuid.uuid4().hex}.{DOCUMENT_EXTENSIONS[job.document]}", ContentFile(content))
    except Exception as exc:  # the job is marked failed, the worker goes on
        _document_job_update(job_id, state=JobState.FAILED, finished_at=timezone.now(),
                             error=type(exc).__name__[:200])
        logger.exception("document job %s failed", job_id)
        return DocumentJob.objects.filter(pk=job_id).first()
    _document_job_update(job_id, state=JobState.DONE, progress=100, file_name=name,
                         sha256=hashlib.sha256(content).hexdigest(), size_bytes=len(content),
                         finished_at=timezone.now())
    return DocumentJob.objects.filter(pk=job_id).first()


@transaction.atomic
def document_job_release(*, actor: User, request: DataSubjectRequest, job: DocumentJob) -> bytes:
    """Hand out the file a job made: the bytes stored, checked against their SHA-256, released
    and recorded exactly as a document made at once (`outputs.output_release`)."""
    from .outputs.produce import output_release

    if job.request_id != request.pk:
        raise ValidationError(_("The document is not ready."))
    content = _document_job_content(job)
    output_release(actor=actor, request=request, name=job.document, released=content)
    return content


def _document_job_content(job: DocumentJob) -> bytes:
    """The stored file of a finished job, checked against the SHA-256 taken when it was made."""
    if job.state != JobState.DONE or not job.file_name:
        raise ValidationError(_("The document is not ready."))
    with default_storage.open(job.file_name, "rb") as stored:
        content = stored.read()
    if hashlib.sha256(content).hexdigest() != job.sha256:
        raise ValidationError(_("The stored document has changed since it was produced; produce it again."))
    return content


def client_file_job_queue(*, actor: User, client: Client) -> DocumentJob:
    """Queue the client-file PDF of a client with many entries (`selectors.client_file_is_heavy`).
    The caller has opened the client for the actor (`clients.services.client_open`: access
    checked and logged) and passed the restriction check of the output; nothing is handed out
    until the file is taken (`client_file_job_content`)."""
    with transaction.atomic():
        Client.objects.select_for_update().filter(pk=client.pk).first()
        return _job_queue(actor=actor, client_id=client.pk, request=None, document=CLIENT_FILE)


def client_file_job_retry(*, actor: User, client: Client, job: DocumentJob) -> DocumentJob:
    """A failed (or stalled) client-file PDF is queued again as a new job."""
    if (job.client_id != client.pk or job.request_id is not None
            or not (job.state == JobState.FAILED or document_job_stalled(job))):
        raise ValidationError(_("Only a failed document can be produced again."))
    with transaction.atomic():
        DocumentJob.objects.filter(pk=job.pk).update(state=JobState.FAILED)
        return client_file_job_queue(actor=actor, client=client)


def client_file_job_content(*, client: Client, job: DocumentJob) -> bytes:
    """The client-file PDF a job made, checked against its SHA-256. The caller hands it out as
    the PDF made at once: after the same access check, access-log entry and restriction check."""
    if job.client_id != client.pk or job.request_id is not None or job.document != CLIENT_FILE:
        raise ValidationError(_("The document is not ready."))
    return _document_job_content(job)


def document_files_remove(client_ids: list[int]) -> list[str]:
    """The stored files of the clients' document jobs, and the jobs themselves (a purge: the
    files name the client). Returns the storage names for the caller to remove after commit."""
    jobs = DocumentJob.objects.filter(client_id__in=client_ids)
    names = [name for name in jobs.values_list("file_name", flat=True) if name]
    jobs.delete()
    return names


class ClientFileJobs:
    """The client file's way to the job engine (clients.services.file_jobs), set at start-up."""

    def is_heavy(self, client_pk: int) -> bool:
        return client_file_is_heavy(client_pk)

    def latest(self, client: Client) -> DocumentJob | None:
        return client_file_job(client)

    def stalled(self, job: DocumentJob) -> bool:
        return document_job_stalled(job)

    def queue(self, *, actor: User, client: Client) -> DocumentJob:
        return client_file_job_queue(actor=actor, client=client)

    def retry(self, *, actor: User, client: Client, job_pk: int) -> DocumentJob:
        return client_file_job_retry(actor=actor, client=client, job=_client_file_job_get(client, job_pk))

    def content(self, *, client: Client, job_pk: int) -> bytes:
        return client_file_job_content(client=client, job=_client_file_job_get(client, job_pk))


def _client_file_job_get(client: Client, job_pk: int) -> DocumentJob:
    job = DocumentJob.objects.filter(pk=job_pk, client=client, request__isnull=True, document=CLIENT_FILE).first()
    if job is None:
        raise Http404
    return job
