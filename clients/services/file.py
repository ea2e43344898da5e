"""Writes to the client file (seeds 002, 003): cases, granted services, visits and records,
agreements, plan versions and corrections.

Saved entries and plans are never overwritten silently: the only way to change what an entry
or a plan version says is `correction_record`, which keeps the original readable with the
corrector, the date and the reason, and names whom to notify (GDPR Art 19)."""

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import acting_as

from ..constants import EntryKind, HoursPeriod, RestrictedAct
from ..models import (
    Case,
    Client,
    Controller,
    Correction,
    Disclosure,
    GrantedService,
    ServiceAgreement,
    ServiceEntry,
    ServicePlan,
)
from .register import restricted_act_check

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
              opened_on: datetime.date, restriction_ground: str = "",
              child_date_of_birth: datetime.date | None = None) -> Case:
    """Open a case. `child_date_of_birth`: in a family-law matter concerning a child when the
    client is a parent, the child's date of birth, from which its 120 years count."""
    restricted_act_check(actor=actor, client=client, act=RestrictedAct.EDIT, ground=restriction_ground)
    return _save(Case(client=client, service_task=service_task, title=title, opened_on=opened_on,
                      child_date_of_birth=child_date_of_birth), actor)


@transaction.atomic
def case_close(*, actor: User, case: Case, closed_on: datetime.date) -> Case:
    """Closing starts the statutory retention clock of the case's service task."""
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": _("A case cannot close before it opens.")})
    case.closed_on = closed_on
    return _save(case, actor)


@transaction.atomic
def granted_service_add(
    *, actor: User, case: Case, content: str, valid_from: datetime.date, valid_until: datetime.date | None = None,
    granted_hours: Decimal | None = None, hours_period: str = HoursPeriod.MONTH,
    commissioning_authority: Controller | None = None, payment_commitment_reference: str = "",
) -> GrantedService:
    """Add a service granted in the case (seed 002: content, period, granted hours)."""
    restricted_act_check(actor=actor, client=case.client, act=RestrictedAct.EDIT)
    return _save(GrantedService(
        case=case, content=content, valid_from=valid_from, valid_until=valid_until, granted_hours=granted_hours,
        hours_period=hours_period, commissioning_authority=commissioning_authority,
        payment_commitment_reference=payment_commitment_reference,
    ), actor)


@transaction.atomic
def entry_record(
    *, actor: User, client: Client, date: datetime.date, content: str, kind: str = EntryKind.VISIT,
    duration_minutes: int = 0, granted_service: GrantedService | None = None, worker: User | None = None,
    restriction_ground: str = "",
) -> ServiceEntry:
    """Record a visit or a record. The worker is the acting user unless named; the granted
    service, if any, must be the client's own. A restricted client (GDPR Art 18) gets a new
    entry only on an Art 18(2) ground recorded for it."""
    restricted_act_check(actor=actor, client=client, act=RestrictedAct.ENTRY, ground=restriction_ground)
    if granted_service is not None and granted_service.case.client_id != client.pk:
        raise ValidationError({"granted_service": _("The service belongs to another client.")})
    return _save(ServiceEntry(
        client=client, date=date, content=content, kind=kind, duration_minutes=duration_minutes,
        granted_service=granted_service, worker=worker or actor,
    ), actor)


@transaction.atomic
def agreement_record(
    *, actor: User, client: Client, service: str, agreed_matters: str, valid_from: datetime.date,
    made_on: datetime.date, place: str, billing: str = "", valid_until: datetime.date | None = None,
    client_signatory: str = "", client_signed_on: datetime.date | None = None,
    provider_signatory: User | None = None, provider_signed_on: datetime.date | None = None,
    restriction_ground: str = "", case: Case | None = None,
) -> ServiceAgreement:
    """Record a service agreement (seed 003) as made; signatures are optional. Filed under
    `case` (one of the client's), it is removed with that case when its period has run out."""
    restricted_act_check(actor=actor, client=client, act=RestrictedAct.EDIT, ground=restriction_ground)
    _case_of(client, case)
    return _save(ServiceAgreement(
        client=client, case=case, created_by=actor, service=service, agreed_matters=agreed_matters, billing=billing,
        valid_from=valid_from, valid_until=valid_until, made_on=made_on, place=place,
        client_signatory=client_signatory, client_signed_on=client_signed_on,
        provider_signatory=provider_signatory, provider_signed_on=provider_signed_on,
    ), actor)


