"""What the client's own pages keep of their own: a register contact's decision that part of a
client's data is withheld from these pages by law."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clients.models import Client


class Withholding(models.Model):
    """A part of the client's data not shown on the client's own pages, by a register contact's
    decision on a ground in law (e.g. child welfare: Act 812/2000 § 11, GDPR Art 23). The page
    says that something is withheld and how to ask, never what."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="portal_withholdings",
                               verbose_name=_("client"))
    part = models.CharField(_("withheld part"), max_length=200)
    legal_ground = models.CharField(_("ground in law"), max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("decided by"))
    decided_on = models.DateField(_("decided on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("ended by"))

    class Meta:
        verbose_name = _("withholding from the client's own pages")
        verbose_name_plural = _("withholdings from the client's own pages")
        ordering = ["-decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.part} ({self.decided_on})"
