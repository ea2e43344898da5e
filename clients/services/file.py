"""Writes to the client file (seeds 002, 003): cases, granted services, visits and records,
agreements, plan versions and corrections.

Saved entries and plans are never overwritten silently: the only way to change what an entry
or a plan version says is `correction_record`, which keeps the original readable with the
corrector, the date and the reason, and names whom to notify (GDPR Art 19)."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import acting_as

from ..models import (
    Case,
    Client,
    Correction,
    Disclosure,
    GrantedService,
    ServiceAgreement,
    ServiceEntry,
    ServicePlan,
)

# What a correction may change: the recorded content, not who or when it was recorded.
CORRECTABLE_ENTRY_FIELDS: tuple[str, ...] = ("content", "date", "duration_minutes", "kind")
CORRECTABLE_PLAN_FIELDS: tuple[str, ...] = (
    "client_view", "service_and_need", "goals", "working_methods", "other_services",
    "guardian_contact", "review_on", "made_on", "place",
)


def _save(obj: Any, actor: User) -> Any:
    with acting_as(actor):
        obj.full_clean()
        obj.save()
    return obj


@transaction.atomic
def case_open(*, actor: User, client: Client, service_task: str, title: str,
              opened_on: datetime.date) -> Case:
    return _save(Case(client=client, service_task=service_task, title=title, opened_on=opened_on), actor)


@transaction.atomic
def case_close(*, actor: User, case: Case, closed_on: datetime.date) -> Case:
    """Closing starts the statutory retention clock of the case's service task."""
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": _("A case cannot close before it opens.")})
    case.closed_on = closed_on
    return _save(case, actor)


@transaction.atomic
def granted_service_add(*, actor: User, case: Case, data: dict[str, Any]) -> GrantedService:
    return _save(GrantedService(case=case, **data), actor)


@transaction.atomic
def entry_record(*, actor: User, client: Client, data: dict[str, Any]) -> ServiceEntry:
    """Record a visit or a record. The worker is the acting user unless named."""
    data = {"worker": actor, **data}
    service = data.get("granted_service")
    if service is not None and service.case.client_id != client.pk:
        raise ValidationError({"granted_service": _("The service belongs to another client.")})
    return _save(ServiceEntry(client=client, **data), actor)


@transaction.atomic
def agreement_record(*, actor: User, client: Client, data: dict[str, Any]) -> ServiceAgreement:
    return _save(ServiceAgreement(client=client, created_by=actor, **data), actor)


@transaction.atomic
def plan_version_create(*, actor: User, client: Client, data: dict[str, Any]) -> ServicePlan:
    """A new version of the client's service plan; earlier versions stay as they were."""
    Client.objects.select_for_update().filter(pk=client.pk).first()  # one version number at a time
    latest = client.plans.aggregate(v=Max("version"))["v"] or 0
    return _save(ServicePlan(client=client, version=latest + 1, created_by=actor, **data), actor)


def correction_recipients(*, client: Client, until: datetime.datetime) -> list[Disclosure]:
    """Seed 000: "Virheen korjaamisesta ilmoitetaan sille, jolta virheelliset tiedot on saatu tai
    jolle tiedot on luovutettu." Everyone the client's data went to, or came from, before the
    correction: one row per recipient, newest disclosure kept."""
    seen: dict[tuple[str, str, str], Disclosure] = {}
    for disclosure in client.disclosures.filter(disclosed_at__lte=until).order_by("-disclosed_at"):
        key = (disclosure.direction, disclosure.recipient_kind, disclosure.recipient_name)
        seen.setdefault(key, disclosure)
    return list(seen.values())


@transaction.atomic
def correction_record(
    *, actor: User, field: str, value: Any, reason: str, entry: ServiceEntry | None = None,
    plan: ServicePlan | None = None, when: datetime.datetime | None = None,
) -> Correction:
    """Correct one field of an entry or a plan version. The original value stays readable in the
    Correction; the target shows the corrected value."""
    target: ServiceEntry | ServicePlan
    allowed: tuple[str, ...]
    if entry is not None:
        target, allowed = entry, CORRECTABLE_ENTRY_FIELDS
    elif plan is not None:
        target, allowed = plan, CORRECTABLE_PLAN_FIELDS
    else:
        raise ValueError("correction_record needs an entry or a plan")
    if field not in allowed:
        raise ValidationError({"field": _("This field cannot be corrected.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    original = getattr(target, field)
    if str(original) == str(value):
        raise ValidationError({"value": _("The corrected value is the same as the original.")})
    when = when or timezone.now()
    with acting_as(actor):
        setattr(target, field, value)
        target.full_clean()
        target.save(update_fields=[field])
        return Correction.objects.create(
            client=target.client, entry=entry, plan=plan, field=field, original_value=str(original),
            corrected_value=str(value), reason=reason, corrected_by=actor, corrected_at=when,
        )