@transaction.atomic
def agreement_end(
    *, actor: User, agreement: ServiceAgreement, ended_on: datetime.date, reason: str,
    restriction_ground: str = "",
) -> ServiceAgreement:
    """End an agreement (issue 21): the end date, the reason and who recorded it; the agreement
    itself stays readable as it was made."""
    restricted_act_check(actor=actor, client=agreement.client, act=RestrictedAct.EDIT, ground=restriction_ground)
    if agreement.ended_on:
        raise ValidationError(_("The agreement has already ended."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for ending the agreement.")})
    if ended_on < agreement.valid_from:
        raise ValidationError({"ended_on": _("The agreement cannot end before it began.")})
    with acting_as(actor):
        agreement.ended_on, agreement.end_reason, agreement.ended_by = ended_on, reason.strip(), actor
        agreement.save(update_fields=["ended_on", "end_reason", "ended_by"])
    return agreement


AGREEMENT_TERMS: tuple[str, ...] = (
    "service", "agreed_matters", "billing", "valid_from", "valid_until", "made_on", "place",
    "client_signatory", "client_signed_on", "provider_signatory", "provider_signed_on", "case",
)
# Signatures were made on the earlier terms: an amended version starts unsigned unless signed anew.
AGREEMENT_SIGNATURES: tuple[str, ...] = ("client_signatory", "client_signed_on", "provider_signatory",
                                         "provider_signed_on")


@transaction.atomic
def agreement_amend(
    *, actor: User, agreement: ServiceAgreement, reason: str, restriction_ground: str = "",
    **changes: Any,
) -> ServiceAgreement:
    """Amend an agreement (issue 21): a new version with the changes replaces it; the old version
    stays readable, ended the day the new one begins, with the reason. The earlier version's
    signatures are not carried over: the new terms are signed anew (`changes` names who signed)."""
    if set(changes) - set(AGREEMENT_TERMS):
        raise TypeError(f"unknown agreement terms: {sorted(set(changes) - set(AGREEMENT_TERMS))}")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the amendment.")})
    if hasattr(agreement, "replaced_by"):
        raise ValidationError(_("This version has already been amended; amend the newest one."))
    terms = {name: getattr(agreement, name) for name in AGREEMENT_TERMS if name not in AGREEMENT_SIGNATURES}
    terms |= changes
    new = agreement_record(actor=actor, client=agreement.client, restriction_ground=restriction_ground, **terms)
    with acting_as(actor):
        new.replaces, new.amendment_reason = agreement, reason.strip()
        new.save(update_fields=["replaces", "amendment_reason"])
        if not agreement.ended_on:
            agreement.ended_on, agreement.ended_by = max(new.valid_from, agreement.valid_from), actor
            agreement.end_reason = reason.strip()
            agreement.save(update_fields=["ended_on", "end_reason", "ended_by"])
    return new


@transaction.atomic
def plan_version_create(
    *, actor: User, client: Client, client_view: str, service_and_need: str, goals: str,
    review_on: datetime.date, made_on: datetime.date, place: str, working_methods: str = "",
    other_services: str = "", guardian_contact: str = "", duty_to_notify_reviewed: bool = False,
    confidentiality_reviewed: bool = False, liability_insurance_reviewed: bool = False,
    client_signatory: str = "", worker_signatory: User | None = None, restriction_ground: str = "",
    case: Case | None = None,
) -> ServicePlan:
    """A new version of the client's service plan (seed 003); earlier versions stay as they were.
    Filed under `case` (one of the client's), it is removed with that case when its period has
    run out."""
    restricted_act_check(actor=actor, client=client, act=RestrictedAct.EDIT, ground=restriction_ground)
    _case_of(client, case)
    Client.objects.select_for_update().filter(pk=client.pk).first()  # one version number at a time
    latest = client.plans.aggregate(v=Max("version"))["v"] or 0
    return _save(ServicePlan(
        client=client, version=latest + 1, created_by=actor, client_view=client_view,
        service_and_need=service_and_need, goals=goals, working_methods=working_methods,
        other_services=other_services, guardian_contact=guardian_contact,
        duty_to_notify_reviewed=duty_to_notify_reviewed, confidentiality_reviewed=confidentiality_reviewed,
        liability_insurance_reviewed=liability_insurance_reviewed, review_on=review_on, made_on=made_on,
        place=place, client_signatory=client_signatory, worker_signatory=worker_signatory, case=case,
    ), actor)


def _case_of(client: Client, case: Case | None) -> None:
    """A record is filed only under a case of its own client."""
    if case is not None and case.client_id != client.pk:
        raise ValidationError({"case": _("Choose one of this client's cases.")})


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
