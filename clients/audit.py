"""Change history (django-auditlog): which of the client register's models are tracked, with
which values masked (core.audit.mask_fully hides them whole)."""

from auditlog.registry import auditlog

# Fields whose values never appear in change history, not even half (auditlog's default).
MASKED_FIELDS = {
    "Client": ["identity_code"],
    "HealthInformation": ["allergies", "special_needs", "home_notes"],
}


def register_models() -> None:
    from .models import (
        Case,
        Client,
        Controller,
        Correction,
        Disclosure,
        Document,
        DocumentChange,
        GrantedService,
        HealthInformation,
        NoticeInforming,
        Processor,
        Register,
        Representative,
        ServiceAgreement,
        ServiceEntry,
        ServicePlan,
        WorkerProfile,
    )

    auditlog.register(Controller)
    auditlog.register(Processor)
    auditlog.register(Register, m2m_fields={"processors"})
    auditlog.register(WorkerProfile)
    auditlog.register(Client, mask_fields=MASKED_FIELDS["Client"], m2m_fields={"assigned_workers"},
                      exclude_fields=["search_name", "sort_name"])
    auditlog.register(HealthInformation, mask_fields=MASKED_FIELDS["HealthInformation"])
    auditlog.register(Representative)
    for model in (Case, GrantedService, ServiceEntry, ServiceAgreement, ServicePlan, Correction,
                  Document, DocumentChange, Disclosure, NoticeInforming):
        auditlog.register(model)
    register_security_models()


def register_security_models() -> None:
    """Emergency access and breaches. (Users and their second factors: accounts.audit.)"""
    from .models import Breach, BreachNotice, EmergencyAccess

    auditlog.register(EmergencyAccess)
    # The affected clients' names go into the breach's history; the retention purge of a client
    # scrubs them from there (retention.services.purge).
    auditlog.register(Breach, m2m_fields={"affected_clients"})
    auditlog.register(BreachNotice)
