"""Consent purposes, consents given and withdrawn, prohibitions (kiellot), the email list.

A consent is never edited after it is given: a change is a withdrawal plus a new consent, so
the history of what the client agreed to, and when, stays readable. Whether a use is allowed
is decided in one place, `consents.selectors.use_decision`; the models only know their dates.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.constants import RecipientKind
from clients.models import Client, Document, Register, Representative

from .constants import ConsentMethod, GivenBy, ProhibitionKind


def local_day(moment: datetime.datetime) -> datetime.date:
    """The calendar day (Europe/Helsinki) of a stored moment: consents and prohibitions are in
    force for whole days from the day they are given, and gone from the day they end."""
    return timezone.localdate(moment)


class ConsentPurpose(models.Model):
    """A purpose a client may consent to, in one register (admin-managed): email direct
    marketing, disclosure to next of kin, fetching data from other controllers, ..."""

    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="consent_purposes", verbose_name=_("register")
    )
    code = models.SlugField(
        _("code"), max_length=60,
        help_text=_("Stable identifier used by the application, e.g. email_marketing."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    consent_required = models.BooleanField(
        _("needs consent"), default=True,
        help_text=_("Off for uses the client may only prohibit (for example, address lists are "
                    "published unless the client prohibits it)."),
    )
    requires_written = models.BooleanField(
        _("needs written consent"), default=False,
        help_text=_("The consent must be given in writing, as some privacy notices promise for email "
                    "marketing."),
    )
    needs_recipient = models.BooleanField(
        _("consent names the recipient"), default=False,
        help_text=_("E.g. which relative or which authority may receive the data."),
    )
    recipient_kind = models.CharField(
        _("recipient type"), max_length=30, choices=RecipientKind.choices, blank=True,
        help_text=_("For purposes that disclose data outside the organisation."),
    )
    is_marketing = models.BooleanField(
        _("marketing"), default=False,
        help_text=_("A direct-marketing prohibition stops it."),
    )
    is_research = models.BooleanField(
        _("market or opinion research"), default=False,
        help_text=_("A prohibition of market and opinion research stops it."),
    )
    is_address_list = models.BooleanField(
        _("publication in address lists"), default=False,
        help_text=_("A prohibition of publication in address lists stops it."),
    )
    active = models.BooleanField(
        _("in use"), default=True,
        help_text=_("A purpose no longer in use takes no new consents; its history stays."),
    )

    class Meta:
        verbose_name = _("consent purpose")
        verbose_name_plural = _("consent purposes")
        ordering = ["register", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "code"], name="consent_purpose_code_per_register",
                violation_error_message=_("This register already has a consent purpose with this code.")),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_disclosure(self) -> bool:
        return bool(self.recipient_kind)

    def prohibited_by(self) -> set[str]:
        """The prohibition kinds that stop this purpose."""
        kinds = set()
        if self.is_marketing:
            kinds.add(ProhibitionKind.DIRECT_MARKETING.value)
        if self.is_research:
            kinds.add(ProhibitionKind.MARKET_RESEARCH.value)
        if self.is_address_list:
            kinds.add(ProhibitionKind.ADDRESS_LIST_PUBLICATION.value)
        return kinds


class Consent(models.Model):
    """One consent as given (suostumus). Immutable after giving, except for its withdrawal."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents",
                               verbose_name=_("client"))
    purpose = models.ForeignKey(ConsentPurpose, on_delete=models.PROTECT, related_name="consents",
                                verbose_name=_("purpose"))
    recipient_name = models.CharField(_("recipient"), max_length=200, blank=True)
    # RESTRICT: a representative with consents cannot be deleted on their own, but purging the
    # client (which cascades to both) still works.
    recipient_representative = models.ForeignKey(
        Representative, on_delete=models.RESTRICT, null=True, blank=True,
        related_name="consents_as_recipient", verbose_name=_("recipient (representative)"),
    )
    given_by = models.CharField(_("given by"), max_length=30, choices=GivenBy.choices,
                                default=GivenBy.CLIENT)
    given_by_representative = models.ForeignKey(
        Representative, on_delete=models.RESTRICT, null=True, blank=True,
        related_name="consents_given", verbose_name=_("given on the client's behalf by"),
    )
    method = models.CharField(_("method"), max_length=20, choices=ConsentMethod.choices)
    evidence_document = models.ForeignKey(
        Document, on_delete=models.RESTRICT, null=True, blank=True, related_name="consents",
        verbose_name=_("evidence document"),
    )
    evidence_note = models.TextField(
        _("evidence"), blank=True,
        help_text=_("Where the signed form is kept, or how the consent was given."),
    )
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))
    replaces = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("withdrawal recorded by"),
    )
    withdrawal_note = models.CharField(_("withdrawal note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        indexes = [
            models.Index(fields=["client", "purpose"], name="consent_client_purpose"),
            models.Index(fields=["purpose", "client"], name="consent_open_per_purpose",
                         condition=Q(withdrawn_at__isnull=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(given_by=GivenBy.CLIENT, given_by_representative__isnull=True)
                           | (~Q(given_by=GivenBy.CLIENT) & Q(given_by_representative__isnull=False))),
                name="consent_representative_iff_not_client",
                violation_error_message=_("Name the representative who gave the consent, and only when someone "
                                          "other than the client gave it."),
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
                name="consent_withdrawn_after_given",
                violation_error_message=_("A consent cannot be withdrawn before it was given."),
            ),
        ]

    def __str__(self) -> str:
        recipient = f" → {self.recipient_label}" if self.recipient_label else ""
        return f"{self.purpose}{recipient} ({local_day(self.given_at):%d.%m.%Y})"

    @property
    def recipient_label(self) -> str:
        if self.recipient_representative_id:
            return self.recipient_representative.full_name  # type: ignore[union-attr]
        return self.recipient_name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def in_force_on(self, day: datetime.date) -> bool:
        """Given on or before `day` and not withdrawn by then: a withdrawal takes effect on the
        day it is made."""
        if local_day(self.given_at) > day:
            return False
        return self.withdrawn_at is None or local_day(self.withdrawn_at) > day


class Prohibition(models.Model):
    """A prohibition (kielto) the client has given: direct marketing, market and opinion
    research, publication in address lists (seed 000)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="prohibitions",
                               verbose_name=_("client"))
    kind = models.CharField(_("prohibition"), max_length=30, choices=ProhibitionKind.choices)
    given_at = models.DateTimeField(_("given at"))
    note = models.CharField(_("how it was given"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("lifting recorded by"),
    )
    lift_note = models.CharField(_("lifting note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("prohibition")
        verbose_name_plural = _("prohibitions")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["client", "kind"], condition=Q(lifted_at__isnull=True),
                                    name="prohibition_one_in_force_per_kind",
                                    violation_error_message=_("The client already has a prohibition of this kind "
                                                              "in force.")),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifted_at__gte=models.F("given_at")),
                name="prohibition_lifted_after_given",
                violation_error_message=_("A prohibition cannot be lifted before it was given."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({local_day(self.given_at):%d.%m.%Y})"

    @property
    def is_lifted(self) -> bool:
        return self.lifted_at is not None

    def in_force_on(self, day: datetime.date) -> bool:
        """In force from the day it is given; gone from the day it is lifted."""
        if local_day(self.given_at) > day:
            return False
        return self.lifted_at is None or local_day(self.lifted_at) > day


class EmailSubscriber(models.Model):
    """Someone on an email list who is not (necessarily) a client. Seed 003:
    "Sähköpostilistaan kerätään ainoastaan asiakkaan sähköpostiosoite." Nothing but the
    address; the list is the purpose, which belongs to a register."""

    purpose = models.ForeignKey(ConsentPurpose, on_delete=models.PROTECT, related_name="subscribers",
                                verbose_name=_("email list"))
    email = models.EmailField(_("email"))
    subscribed_at = models.DateTimeField(_("subscribed at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    unsubscribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("unsubscription recorded by"),
        help_text=_("Empty when the subscriber used the unsubscribe link."),
    )

    class Meta:
        verbose_name = _("email list subscriber")
        verbose_name_plural = _("email list subscribers")
        ordering = ["purpose", "email"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "email"], condition=Q(unsubscribed_at__isnull=True),
                                    name="subscriber_once_per_list",
                                    violation_error_message=_("This email address is already on the list.")),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def register(self) -> Register:
        return self.purpose.register


class MarketingExport(models.Model):
    """One export of a marketing email list: who, when, which purpose and how many addresses.
    Never the addresses themselves."""

    purpose = models.ForeignKey(ConsentPurpose, on_delete=models.PROTECT, related_name="exports",
                                verbose_name=_("purpose"))
    exported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("exported by"))
    exported_at = models.DateTimeField(_("exported at"))
    decided_on = models.DateField(_("consents checked for"))
    client_count = models.PositiveIntegerField(_("clients"))
    subscriber_count = models.PositiveIntegerField(_("other subscribers"))
    count = models.PositiveIntegerField(_("addresses"))

    class Meta:
        verbose_name = _("marketing list export")
        verbose_name_plural = _("marketing list exports")
        ordering = ["-exported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.purpose} {timezone.localtime(self.exported_at):%d.%m.%Y %H:%M}"
