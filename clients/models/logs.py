"""Access log (käyttöloki): who looked at which client's data, when and why.

One table, queryable per client, because a client may ask who has looked at their
data (Act 703/2023 § 11). Rows are only ever added; the user is PROTECTed so that a
deactivated user's name stays in every entry.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..constants import AccessBasis, AccessKind
from .client import Client


class AccessEntry(models.Model):
    # The entry outlives the client (issue 18): a purge empties `client` and names the purge
    # instead (`purged_client_ref`, "<purge record reference>:<n>"), so the purge record still
    # answers who looked at the client's data and why, without the client's identity.
    client = models.ForeignKey(  # indexed by `access_entry_client_at`, as entries by `entry_client_date`
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="access_entries",
        verbose_name=_("client"), db_index=False,
    )
    purged_client_ref = models.CharField(_("purged client's reference"), max_length=60, blank=True,
                                         db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_entries",
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("what was viewed"), max_length=30, choices=AccessKind.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    basis = models.CharField(_("basis"), max_length=30, choices=AccessBasis.choices, blank=True)
    granted = models.BooleanField(_("access granted"), default=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["client", "-at"], name="access_entry_client_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.get_kind_display()}"
