from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The client's own pages (/oma/): strong identification, the person's own records."""

    name = "portal"
    verbose_name = _("Client's own pages")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import checks  # noqa: F401  (registers the system checks)
        from .models import Withholding

        auditlog.register(Withholding)  # the trail of each decision and its end: who, when, what
