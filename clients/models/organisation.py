"""Controllers (rekisterinpitäjä), processors, registers and the people who work in them."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..constants import ControllerKind, Language, RegisterKind
from ..identifiers import business_id_clean


def validate_business_id(value: str) -> None:
    business_id_clean(value)


class Controller(models.Model):
    """An organisation responsible for registers: the provider itself, or a county or
    municipality when the service is purchased (ostopalvelu)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Used in public URLs."))
    kind = models.CharField(
        _("kind"), max_length=20, choices=ControllerKind.choices, default=ControllerKind.PROVIDER
    )
    business_id = models.CharField(
        _("business ID (Y-tunnus)"), max_length=9, unique=True, validators=[validate_business_id]
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_person_name = models.CharField(_("register contact person"), max_length=200, blank=True)
    contact_person_phone = models.CharField(_("contact person's phone"), max_length=40, blank=True)
    contact_person_email = models.EmailField(_("contact person's email"), blank=True)
    dpo_name = models.CharField(_("data protection officer"), max_length=200, blank=True)
    dpo_phone = models.CharField(_("data protection officer's phone"), max_length=40, blank=True)
    dpo_email = models.EmailField(_("data protection officer's email"), blank=True)

    class Meta:
        verbose_name = _("controller")
        verbose_name_plural = _("controllers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(p for p in [self.street_address, f"{self.postal_code} {self.city}".strip()] if p)


class Processor(models.Model):
    """Processes personal data on a controller's behalf (henkilötietojen käsittelijä), e.g. the
    system vendor (seed 002)."""

    name = models.CharField(_("name"), max_length=200)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"), max_length=9, blank=True, validators=[validate_business_id]
    )
    service = models.CharField(_("what it does for the controller"), max_length=300, blank=True)
    location = models.CharField(_("where the data is processed"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("processor")
        verbose_name_plural = _("processors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Register(models.Model):
    """One register of a controller, carrying everything its privacy notice states."""

    controller = models.ForeignKey(
        Controller, on_delete=models.PROTECT, related_name="registers", verbose_name=_("controller")
    )
    operator = models.ForeignKey(
        Controller,
        on_delete=models.PROTECT,
        related_name="operated_registers",
        verbose_name=_("operated by"),
        help_text=_(
            "The provider whose staff keep this register. For purchased services the county or "
            "municipality is the controller and the provider processes on its behalf."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"))
    kind = models.CharField(_("kind"), max_length=30, choices=RegisterKind.choices)
    processors = models.ManyToManyField(
        Processor, blank=True, related_name="registers", verbose_name=_("processors")
    )
    purpose = models.TextField(_("purpose of processing"), blank=True)
    legal_bases = models.JSONField(
        _("legal bases"), default=list, blank=True,
        help_text=_("GDPR Art 6(1) and Art 9(2) bases, e.g. [\"6.1.c\", \"9.2.h\"]."),
    )
    requirement = models.TextField(
        _("is giving the data a statutory or contractual requirement"), blank=True
    )
    legitimate_interest = models.TextField(_("legitimate interest"), blank=True)
    data_categories = models.TextField(_("categories of data subjects and data"), blank=True)
    data_content = models.TextField(_("data content"), blank=True)
    sources = models.TextField(_("regular sources"), blank=True)
    recipients = models.TextField(_("recipients and regular disclosures"), blank=True)
    transfers_outside_eea = models.TextField(_("transfers outside the EU/EEA"), blank=True)
    protection_manual = models.TextField(_("protection of manual material"), blank=True)
    protection_electronic = models.TextField(_("protection of electronic data"), blank=True)
    automated_decisions = models.TextField(_("automated decisions and profiling"), blank=True)
    cookies = models.TextField(_("cookies"), blank=True)
    retention = models.TextField(_("retention"), blank=True)
    rights = models.TextField(_("data subject's rights (additions)"), blank=True)
    # Seed 001: "Rekisteriasioita hoitava yhteyshenkilö vastaa viimeistään 20 arkipäivän kuluessa
    # tätä rekisteriä koskeviin kysymyksiin ja palautteisiin." The deadline of every question about
    # the register (requests) and the notice's sentence both come from here.
    question_answer_working_days = models.PositiveSmallIntegerField(
        _("answer time for questions and feedback (working days)"), default=20,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("The register contact answers questions and feedback about this register within this "
                    "many working days (Saturdays, Sundays and Finnish public holidays, Midsummer Eve and "
                    "Christmas Eve not counted). The privacy notice states the same."),
    )
    updated_on = models.DateField(_("date of last update"), null=True, blank=True)
    # Free text of the notice in Swedish and English, {field name: text}; missing -> Finnish.
    texts_sv = models.JSONField(_("texts in Swedish"), default=dict, blank=True)
    texts_en = models.JSONField(_("texts in English"), default=dict, blank=True)

    class Meta:
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        ordering = ["controller__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "slug"], name="register_slug_per_controller",
                violation_error_message=_("This organisation already has a register with this web address.")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.controller})"


class WorkerProfile(models.Model):
    """Links a user to the organisation they work for and records the confidentiality
    commitment (salassapitositoumus, seeds 000, 003, 004): without it, no client data."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker_profile",
        verbose_name=_("user"),
    )
    controller = models.ForeignKey(
        Controller, on_delete=models.PROTECT, related_name="workers", verbose_name=_("organisation")
    )
    title = models.CharField(_("job title"), max_length=100, blank=True)
    confidentiality_signed_on = models.DateField(
        _("confidentiality commitment signed on"), null=True, blank=True
    )
    language = models.CharField(
        _("language of emails"), max_length=2, choices=Language.choices, default=Language.FINNISH,
        help_text=_("The daily task list is emailed in this language."),
    )

    class Meta:
        verbose_name = _("worker profile")
        verbose_name_plural = _("worker profiles")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    def get_absolute_url(self) -> str:
        return reverse("admin:clients_workerprofile_change", args=[self.pk])
