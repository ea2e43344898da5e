"""Data-subject requests (GDPR Art 15-21 and access-log requests under Act 703/2023 § 11)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models import Client, Disclosure, Representative

from .constants import (
    JOB_DOCUMENTS,
    Channel,
    FeeGround,
    JobState,
    LetterChannel,
    LetterKind,
    Outcome,
    ReleasedDocument,
    RequesterRole,
    RequestType,
    Status,
    VerificationMethod,
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day `months` later, or the month's last day: 31 January + 1 = last day of February."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last_day))


class DataSubjectRequest(models.Model):
    # Outlives the client for its own period (issue 18): a purge empties `client`, names the
    # purge instead ("<purge record reference>:<n>") and keeps type, dates, status and outcome;
    # the texts that would name a person are blanked.
    # Typed as always present: every path that handles a request reaches it through its client
    # (requests_visible_to), so a purged client's kept request is read only by the purge
    # record's view (retention.selectors.purge_record_kept_logs).
    client: "models.ForeignKey[Client, Client]" = models.ForeignKey(  # type: ignore[misc]
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="data_subject_requests",
        verbose_name=_("client"))
    purged_client_ref = models.CharField(_("purged client's reference"), max_length=60, blank=True,
                                         db_index=True)
    type = models.CharField(_("type"), max_length=30, choices=RequestType.choices)
    requester_role = models.CharField(_("requester"), max_length=30, choices=RequesterRole.choices,
                                      default=RequesterRole.CLIENT)
    representative = models.ForeignKey(
        Representative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("representative making the request"),
    )
    requester_name = models.CharField(_("requester's name"), max_length=200)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    description = models.TextField(_("what is requested"), blank=True)
    submission_key = models.UUIDField(unique=True, editable=False)  # one request per submitted form
    # Identity (seed 001: "henkilöllisyys tarkastetaan kuvallisesta henkilöllisyystodistuksesta")
    verification_method = models.CharField(_("identity verified by"), max_length=30,
                                           choices=VerificationMethod.choices, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("verified by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # Deadline (GDPR Art 12(3)): one month, extendable by two with reasons told within the first.
    extension_reason = models.TextField(_("reasons for extension"), blank=True)
    extension_notified_on = models.DateField(_("requester told of the extension on"), null=True,
                                             blank=True)
    # A question about the register: answered within the register's working days, counted when it
    # is registered (`services.request_register`), so a later change of the setting moves no
    # promise already made.
    answer_due_on = models.DateField(_("to be answered by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="handled_requests", verbose_name=_("handler"))
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    decision = models.TextField(_("decision"), blank=True)
    refusal_reasons = models.TextField(_("reasons for refusal"), blank=True)
    redactions = models.TextField(
        _("redactions"), blank=True,
        help_text=_("Third parties' data removed before release, and why."),
    )
    no_redactions_needed = models.BooleanField(
        _("no redactions needed"), default=False,
        help_text=_("The handler checked the data: nothing about third parties needs removing."),
    )
    old_logs_reason = models.TextField(
        _("special reason to include log entries older than two years"), blank=True,
    )
    # Fee (GDPR Art 15(3), 12(5)): none unless decided here, with its ground and reasons.
    fee_ground = models.CharField(_("ground for a fee"), max_length=30, choices=FeeGround.choices, blank=True)
    fee_amount = models.DecimalField(_("fee (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True)
    fee_reasons = models.TextField(_("reasons for the fee"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+", verbose_name=_("decided by"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["received_on", "pk"]
        indexes = [models.Index(fields=["status", "received_on"], name="dsr_status_received")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.received_on:%d.%m.%Y}"

    @property
    def is_question(self) -> bool:
        return self.type == RequestType.QUESTION

    @property
    def base_due_on(self) -> datetime.date:
        """One month (GDPR Art 12(3)); a question about the register: its own working days."""
        if self.is_question and self.answer_due_on is not None:
            return self.answer_due_on
        return add_months(self.received_on, 1)

    @property
    def extended(self) -> bool:
        return bool(self.extension_notified_on)

    @property
    def due_on(self) -> datetime.date:
        return add_months(self.received_on, 3) if self.extended else self.base_due_on

    @property
    def is_open(self) -> bool:
        return self.status != Status.COMPLETED

    @property
    def verified(self) -> bool:
        return bool(self.verification_method and self.verified_at)


class Art19Notification(models.Model):
    """GDPR Art 19: a recipient told of a rectification, erasure or restriction."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="notifications",
                                verbose_name=_("request"))
    disclosure = models.ForeignKey(Disclosure, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("disclosure"))
    recipient_name = models.CharField(_("recipient"), max_length=200)
    notified_on = models.DateField(_("notified on"))
    method = models.CharField(_("how"), max_length=200, blank=True)
    # GDPR Art 19: telling a recipient may prove impossible or involve disproportionate effort;
    # then the reason is recorded instead of the notification (one or the other, per recipient).
    explanation = models.TextField(_("why not notified"), blank=True)
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("notified by"))

    class Meta:
        verbose_name = _("Art 19 notification")
        verbose_name_plural = _("Art 19 notifications")
        ordering = ["notified_on", "pk"]

    def __str__(self) -> str:
        return f"{self.recipient_name} {self.notified_on:%d.%m.%Y}"

    @property
    def explained(self) -> bool:
        return bool(self.explanation.strip()) and not self.method.strip()


