"""Change history (django-auditlog): which models are tracked, how secrets are masked, and how
code outside a request names the acting user."""

import contextlib
from collections.abc import Iterator

from auditlog.context import set_actor
from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractBaseUser

from .constants import MASK

# Fields whose values never appear in change history, not even half (auditlog's default).
MASKED_FIELDS = {
    "Client": ["identity_code"],
    "HealthInformation": ["allergies", "special_needs", "home_notes"],
}


def mask_fully(value: str) -> str:
    """AUDITLOG_MASK_CALLABLE: nothing of the value stays readable."""
    return MASK if value not in ("", "None") else value


@contextlib.contextmanager
def acting_as(actor: AbstractBaseUser | None) -> Iterator[None]:
    """Attribute every change made inside the block to `actor` (management commands, services
    run outside a request)."""
    if actor is None:
        yield
        return
    with set_actor(actor):
        yield


def register_models() -> None:
    from .models import (
        Case,
        Client,
        Controller,
        Correction,
        Disclosure,
        Document,
        GrantedService,
        HealthInformation,
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
                  Document, Disclosure):
        auditlog.register(model)
    register_security_models()


def register_security_models() -> None:
    """Emergency access and breaches; who can sign in, with which roles and second factors (the
    password and the device secrets are never written out, only that they changed)."""
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .models import Breach, BreachNotice, EmergencyAccess

    auditlog.register(EmergencyAccess)
    # The affected clients' names go into the breach's history; the retention purge of a client
    # scrubs them from there (retention.services.purge).
    auditlog.register(Breach, m2m_fields={"affected_clients"})
    auditlog.register(BreachNotice)
    auditlog.register(User, include_fields=["username", "first_name", "last_name", "email", "is_active",
                                            "is_staff", "is_superuser", "password"],
                      mask_fields=["password"], m2m_fields={"groups"})
    auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
    auditlog.register(StaticDevice, include_fields=["user", "name", "confirmed"])
