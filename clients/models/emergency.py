"""Emergency access ("break the glass"): a time-limited grant, with its reason, to an unassigned
client of the user's own organisation, reviewed by the register contact.

Rows here are evidence: the user fields are PROTECTed, so a deactivated user's name stays in
every entry, exactly like the access log."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .client import Client


class EmergencyAccess(models.Model):
    """A caseworker opened a client not assigned to them, giving a reason. Time-limited; every
    look during it is in the access log with the reason as its purpose; the register contact
    reviews it afterwards."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_accesses",
        verbose_name=_("user"),
    )
    # Outlives the client for its own period (issue 18), like the access log: a purge empties
    # `client` and names the purge instead ("<purge record reference>:<n>").
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="emergency_accesses",
        verbose_name=_("client"),
    )
    purged_client_ref = models.CharField(_("purged client's reference"), max_length=60, blank=True,
                                         db_index=True)
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField(_("started"))
    expires_at = models.DateTimeField(_("expires"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["user", "expires_at"], name="emergency_user_expires")]
        constraints = [
            models.CheckConstraint(condition=models.Q(expires_at__gt=models.F("started_at")),
                                   name="emergency_expires_after_start",
                                   violation_error_message=_("An emergency access must end after it starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.user}"

    def is_active_at(self, now: datetime.datetime) -> bool:
        return self.started_at <= now < self.expires_at