class Release(models.Model):
    """A document handed to the requester, as released: its SHA-256, size and the redactions
    applied (the reasons; the terms stay with the decision, which no longer changes), the
    disclosure that names the recipient, who released it and when. Made only after the decision
    (`selectors.release_refusal`)."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="releases",
                                verbose_name=_("request"))
    document = models.CharField(_("document"), max_length=30, choices=ReleasedDocument.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    redaction_reasons = models.TextField(_("redactions applied"), blank=True)
    disclosure = models.ForeignKey(Disclosure, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("disclosure"))
    recipient_role = models.CharField(_("recipient"), max_length=30, choices=RequesterRole.choices)
    released_at = models.DateTimeField(_("released at"))
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("released by"))

    class Meta:
        verbose_name = _("released document")
        verbose_name_plural = _("released documents")
        ordering = ["released_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.released_at:%d.%m.%Y}"


class ReleasedCopy(models.Model):
    """The bytes of a released document, exactly as handed out, for the requester to download
    again on the client's own pages. Kept, never made again: a document made anew would carry
    another date and today's data, not what was released (its SHA-256 would not match the
    Release's). The client's own data: removed with the client by the retention purge (the
    Release row itself outlives them with the request, emptied of names), and under row-level
    security like every table of client data."""

    release = models.OneToOneField(Release, on_delete=models.CASCADE, related_name="copy",
                                   verbose_name=_("released document"))
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", verbose_name=_("client"))
    content = models.BinaryField(_("content"))

    class Meta:
        verbose_name = _("copy of a released document")
        verbose_name_plural = _("copies of released documents")

    def __str__(self) -> str:
        return str(self.release)


class RequestNote(models.Model):
    """An internal note on a request: for the handlers, never in anything sent to the requester."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="notes",
                                verbose_name=_("request"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    written_at = models.DateTimeField(_("written at"))
    text = models.TextField(_("note"))

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} {self.written_at:%d.%m.%Y %H:%M}"


class DocumentJob(models.Model):
    """A heavy document (an access report, a portability export, an access-log report, or the
    client-file PDF of a client with more than REQUEST_DOCUMENT_JOB_ROWS rows) made by a job
    instead of in the user's request (requests/jobs.py). The file waits in storage under a random
    name until it is taken from the request page (released and recorded then:
    `outputs.output_release`) or from the client file (logged as an export then, like the PDF made
    at once).
    Its SHA-256 is that of the stored bytes, checked again when it is handed out."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="document_jobs",
                                null=True, blank=True, verbose_name=_("request"))
    # Whose data the file holds: the request's client, or the client whose file it is (CLIENT_FILE,
    # asked for from the client file, no request). Row-level security and the purge go by it.
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", verbose_name=_("client"))
    document = models.CharField(_("document"), max_length=30, choices=JOB_DOCUMENTS)
    state = models.CharField(_("state"), max_length=20, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file_name = models.CharField(_("stored file"), max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"), default=0)
    error = models.CharField(_("error"), max_length=200, blank=True)  # the kind of error only, never data
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    queued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("queued by"))
    queued_at = models.DateTimeField(_("queued at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document being produced")
        verbose_name_plural = _("documents being produced")
        ordering = ["queued_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_document_display()} {self.get_state_display()}"
class Letter(models.Model):
    """A letter to the requester, as produced or sent: which letter, by which channel, in which
    language, its SHA-256 and size, who made it and when; an email also names its disclosure to
    the client. No free text: nothing here names a person, so the row may outlive the client with
    its request."""

    request = models.ForeignKey(DataSubjectRequest, on_delete=models.CASCADE, related_name="letters",
                                verbose_name=_("request"))
    kind = models.CharField(_("letter"), max_length=30, choices=LetterKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=LetterChannel.choices)
    language = models.CharField(_("language"), max_length=2)
    recipient_role = models.CharField(_("recipient"), max_length=30, choices=RequesterRole.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    disclosure = models.ForeignKey(Disclosure, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("disclosure"))
    produced_at = models.DateTimeField(_("produced at"))
    produced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("produced by"))

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["produced_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.produced_at:%d.%m.%Y}"
