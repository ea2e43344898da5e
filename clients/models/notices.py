"""Privacy notices (tietosuojaseloste): the supervisory authority's contact details as data an
admin keeps current, and frozen published versions of each notice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import Language
from .organisation import Controller, Register


class SupervisoryAuthority(models.Model):
    """The Data Protection Ombudsman's office (Tietosuojavaltuutetun toimisto). The seeds show two
    different, older addresses: the current one is data, not template text."""

    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_address = models.CharField(_("postal address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    updated_on = models.DateField(_("checked on"))

    class Meta:
        verbose_name = _("supervisory authority")
        verbose_name_plural = _("supervisory authorities")
        ordering = ["-updated_on", "-pk"]

    def __str__(self) -> str:
        return self.name


ALREADY_PUBLISHED = _("This version of the privacy notice has already been published in this language.")


class PrivacyNotice(models.Model):
    """One published, frozen version of a notice in one language: the HTML and PDF exactly as
    published, with their SHA-256. `register` empty = the controller's notice covering all its
    registers."""

    controller = models.ForeignKey(Controller, on_delete=models.PROTECT, related_name="privacy_notices",
                                   verbose_name=_("controller"))
    register = models.ForeignKey(Register, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="privacy_notices", verbose_name=_("register"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    version = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("published by"))
    material_change = models.BooleanField(
        _("material change"), default=False,
        help_text=_("Clients are informed of material changes (e.g. new purposes or recipients)."),
    )
    change_summary = models.TextField(_("what changed"), blank=True)
    html = models.TextField(_("HTML"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)

    class Meta:
        verbose_name = _("published privacy notice")
        verbose_name_plural = _("published privacy notices")
        ordering = ["-version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["register", "language", "version"],
                                    condition=models.Q(register__isnull=False), name="notice_version_unique",
                                    violation_error_message=ALREADY_PUBLISHED),
            models.UniqueConstraint(fields=["controller", "language", "version"],
                                    condition=models.Q(register__isnull=True),
                                    name="controller_notice_version_unique",
                                    violation_error_message=ALREADY_PUBLISHED),
        ]

    def __str__(self) -> str:
        target = self.register.name if self.register is not None else self.controller.name
        return f"{target} v{self.version} ({self.language})"


class InformingMethod(models.TextChoices):
    """How a client was told of a privacy notice (informointi)."""

    FIRST_VISIT = "first_visit", _("Given at the first visit")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("Email")
    PORTAL = "portal", _("Client's own pages")


class NoticeInforming(models.Model):
    """A client was informed of one version of a privacy notice: at the start of the client
    relationship (seed 003: "kerrotaan ... asiakkaan ensikäynnin yhteydessä") or, after a
    material change, by letter. `notice` is the version in the language the client got."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="notice_informings",
                               verbose_name=_("client"))
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="informings",
                               verbose_name=_("privacy notice version"))
    method = models.CharField(_("how"), max_length=20, choices=InformingMethod.choices)
    informed_on = models.DateField(_("informed on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("informing of the privacy notice")
        verbose_name_plural = _("informings of the privacy notice")
        ordering = ["-informed_on", "-pk"]
        indexes = [models.Index(fields=["notice", "client"], name="informing_notice_client")]

    def __str__(self) -> str:
        return f"{self.notice} {self.informed_on:%Y-%m-%d} {self.get_method_display()}"
