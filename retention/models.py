"""Retention rules, legal holds, archive handoffs and the trail the nightly run leaves.

Nothing here holds a client's personal data once the client is purged: a handoff keeps only the
client's former primary key (the name of its package on disk), a purge record only counts, a
run failure only the former primary key and an error text scrubbed of the client's name and
identity code. Business rules live in `selectors` and `services`, not here."""

import calendar
import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clients.constants import RegisterKind, ServiceTask
from clients.models import Client, Disclosure, Register

from .constants import (
    DOCUMENT_KINDS,
    ENFORCED_RECORD_KINDS,
    LOG_KINDS,
    Action,
    AppliesTo,
    FailureStage,
    HandoffStatus,
    RecordKind,
    StartEvent,
)


def add_period(day: datetime.date, *, years: int = 0, months: int = 0, days: int = 0) -> datetime.date:
    """`day` plus a period. Months and years end on the same day of the month, or on the last
    day of a shorter month (31 January + 1 month = 28/29 February; 29 February + 1 year =
    28 February), as Finnish law counts periods (Act 150/1930 on calculating statutory time
    limits); then days are added."""
    month_index = day.month - 1 + months + 12 * years
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last)) + datetime.timedelta(days=days)


class RetentionRuleQuerySet(models.QuerySet["RetentionRule"]):
    def active(self) -> "RetentionRuleQuerySet":
        return self.filter(active=True)

    def enforced(self) -> "RetentionRuleQuerySet":
        """Active rules the nightly run enforces: the only ones a privacy notice may promise."""
        return self.active().filter(record_kind__in=ENFORCED_RECORD_KINDS)

    def for_register(self, register: Register) -> "RetentionRuleQuerySet":
        """The rules in force for `register`: those naming it, those of its controller for its kind
        (or any kind), and the statutory defaults for its kind. Another controller's rules never."""
        unnamed = ~Q(pk__in=RetentionRule.registers.through.objects.values("retentionrule_id"))
        own_kind = (Q(controller_id=register.controller_id) & unnamed
                    & (Q(register_kind="") | Q(register_kind=register.kind)))
        statutory = (Q(statutory=True, controller__isnull=True) & unnamed
                     & (Q(register_kind="") | Q(register_kind=register.kind)))
        return self.filter(Q(pk__in=register.retention_rules.values("pk")) | own_kind | statutory)


