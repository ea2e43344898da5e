"""The breach register (tietoturvaloukkaus, GDPR Art 33/34): a breach of one controller, its
report to the supervisory authority and the notice to each affected client.

Rows here are evidence: the user fields are PROTECTed, so a deactivated user's name stays in
every entry, exactly like the access log."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..constants import Language
from .client import Client
from .organisation import Controller

# GDPR Art 33(1): notify the supervisory authority "not later than 72 hours after having become
# aware of it". Law, not configuration.
AUTHORITY_DEADLINE = datetime.timedelta(hours=72)


class BreachRiskLevel(models.TextChoices):
    """How likely, and how severe, the risk to people's rights and freedoms is (Art 33(3)(c),
    Art 34(1))."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class BreachAuthorityDecision(models.TextChoices):
    """Whether the supervisory authority is notified (Art 33(1))."""

    NOTIFY = "notify", _("Notify the supervisory authority")
    NOT_NOTIFY = "not_notify", _("Do not notify: the breach is unlikely to result in a risk to "
                                 "people's rights and freedoms")


class BreachSubjectsDecision(models.TextChoices):
    """Whether the affected clients are told (Art 34(1)), or which Art 34(3) exception applies."""

    NOTIFY = "notify", _("Notify the clients: a high risk to their rights and freedoms")
    NO_HIGH_RISK = "no_high_risk", _("Do not notify: no high risk to the clients")
    EXCEPTION_PROTECTED = "exception_protected", _(
        "Do not notify, Art 34(3)(a): the data was made unintelligible to anyone not authorised "
        "(e.g. encrypted)")
    EXCEPTION_MEASURES = "exception_measures", _(
        "Do not notify, Art 34(3)(b): later measures ensure that the high risk no longer is "
        "likely to materialise")
    EXCEPTION_PUBLIC = "exception_public", _(
        "Art 34(3)(c): individual notices would take disproportionate effort; a public "
        "communication informs the clients instead")


class Breach(models.Model):
    """A personal data breach (tietoturvaloukkaus, seed 001) of one controller: what happened,
    which data and clients it touched, the 72-hour clock to the authority (Art 33) and the
    notices to clients (Art 34)."""

    controller = models.ForeignKey(
        Controller, on_delete=models.PROTECT, related_name="breaches", verbose_name=_("controller")
    )
    title = models.CharField(_("title"), max_length=200)
    discovered_at = models.DateTimeField(_("discovered"))
    description = models.TextField(_("what happened"))
    affected_data = models.TextField(_("affected data"))
    consequences = models.TextField(_("likely consequences"), blank=True)
    measures = models.TextField(_("measures taken or proposed"), blank=True)
    affected_clients: "models.ManyToManyField[Client, BreachClientLink]" = models.ManyToManyField(
        Client, blank=True, related_name="breaches", verbose_name=_("affected clients"),
        through="BreachClientLink",
    )
    reported_to_authority_at = models.DateTimeField(
        _("reported to the supervisory authority"), null=True, blank=True
    )
    authority_reference = models.CharField(_("authority's reference"), max_length=100, blank=True)
    # Art 33(1): a notification later than 72 hours comes with the reasons for the delay.
    late_reasons = models.TextField(_("reasons for the delay"), blank=True)
    # The risk assessment (Art 33(3), Art 34(1)).
    likelihood = models.CharField(_("likelihood of the risk"), max_length=10,
                                  choices=BreachRiskLevel.choices, blank=True)
    severity = models.CharField(_("severity of the risk"), max_length=10,
                                choices=BreachRiskLevel.choices, blank=True)
    people_categories = models.TextField(_("categories of people affected"), blank=True)
    people_count = models.PositiveIntegerField(_("approximate number of people affected"),
                                               null=True, blank=True)
    records_count = models.PositiveIntegerField(_("approximate number of records affected"),
                                                null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("risk assessed by"),
    )
    assessed_at = models.DateTimeField(_("risk assessed"), null=True, blank=True)
    # The decisions (Art 33(1), Art 34), each with its reasons.
    authority_decision = models.CharField(_("decision on notifying the supervisory authority"),
                                          max_length=20, choices=BreachAuthorityDecision.choices,
                                          blank=True)
    authority_decision_reasons = models.TextField(_("reasons for the decision on the authority"),
                                                  blank=True)
    subjects_decision = models.CharField(_("decision on notifying the clients"), max_length=30,
                                         choices=BreachSubjectsDecision.choices, blank=True)
    subjects_decision_reasons = models.TextField(_("reasons for the decision on the clients"),
                                                 blank=True)
    # "Without undue delay" (Art 34(1)), made a date the task list shows.
    subjects_notice_due = models.DateField(_("clients to be notified by"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("personal data breach")
        verbose_name_plural = _("personal data breaches")
        ordering = ["-discovered_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("clients:breach_detail", args=[self.pk])

    @property
    def authority_deadline(self) -> datetime.datetime:
        return self.discovered_at + AUTHORITY_DEADLINE

    def is_late(self, reported_at: datetime.datetime | None = None) -> bool:
        """Whether the notification (recorded, or the one at `reported_at`) came after the 72
        hours (Art 33(1))."""
        when = reported_at or self.reported_to_authority_at
        return when is not None and when > self.authority_deadline

    @property
    def clients_to_be_notified(self) -> bool:
        return self.subjects_decision == BreachSubjectsDecision.NOTIFY


class BreachClientLink(models.Model):
    """A client affected by a breach (the table Django made for `Breach.affected_clients`). The
    link outlives the client for its own period (issue 18): a purge empties `client` and names
    the purge instead ("<purge record reference>:<n>"), so the breach still counts the client."""

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="client_links",
                               verbose_name=_("breach"))
    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="breach_links", verbose_name=_("client"))
    purged_client_ref = models.CharField(_("purged client's reference"), max_length=60, blank=True,
                                         db_index=True)

    class Meta:
        db_table = "clients_breach_affected_clients"
        verbose_name = _("client affected by a breach")
        verbose_name_plural = _("clients affected by a breach")
        unique_together = [("breach", "client")]

    def __str__(self) -> str:
        return f"{self.breach_id} {self.client_id or self.purged_client_ref}"


class BreachNoticeChannel(models.TextChoices):
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")
    IN_PERSON = "in_person", _("In person")


class BreachNotice(models.Model):
    """A notice of a breach sent to one affected client (Art 34), in the client's language."""

    breach = models.ForeignKey(
        Breach, on_delete=models.CASCADE, related_name="notices", verbose_name=_("breach")
    )
    # Outlives the client for its own period (issue 18), like BreachClientLink.
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="breach_notices",
        verbose_name=_("client"),
    )
    purged_client_ref = models.CharField(_("purged client's reference"), max_length=60, blank=True,
                                         db_index=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=BreachNoticeChannel.choices)
    sent_at = models.DateTimeField(_("sent"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("breach notice")
        verbose_name_plural = _("breach notices")
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d} {self.get_channel_display()}"
