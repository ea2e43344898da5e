from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "consents"
    verbose_name = _("Consents and prohibitions")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from core.disclosures import disclosure_decider_set

        from .models import Consent, ConsentPurpose, EmailSubscriber, MarketingExport, Prohibition

        for model in (ConsentPurpose, Consent, Prohibition, EmailSubscriber, MarketingExport):
            auditlog.register(model)

        from core.restriction import consent_ground_rule_set

        from .selectors import disclosure_decider, restriction_consent_refusal

        disclosure_decider_set(disclosure_decider)
        consent_ground_rule_set(restriction_consent_refusal)
