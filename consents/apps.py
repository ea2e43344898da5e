from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "consents"
    verbose_name = _("Consents and prohibitions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import Consent, ConsentPurpose, EmailSubscriber, MarketingExport, Prohibition

        for model in (ConsentPurpose, Consent, Prohibition, EmailSubscriber, MarketingExport):
            auditlog.register(model)
