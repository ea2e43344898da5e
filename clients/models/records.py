"""Corrections, documents and the disclosure log (luovutusloki)."""

import uuid

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import DisclosureDirection, DocumentChangeKind, DocumentKind, RecipientKind
from .client import Client, Representative
from .organisation import Controller
from .service import ServiceEntry, ServicePlan


class Correction(models.Model):
    """Seed 003: "Mahdollisesti virheelliset merkinnät korjataan niin, että merkintä on myöhemmin
    luettavissa. Korjauksen tekijän nimi, korjauksen tekopäivä ja korjauksen peruste merkitään
    asiakastietoihin." The original value stays here, readable, forever (until purge)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="corrections",
                               verbose_name=_("client"))
    entry = models.ForeignKey(ServiceEntry, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="corrections", verbose_name=_("service entry"))
    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="corrections", verbose_name=_("service plan"))
    # A guardian's, representative's or next of kin's details (issue 19: "people"); the
    # correction stays readable if the person is later removed.
    representative = models.ForeignKey(Representative, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="corrections", verbose_name=_("representative"))
    field = models.CharField(_("field"), max_length=60)
    original_value = models.TextField(_("original"))
    corrected_value = models.TextField(_("corrected"))
    reason = models.TextField(_("reason for correction"))
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("corrected by"))
    corrected_at = models.DateTimeField(_("corrected at"))

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["corrected_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__isnull=False) | models.Q(plan__isnull=False)
                | models.Q(field__startswith="client.") | models.Q(field__startswith="representative."),
                name="correction_has_a_target",
                violation_error_message=_("A correction concerns a service entry, a service plan or the client's "
                                          "basic data."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field_label} {self.corrected_at:%d.%m.%Y}"

    @property
    def field_label(self) -> str:
        """The corrected field as the form named it ("kesto (min)"), never the column name
        (`duration_minutes`) a caseworker has no reason to know."""
        name = self.field
        model: type[models.Model] | None = ServiceEntry if self.entry_id else ServicePlan if self.plan_id else None
        if name.startswith("client."):
            model, name = Client, name.removeprefix("client.")
        elif name.startswith("representative."):
            model, name = Representative, name.removeprefix("representative.")
        if model is None:
            return name
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field since removed: its stored name is all there is
            return name
        return str(getattr(field, "verbose_name", name))


def document_path(instance: "Document", filename: str) -> str:
    """A random name under MEDIA_ROOT: nothing of the client or the uploaded name in the path."""
    return f"documents/{uuid.uuid4().hex}"


class Document(models.Model):
    """Scanned payment commitments, transport permits, signed forms (seed 002). Served only
    through a view that checks access and logs it."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="documents",
                               verbose_name=_("client"))
    # Removed with this case when its period has run out (retention per case); none: kept until
    # the client's basic data goes.
    case = models.ForeignKey("clients.Case", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="documents", verbose_name=_("case"))
    kind = models.CharField(_("type"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    document_date = models.DateField(_("document date"))
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("original file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"))
    # A misfiled document is never deleted outright: removal marks it (who and why: its
    # DocumentChange), the row and the file stay until the client's own retention purge.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-document_date", "-pk"]

    def __str__(self) -> str:
        return self.title


class DocumentChange(models.Model):
    """The trail of a misfiled document on one client's file: removed, moved out to another
    client's file, or moved in from one (a move writes one row on each file). Seed 003: "merkintä
    on myöhemmin luettavissa" with the maker, the date and the reason."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="document_changes",
                               verbose_name=_("client"))
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="changes", verbose_name=_("document"))
    kind = models.CharField(_("what was done"), max_length=20, choices=DocumentChangeKind.choices)
    # The document's title and date then: the trail stays readable after the document has gone
    # with the other client's purge.
    title = models.CharField(_("title"), max_length=200)
    document_date = models.DateField(_("document date"))
    other_client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("other client"))
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("by"))
    changed_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("document change")
        verbose_name_plural = _("document changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.changed_at:%d.%m.%Y}"


class Disclosure(models.Model):
    """Luovutusloki: every disclosure outside the organisation, and data received from outside,
    with recipient, legal basis or consent, and what. Answers GDPR Art 15(1)(c) and drives the
    Art 19 notifications after a correction."""

    # Outlives the client like the access log (see AccessEntry.purged_client_ref).
    client = models.ForeignKey(Client, on_delete=models.SET_NULL, null=True, blank=True,  # see below
                               related_name="disclosures", verbose_name=_("client"), db_index=False)
    purged_client_ref = models.CharField(_("purged client's reference"), max_length=60, blank=True,
                                         db_index=True)
    direction = models.CharField(_("direction"), max_length=3, choices=DisclosureDirection.choices,
                                 default=DisclosureDirection.OUT)
    recipient_kind = models.CharField(_("recipient type"), max_length=30, choices=RecipientKind.choices)
    recipient_name = models.CharField(_("recipient"), max_length=200)
    recipient_controller = models.ForeignKey(
        Controller, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recipient organisation"),
    )
    representative = models.ForeignKey(
        Representative, on_delete=models.SET_NULL, null=True, blank=True, related_name="disclosures",
        verbose_name=_("representative"),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    # A consents.Consent id: clients never imports consents, so no foreign key here.
    consent_reference = models.PositiveBigIntegerField(_("consent"), null=True, blank=True)
    content = models.TextField(_("what was disclosed"))
    disclosed_at = models.DateTimeField(_("time"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-disclosed_at", "-pk"]
        # The client's own index: newest first, and no second index on client alone for the
        # planner to pick when a client's rows outgrow its statistics (see ServiceEntry.client).
        indexes = [models.Index(fields=["client", "-disclosed_at"], name="disclosure_client_at")]

    def __str__(self) -> str:
        return f"{self.disclosed_at:%d.%m.%Y} {self.recipient_name}"