class RetentionRule(models.Model):
    """How long one kind of record is kept, from which event, and what happens then. The
    defaults (Act 703/2023 annex, the seeds' own promises) come from a data migration and are
    edited in the admin."""

    code = models.SlugField(_("code"), max_length=60, unique=True,
                            help_text=_("Stable identifier, e.g. statutory-child-welfare."))
    name = models.CharField(_("name"), max_length=200)
    legal_reference = models.TextField(
        _("source"), blank=True,
        help_text=_("The law, the National Archives' guidance or the privacy notice's own sentence."),
    )
    # Whose rule this is. A statutory default (Act 703/2023) belongs to no controller and applies
    # by register kind to every controller's registers; any other rule (a seed's own promise, an
    # organisation's own rule) applies only to the registers it names, or to the registers of
    # one kind of its own controller. A non-statutory rule that names neither applies to nothing.
    statutory = models.BooleanField(
        _("statutory default"), default=False,
        help_text=_("A period set by law for every controller's registers of the kind below (platform "
                    "administrator only)."),
    )
    controller = models.ForeignKey(
        "clients.Controller", on_delete=models.PROTECT, null=True, blank=True, related_name="retention_rules",
        verbose_name=_("controller"),
        help_text=_("The organisation whose rule this is. Empty only for a statutory default."),
    )
    registers = models.ManyToManyField(
        Register, blank=True, related_name="retention_rules", verbose_name=_("registers"),
        help_text=_("The registers the rule applies to. Empty: every register of the controller of the kind "
                    "below."),
    )
    register_kind = models.CharField(_("kind of register"), max_length=30, choices=RegisterKind.choices,
                                     blank=True, help_text=_("Empty: any kind."))
    record_kind = models.CharField(_("records"), max_length=30, choices=RecordKind.choices,
                                   default=RecordKind.CLIENT_FILE)
    applies_to = models.CharField(_("applies to"), max_length=30, choices=AppliesTo.choices,
                                  default=AppliesTo.ALL_CLIENTS)
    service_task = models.CharField(_("service task"), max_length=30, choices=ServiceTask.choices, blank=True,
                                    help_text=_("Only for rules that apply to cases of one service task."))
    period_years = models.PositiveSmallIntegerField(_("years"), default=0)
    period_months = models.PositiveSmallIntegerField(_("months"), default=0)
    period_days = models.PositiveSmallIntegerField(_("days"), default=0)
    start_event = models.CharField(_("counted from"), max_length=30, choices=StartEvent.choices)
    action = models.CharField(_("then"), max_length=30, choices=Action.choices, default=Action.DELETE)
    hand_over_at_start = models.BooleanField(
        _("hand over when the period starts"), default=False,
        help_text=_("Build the archive package as soon as the period starts (for example, the data are "
                    "handed to the social services when the client relationship ends), delete when "
                    "the period has passed."),
    )
    receipt_required = models.BooleanField(
        _("archive's receipt required"), default=False,
        help_text=_("Purge only after the receiving archive's receipt is recorded."),
    )
    archive_name = models.CharField(_("receiving archive"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RetentionRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        ordering = ["record_kind", "register_kind", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_enforced(self) -> bool:
        """The nightly run deletes by this rule (the privacy notice lists only these)."""
        return self.active and self.record_kind in ENFORCED_RECORD_KINDS

    @property
    def archives(self) -> bool:
        return self.action == Action.ARCHIVE_THEN_DELETE

    def due_from(self, start: datetime.date) -> datetime.date:
        return add_period(start, years=self.period_years, months=self.period_months, days=self.period_days)

    @property
    def period_text(self) -> str:
        parts = []
        if self.period_years:
            parts.append(ngettext("%(n)d year", "%(n)d years", self.period_years) % {"n": self.period_years})
        if self.period_months:
            parts.append(ngettext("%(n)d month", "%(n)d months", self.period_months) % {"n": self.period_months})
        if self.period_days or not parts:
            parts.append(ngettext("%(n)d day", "%(n)d days", self.period_days) % {"n": self.period_days})
        return " ".join(parts)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.applies_to == AppliesTo.CASES_OF_TASK and not self.service_task:
            errors["service_task"] = _("Choose the service task whose cases this rule covers.")
        if self.applies_to != AppliesTo.CASES_OF_TASK and self.service_task:
            errors["service_task"] = _("A service task is only given for rules that cover the cases of one task.")
        if self.record_kind == RecordKind.CLIENT_FILE and self.start_event == StartEvent.DOCUMENT_DATE:
            errors["start_event"] = _("A client-file rule cannot count from a document's date.")
        if self.record_kind in LOG_KINDS and self.start_event != StartEvent.DOCUMENT_DATE:
            errors["start_event"] = _("Access-log entries are counted from their own date.")
        if self.record_kind in LOG_KINDS and self.action != Action.DELETE:
            errors["action"] = _("Old access-log entries can only be deleted.")
        if self.record_kind in DOCUMENT_KINDS and self.start_event != StartEvent.DOCUMENT_DATE:
            errors["start_event"] = _("These documents are counted from their own date.")
        if self.record_kind in DOCUMENT_KINDS and self.action != Action.DELETE:
            errors["action"] = _("These documents can only be deleted when their period ends.")
        if self.action == Action.ARCHIVE_THEN_DELETE and not self.archive_name.strip():
            errors["archive_name"] = _("Name the archive that receives the records.")
        if self.action != Action.ARCHIVE_THEN_DELETE and (self.receipt_required or self.hand_over_at_start):
            errors["action"] = _("A receipt or an early handover only applies to handing over to an archive.")
        if self.statutory and self.controller_id is not None:
            errors["controller"] = _("A statutory default belongs to no controller: it applies to every "
                                     "controller's registers of its kind.")
        if self.statutory and not self.register_kind and self.record_kind == RecordKind.CLIENT_FILE:
            errors["register_kind"] = _("A statutory default applies by kind of register: choose the kind.")
        if not self.statutory and self.controller_id is None:
            errors["controller"] = _("Choose the organisation whose rule this is; only statutory defaults "
                                     "apply to every organisation.")
        if errors:
            raise ValidationError(errors)

    def scope_text(self) -> str:
        """Where the rule applies, for the admin and the run's log."""
        if self.statutory:
            kind = self.get_register_kind_display() if self.register_kind else _("any kind")
            return str(_("statutory default for every register of kind %(kind)s")) % {"kind": kind}
        names = [r.name for r in self.registers.all()]
        if names:
            return ", ".join(names)
        if self.controller_id is None:
            return str(_("no register (not applied)"))
        kind = self.get_register_kind_display() if self.register_kind else _("any kind")
        return str(_("%(controller)s: registers of kind %(kind)s")) % {"controller": self.controller, "kind": kind}


class LegalHold(models.Model):
    """Stops the purge of one client, or of every client of a register, while in force (an
    investigation, a complaint, a court case). Open data-subject requests are holds too, without
    a row here (requests.selectors.clients_with_open_requests)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="legal_holds", verbose_name=_("client"))
    register = models.ForeignKey(Register, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="legal_holds", verbose_name=_("register"))
    reason = models.TextField(_("reason"))
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("placed by"))
    placed_at = models.DateTimeField(_("placed at"))
    until = models.DateField(_("in force until"), null=True, blank=True,
                             help_text=_("Empty: until released."))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("released by"))
    release_note = models.CharField(_("release note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(client__isnull=False, register__isnull=True)
                           | Q(client__isnull=True, register__isnull=False)),
                name="legal_hold_client_or_register",
                violation_error_message=_("Choose either one client or a whole register for the legal hold, not both."),
            ),
        ]

    def __str__(self) -> str:
        # No client name: the string ends up in change history and admin messages.
        return str(_("Legal hold %(number)s")) % {"number": self.pk or "–"}

    def in_force_on(self, day: datetime.date) -> bool:
        return self.released_at is None and (self.until is None or day <= self.until)


class RetentionRun(models.Model):
    """One nightly run (dry runs leave no row: they change nothing)."""

    run_id = models.UUIDField(_("run ID"), default=uuid.uuid4, unique=True, editable=False)
    today = models.DateField(_("run for the day"))
    dry_run = models.BooleanField(_("dry run"), default=False)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.today:%Y-%m-%d} {str(self.run_id)[:8]}"


class RunFailure(models.Model):
    """A client the run skipped because a step failed; the rest went on."""

    run = models.ForeignKey(RetentionRun, on_delete=models.CASCADE, related_name="failures",
                            verbose_name=_("run"))
    client_ref = models.PositiveBigIntegerField(_("client number"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=FailureStage.choices)
    error = models.TextField(_("error"))
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("run failure")
        verbose_name_plural = _("run failures")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} #{self.client_ref}"


class ArchiveHandoff(models.Model):
    """One client's package handed to an archive: phase 1 writes and verifies it under
    ARCHIVE_ROOT; phase 2 records the archive's receipt, after which the client may be purged.
    The row outlives the client: `client_ref` names the package, nothing else identifies them."""

    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="archive_handoffs", verbose_name=_("client"))
    client_ref = models.PositiveBigIntegerField(_("client number"), db_index=True)
    # Retention per case: one closed case's records handed over on their own while the client
    # stays (another case open). Empty: the whole client file.
    case_ref = models.PositiveBigIntegerField(_("case number"), null=True, blank=True, db_index=True)
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("register"))
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="handoffs",
                             verbose_name=_("rule"))
    run = models.ForeignKey(RetentionRun, on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="handoffs", verbose_name=_("run"))
    disclosure = models.ForeignKey(Disclosure, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("disclosure log entry"))
    archive_name = models.CharField(_("receiving archive"), max_length=200)
    built_on = models.DateField(_("built on"))
    path = models.CharField(_("package folder"), max_length=300, unique=True,
                            help_text=_("Where the package is in the installation's archive folder."))
    package_sha256 = models.CharField(_("package checksum (SHA-256 of manifest.json)"), max_length=64)
    data_sha256 = models.CharField(_("SHA-256 of data.json"), max_length=64)
    file_count = models.PositiveIntegerField(_("files"))
    total_bytes = models.PositiveBigIntegerField(_("bytes"))
    status = models.CharField(_("status"), max_length=20, choices=HandoffStatus.choices)
    receipt_required = models.BooleanField(_("receipt required"))
    receipt_reference = models.CharField(_("archive's receipt reference"), max_length=200, blank=True)
    received_on = models.DateField(_("received by the archive on"), null=True, blank=True)
    receipt_recorded_at = models.DateTimeField(_("receipt recorded at"), null=True, blank=True)
    receipt_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("receipt recorded by"),
    )
    created_at = models.DateTimeField(_("created"))
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    purged_at = models.DateTimeField(_("client purged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("archive handoff")
        verbose_name_plural = _("archive handoffs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # At most one live package per client: the run reuses it instead of building another.
            models.UniqueConstraint(
                fields=["client_ref"], name="one_open_handoff_per_client",
                violation_error_message=_("The client already has an archive package waiting to be handed over "
                                          "or received."),
                condition=Q(status__in=[HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY],
                            case_ref__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["case_ref"], name="one_open_handoff_per_case",
                violation_error_message=_("The case already has an archive package waiting to be handed over "
                                          "or received."),
                condition=Q(status__in=[HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY],
                            case_ref__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Package %(path)s")) % {"path": self.path}

    @property
    def purgeable(self) -> bool:
        return self.status == HandoffStatus.READY


class PurgeRecord(models.Model):
    """Accountability for one purge, without personal data: which rule, what was done, how many
    rows of which model, the package checksum, the run. A batch of delete-only clients of the
    same rule is one record (`client_count`)."""

    # Names the purged clients in the logs that outlive them (access log, disclosures):
    # "<reference>:<n>", n the client's place in this purge, never the client's identity.
    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(RetentionRun, on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="purge_records", verbose_name=_("run"))
    rule = models.ForeignKey(RetentionRule, on_delete=models.PROTECT, related_name="purge_records",
                             verbose_name=_("rule"))
    rule_code = models.CharField(_("rule code at the time"), max_length=60)
    rule_name = models.CharField(_("rule name at the time"), max_length=200)
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("register"))
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    client_count = models.PositiveIntegerField(_("clients"))
    counts = models.JSONField(_("rows per model"), default=dict)
    handoff = models.ForeignKey(ArchiveHandoff, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="purge_records", verbose_name=_("archive handoff"))
    package_sha256 = models.CharField(_("package checksum"), max_length=64, blank=True)
    # Anonymised clients stay as rows without personal data; this keeps them from being
    # anonymised again. Empty for deletions: a deleted client leaves no reference here.
    anonymised_client_ref = models.PositiveBigIntegerField(_("anonymised client number"), null=True,
                                                           blank=True, db_index=True)
    # Retention per case: a record per closed case whose records went while the client stayed
    # (client_count 0); the case's service task, nothing that names the client or the case.
    case_service_task = models.CharField(_("service task of the removed case"), max_length=30, blank=True,
                                         choices=ServiceTask.choices)
    today = models.DateField(_("run for the day"))
    purged_at = models.DateTimeField(_("purged at"))

    class Meta:
        verbose_name = _("purge record")
        verbose_name_plural = _("purge records")
        ordering = ["-purged_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.purged_at:%Y-%m-%d %H:%M} {self.rule_code} ({self.client_count})"


class FileRemoval(models.Model):
    """A stored file (a purged client's document) to remove once the purge has committed. The row
    is written in the purge's transaction and removed with the file; a crash in between leaves
    the row, and the next run removes the file."""

    storage_name = models.CharField(max_length=300)
    queued_at = models.DateTimeField()

    class Meta:
        verbose_name = _("file to remove")
        verbose_name_plural = _("files to remove")

    def __str__(self) -> str:
        return self.storage_name
