"""What a provider writes down about a client (seeds 002, 003): cases classified by statutory
service task, granted services, visits and records, agreements and versioned plans.

Once saved, entries and plans are never silently overwritten: a change is a `Correction` that
keeps the original readable (seed 003)."""

import datetime
import decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import EntryKind, HoursPeriod, ServiceTask
from .client import Client
from .organisation import Controller


class Case(models.Model):
    """Asia: a granted service belongs to a case of one statutory service task. Statutory
    retention counts from `closed_on` (or from the client's death)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="cases",
                               verbose_name=_("client"))
    service_task = models.CharField(_("service task"), max_length=30, choices=ServiceTask.choices)
    title = models.CharField(_("title"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # A family-law matter concerning a child is kept 120 years from the CHILD's birth: when the
    # client is a parent, that date is the case's, not the client's (issue 18).
    child_date_of_birth = models.DateField(
        _("child's date of birth"), null=True, blank=True,
        help_text=_("In a family-law matter concerning a child where the client is not the child "
                    "(a parent): the child's date of birth, from which the retention counts."))
    # Retention per case: the day the nightly run removed this closed case's records (entries,
    # granted services, plans, agreements, documents); the case row stays, without its title,
    # so the client's own retention can still count from its closing.
    records_removed_on = models.DateField(_("records removed on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_service_task_display()})"

    def is_open_on(self, day: datetime.date) -> bool:
        return self.opened_on <= day and (self.closed_on is None or day <= self.closed_on)


class GrantedService(models.Model):
    """Seed 002: the service granted (content, period, hours), often under a payment
    commitment (maksusitoumus) of the commissioning authority."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="granted_services",
                             verbose_name=_("case"))
    content = models.CharField(_("service"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    granted_hours = models.DecimalField(_("granted hours"), max_digits=7, decimal_places=2,
                                        null=True, blank=True)
    hours_period = models.CharField(_("hours period"), max_length=10, choices=HoursPeriod.choices,
                                    default=HoursPeriod.MONTH)
    commissioning_authority = models.ForeignKey(
        Controller, on_delete=models.PROTECT, null=True, blank=True, related_name="granted_services",
        verbose_name=_("commissioning authority"),
    )
    payment_commitment_reference = models.CharField(_("payment commitment reference"), max_length=100,
                                                    blank=True)

    class Meta:
        verbose_name = _("granted service")
        verbose_name_plural = _("granted services")
        ordering = ["-valid_from", "-pk"]

    def __str__(self) -> str:
        return self.content

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


class ServiceEntry(models.Model):
    """A visit (palvelukäynti) or record: date, duration, worker, essential content."""

    # No index of its own: `entry_client_date` (client, -date, -id) starts with the client. With
    # both, a client whose entries outgrew the planner's statistics got the plain index and a
    # sort of all their entries for the first page.
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="entries",
                               verbose_name=_("client"), db_index=False)
    granted_service = models.ForeignKey(
        GrantedService, on_delete=models.PROTECT, null=True, blank=True, related_name="entries",
        verbose_name=_("granted service"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices, default=EntryKind.VISIT)
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=0)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("worker"))
    content = models.TextField(_("essential content"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service entry")
        verbose_name_plural = _("service entries")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["client", "-date", "-id"], name="entry_client_date")]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}"

    @property
    def hours(self) -> decimal.Decimal:
        """Exact hours (minutes are integers; no floating point anywhere)."""
        return (decimal.Decimal(self.duration_minutes) / 60).quantize(decimal.Decimal("0.01"))


class ServiceAgreement(models.Model):
    """Palvelusopimus (seed 003): service, agreed matters, billing, validity, date and place,
    signatures."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="agreements",
                               verbose_name=_("client"))
    # The case the record belongs to: removed with that case when its period has run out
    # (retention per case); none: kept until the client's basic data goes.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="agreements",
                             verbose_name=_("case"))
    service = models.CharField(_("service"), max_length=300)
    agreed_matters = models.TextField(_("agreed matters"))
    billing = models.TextField(_("billing"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    made_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    client_signatory = models.CharField(_("signed for the client by"), max_length=200, blank=True)
    client_signed_on = models.DateField(_("client signed on"), null=True, blank=True)
    provider_signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed for the provider by"),
    )
    provider_signed_on = models.DateField(_("provider signed on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Ended (issue 21): the end date, why, and who recorded it; the agreement stays readable.
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("ended by"))
    # Amended (issue 21): a new version that replaces this one; the old version stays readable.
    replaces = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="replaced_by", verbose_name=_("replaces the earlier version"))
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)

    class Meta:
        verbose_name = _("service agreement")
        verbose_name_plural = _("service agreements")
        ordering = ["-valid_from", "-pk"]

    def __str__(self) -> str:
        return f"{self.service} ({self.valid_from:%d.%m.%Y})"


class ServicePlan(models.Model):
    """Palvelusuunnitelma (seed 003). Versioned: a new version is a new row; earlier versions
    stay readable; the current one is the highest version."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="plans",
                               verbose_name=_("client"))
    # The case the record belongs to: removed with that case when its period has run out
    # (retention per case); none: kept until the client's basic data goes.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, null=True, blank=True, related_name="plans",
                             verbose_name=_("case"))
    version = models.PositiveIntegerField(_("version"))
    client_view = models.TextField(_("the client's own view of the need and reason for seeking service"))
    service_and_need = models.TextField(_("service and need"))
    goals = models.TextField(_("goals"))
    working_methods = models.TextField(_("working methods"), blank=True)
    other_services = models.TextField(_("other current services supporting functional capacity"),
                                      blank=True)
    guardian_contact = models.TextField(
        _("guardians' contact details and contact with guardians (minor)"), blank=True
    )
    duty_to_notify_reviewed = models.BooleanField(_("duty to notify reviewed with the client"),
                                                  default=False)
    confidentiality_reviewed = models.BooleanField(_("duty of confidentiality reviewed with the client"),
                                                   default=False)
    liability_insurance_reviewed = models.BooleanField(_("liability insurance reviewed with the client"),
                                                       default=False)
    review_on = models.DateField(_("follow-up and review date"))
    made_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100)
    client_signatory = models.CharField(_("signed for the client by"), max_length=200, blank=True)
    worker_signatory = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed for the provider by"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("service plan")
        verbose_name_plural = _("service plans")
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(
            fields=["client", "version"], name="plan_version_unique",
            violation_error_message=_("The client already has a service plan of this version."))]

    def __str__(self) -> str:
        return f"{_('Service plan')} v{self.version} ({self.made_on:%d.%m.%Y})"

    def review_overdue_on(self, day: datetime.date) -> bool:
        return self.review_on < day
