"""Clients (asiakas) and the people who may act for them or be told about them."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..constants import (
    ADULT_AGE,
    ClientKind,
    ClientStatus,
    ContactChannel,
    Language,
    RepresentativeRole,
)
from ..identifiers import identity_code_is_temporary, identity_code_mask
from .organisation import Controller, Register, validate_business_id


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` plus whole years; 29 February becomes 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, month=3, day=1)


class Client(models.Model):
    """A person or an organisation (seed 001) served under one register."""

    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="clients", verbose_name=_("register")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ClientKind.choices, default=ClientKind.PERSON
    )
    # Person
    first_names = models.CharField(_("first names"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    identity_code = models.CharField(
        _("personal identity code"), max_length=11, blank=True,
        help_text=_("Stored as given, century sign included."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    # Organisation (seed 001)
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"), max_length=9, blank=True, validators=[validate_business_id]
    )
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    # Contact
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality of residence"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # Client relationship (asiakkuus)
    relationship_started = models.DateField(_("client relationship started"))
    relationship_ended = models.DateField(_("client relationship ended"), null=True, blank=True)
    # Purchased services (seed 002, 003)
    commissioning_authority = models.ForeignKey(
        Controller, on_delete=models.PROTECT, null=True, blank=True, related_name="commissioned_clients",
        verbose_name=_("commissioning authority"),
    )
    payment_commitment_reference = models.CharField(
        _("payment commitment reference"), max_length=100, blank=True
    )
    payment_commitment_from = models.DateField(_("payment commitment valid from"), null=True, blank=True)
    payment_commitment_until = models.DateField(_("payment commitment valid until"), null=True, blank=True)
    # GDPR Art 18
    restricted = models.BooleanField(_("processing restricted"), default=False)
    restriction_reason = models.TextField(_("reason for restriction"), blank=True)
    # When the restriction began: a consent the client gives from then on is their consent to
    # that use of the restricted data (GDPR Art 18(2)); one given before is not.
    restricted_at = models.DateTimeField(_("restricted since"), null=True, blank=True, editable=False)
    # Turvakielto: the address never appears to anyone but the client and those serving them; on
    # the client's own pages it also keeps a guardian out of a minor's data.
    address_protected = models.BooleanField(_("address protection (turvakielto)"), default=False)
    # GDPR Art 18(3): the client is told before the restriction is lifted; the lift is refused
    # until the letter is produced. Cleared when the restriction is lifted.
    restriction_lift_letter_at = models.DateTimeField(
        _("letter before lifting the restriction produced"), null=True, blank=True, editable=False)
    # Contact preferences (issue 19).
    contact_channel = models.CharField(
        _("preferred contact channel"), max_length=20, choices=ContactChannel.choices, blank=True)
    no_letters_home = models.BooleanField(
        _("no letters to the home address"), default=False,
        help_text=_("Letters are not sent to the home address; agree another way with the client."))
    interpreter_language = models.CharField(
        _("interpreter needed (language)"), max_length=100, blank=True,
        help_text=_("Leave empty when no interpreter is needed."))

    assigned_workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_clients",
        verbose_name=_("assigned workers"),
    )
    # Lower-case, accent-free "last first" (or organisation name) for prefix search. On PostgreSQL
    # the column has the "C" collation (migration 0008), so one b-tree index on (search_name, id)
    # serves both `LIKE 'prefix%'` and the list's ordering.
    search_name = models.CharField(max_length=320, editable=False, db_index=False)
    # The name as shown ("Åberg Anna", or the organisation's name), for sorting lists. On PostgreSQL
    # the column has the Finnish ICU collation "fi-x-icu" (migration 0011): Heikkilä before
    # Hämäläinen, and å, ä, ö after z; the (sort_name, id) index serves the list's ordering.
    sort_name = models.CharField(max_length=320, editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")
        ordering = ["sort_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "identity_code"], condition=~Q(identity_code=""),
                name="client_identity_code_unique_per_register",
                violation_error_message=_("A client with this identity code is already in this register."),
            ),
        ]
        indexes = [
            models.Index(fields=["search_name", "id"], name="client_search_name_order"),
            models.Index(fields=["identity_code"], name="client_identity_code"),
            models.Index(fields=["sort_name", "id"], name="client_sort_name_order"),
            models.Index(fields=["date_of_birth"], name="client_date_of_birth"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("clients:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        if self.kind == ClientKind.ORGANISATION:
            return self.organisation_name
        return f"{self.last_name} {self.first_names}".strip()

    @property
    def masked_identity_code(self) -> str:
        return identity_code_mask(self.identity_code)

    @property
    def has_temporary_identity_code(self) -> bool:
        return identity_code_is_temporary(self.identity_code)

    def age_on(self, day: datetime.date) -> int | None:
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def adult_from(self) -> datetime.date | None:
        return add_years(self.date_of_birth, ADULT_AGE) if self.date_of_birth else None

    def is_minor_on(self, day: datetime.date) -> bool:
        adult = self.adult_from()
        return self.kind == ClientKind.PERSON and adult is not None and day < adult

    def status_on(self, day: datetime.date) -> ClientStatus:
        if self.date_of_death and self.date_of_death <= day:
            return ClientStatus.DECEASED
        if self.relationship_ended and self.relationship_ended <= day:
            return ClientStatus.ENDED
        if self.relationship_started > day:
            return ClientStatus.UPCOMING
        return ClientStatus.ACTIVE


class HealthInformation(models.Model):
    """Service-relevant health information (seed 002: allergies, special needs, pets in the
    home). Special-category data kept apart from the client row so that lists and exports
    to third parties never load it; shown only in the client file."""

    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, related_name="health", verbose_name=_("client")
    )
    allergies = models.TextField(_("allergies"), blank=True)
    special_needs = models.TextField(_("special needs"), blank=True)
    home_notes = models.TextField(_("pets and other things to know about the home"), blank=True)

    class Meta:
        verbose_name = _("health information")
        verbose_name_plural = _("health information")

    def __str__(self) -> str:
        return str(_("Health information"))

    @property
    def is_empty(self) -> bool:
        return not (self.allergies or self.special_needs or self.home_notes)


class Representative(models.Model):
    """Guardian of a minor (huoltaja), legal representative of an adult (edunvalvoja) or next
    of kin (lähiomainen)."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="representatives", verbose_name=_("client")
    )
    role = models.CharField(_("role"), max_length=30, choices=RepresentativeRole.choices)
    first_names = models.CharField(_("first names"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    # Matches a guardian or legal representative signed in on the client's own pages (/oma/).
    identity_code = models.CharField(
        _("personal identity code"), max_length=11, blank=True,
        help_text=_("Lets a guardian or legal representative see and act for the client on the client's own "
                    "pages after strong identification."),
    )
    relationship = models.CharField(
        _("relationship to the client"), max_length=100, blank=True,
        help_text=_("E.g. mother, son, spouse."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    # Turvakielto of the person close to the client: their address reaches the client and those
    # serving the client only (clients/selectors/protection.py).
    address_protected = models.BooleanField(_("address protection (turvakielto)"), default=False)
    # Letters to a guardian or legal representative who asks on the client's behalf are in this
    # language; empty: the client's (issue 20).
    preferred_language = models.CharField(
        _("language of letters"), max_length=2, choices=Language.choices, blank=True,
        help_text=_("Leave empty to write to them in the client's language."))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Seed 003: a minor able to decide may prohibit disclosure to a guardian.
    disclosure_prohibited = models.BooleanField(
        _("the minor has prohibited disclosure to this guardian"), default=False
    )
    prohibition_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("prohibition assessed by"),
    )
    prohibition_assessed_on = models.DateField(_("prohibition assessed on"), null=True, blank=True)
    prohibition_reasoning = models.TextField(
        _("assessment"), blank=True,
        help_text=_("Why the minor is able to decide and why withholding does not endanger the child."),
    )

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["role", "last_name", "first_names"]
        indexes = [models.Index(fields=["identity_code"], name="representative_identity_code",
                                 condition=~Q(identity_code=""))]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_names} ({self.get_role_display()})"

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_name}"

    def effective_until(self) -> datetime.date | None:
        """Last day the role is in force. A guardian's rights end the day before the client's
        18th birthday, whatever valid_until says."""
        ends = self.valid_until
        if self.role == RepresentativeRole.GUARDIAN and self.client.date_of_birth:
            last_minor_day = add_years(self.client.date_of_birth, ADULT_AGE) - datetime.timedelta(days=1)
            ends = min(ends, last_minor_day) if ends else last_minor_day
        return ends

    def is_valid_on(self, day: datetime.date) -> bool:
        ends = self.effective_until()
        return self.valid_from <= day and (ends is None or day <= ends)
