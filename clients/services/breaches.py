"""The breach register (GDPR Art 33/34): record a personal data breach of the organisation, its
notification to the supervisory authority within 72 hours, and the notice to each affected client.
Each write takes the acting user, runs in one transaction and is in the change history."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import acting_as

from ..constants import ContactChannel
from ..models import Breach, BreachAuthorityDecision, BreachNotice, BreachNoticeChannel, BreachSubjectsDecision, Client
from ..selectors.oversight import security_staff_refusal
from ..selectors.register import clients_visible_to


def _check_clients(actor: User, clients: Iterable[Client]) -> list[Client]:
    clients = list(clients)
    visible = set(clients_visible_to(actor).filter(pk__in=[c.pk for c in clients])
                  .values_list("pk", flat=True))
    if any(c.pk not in visible for c in clients):
        raise PermissionError("a client the actor may not see")
    return clients


@transaction.atomic
def breach_create(
    *, actor: User, title: str, discovered_at: datetime.datetime, description: str,
    affected_data: str, consequences: str = "", measures: str = "",
    clients: Iterable[Client] = (),
) -> Breach:
    """Record a personal data breach of the actor's organisation; the 72-hour clock runs from
    `discovered_at` (GDPR Art 33(1))."""
    if security_staff_refusal(actor) is not None:
        raise PermissionError("only the register contact and admins record breaches")
    affected = _check_clients(actor, clients)
    with acting_as(actor):
        breach = Breach(
            title=title, discovered_at=discovered_at, description=description,
            affected_data=affected_data, consequences=consequences, measures=measures,
            controller=actor.worker_profile.controller, created_by=actor,
        )
        breach.full_clean()
        breach.save()
        breach.affected_clients.add(*affected)
    return breach


@transaction.atomic
def breach_clients_add(*, actor: User, breach: Breach, clients: Iterable[Client]) -> None:
    affected = _check_clients(actor, clients)
    with acting_as(actor):
        breach.affected_clients.add(*affected)


def _staff_required(actor: User) -> None:
    if security_staff_refusal(actor) is not None:
        raise PermissionError("only the register contact and admins document breaches")


@transaction.atomic
def breach_authority_report(
    *, actor: User, breach: Breach, reported_at: datetime.datetime, reference: str = "",
    late_reasons: str = "",
) -> Breach:
    """Record the notification to the supervisory authority (Tietosuojavaltuutetun toimisto).
    Later than 72 hours from becoming aware, it needs the reasons for the delay (GDPR Art 33(1):
    "it shall be accompanied by reasons for the delay"). Recording it is the decision to notify."""
    _staff_required(actor)
    if breach.authority_decision == BreachAuthorityDecision.NOT_NOTIFY:
        raise ValidationError(_("The decision recorded is not to notify the supervisory authority. "
                                "Change the decision first."), code="decided_not_to_notify")
    reasons = late_reasons.strip() or breach.late_reasons
    if breach.is_late(reported_at) and not reasons.strip():
        raise ValidationError(_("The notification came more than 72 hours after the breach was "
                                "discovered: record the reasons for the delay."), code="late_without_reasons")
    with acting_as(actor):
        breach.reported_to_authority_at = reported_at
        breach.authority_reference = reference.strip()
        breach.late_reasons = reasons if breach.is_late(reported_at) else ""
        fields = ["reported_to_authority_at", "authority_reference", "late_reasons"]
        if not breach.authority_decision:
            breach.authority_decision = BreachAuthorityDecision.NOTIFY
            fields.append("authority_decision")
        breach.save(update_fields=fields)
    return breach


@transaction.atomic
def breach_assessment_record(
    *, actor: User, breach: Breach, likelihood: str, severity: str, people_categories: str,
    people_count: int | None, records_count: int | None, consequences: str | None = None,
    now: datetime.datetime | None = None,
) -> Breach:
    """Record the risk assessment (GDPR Art 33(3)(a), (c); Art 34(1)): how likely and how severe
    the risk to people's rights and freedoms is, and who and how much was affected."""
    _staff_required(actor)
    with acting_as(actor):
        breach.likelihood, breach.severity = likelihood, severity
        breach.people_categories = people_categories.strip()
        breach.people_count, breach.records_count = people_count, records_count
        if consequences is not None:
            breach.consequences = consequences.strip()
        breach.assessed_by, breach.assessed_at = actor, now or timezone.now()
        breach.full_clean(exclude=["controller", "created_by"])
        breach.save(update_fields=["likelihood", "severity", "people_categories", "people_count",
                                   "records_count", "consequences", "assessed_by", "assessed_at"])
    return breach


@transaction.atomic
def breach_decision_record(
    *, actor: User, breach: Breach, authority_decision: str, authority_reasons: str,
    subjects_decision: str, subjects_reasons: str, notice_due: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> Breach:
    """Record the decisions whether to notify the supervisory authority (Art 33(1)) and the
    affected clients (Art 34(1), or the Art 34(3) exception that applies), each with its reasons.
    Notifying the clients "without undue delay" is made a due date the task list shows."""
    _staff_required(actor)
    errors: dict[str, list[str]] = {}
    if authority_decision not in BreachAuthorityDecision.values:
        errors.setdefault("authority_decision", []).append(_("Choose whether to notify the authority."))
    if subjects_decision not in BreachSubjectsDecision.values:
        errors.setdefault("subjects_decision", []).append(_("Choose whether to notify the clients."))
    if not authority_reasons.strip():
        errors.setdefault("authority_decision_reasons", []).append(_("Give the reasons for the decision."))
    if not subjects_reasons.strip():
        errors.setdefault("subjects_decision_reasons", []).append(_("Give the reasons for the decision."))
    if (authority_decision == BreachAuthorityDecision.NOT_NOTIFY
            and breach.reported_to_authority_at is not None):
        errors.setdefault("authority_decision", []).append(
            _("The supervisory authority has already been notified."))
    if subjects_decision == BreachSubjectsDecision.NOTIFY and notice_due is None:
        errors.setdefault("subjects_notice_due", []).append(
            _("Give the date by which the clients are notified (without undue delay)."))
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        breach.authority_decision = authority_decision
        breach.authority_decision_reasons = authority_reasons.strip()
        breach.subjects_decision = subjects_decision
        breach.subjects_decision_reasons = subjects_reasons.strip()
        breach.subjects_notice_due = notice_due if subjects_decision == BreachSubjectsDecision.NOTIFY else None
        breach.decided_by, breach.decided_at = actor, now or timezone.now()
        breach.save(update_fields=["authority_decision", "authority_decision_reasons", "subjects_decision",
                                   "subjects_decision_reasons", "subjects_notice_due", "decided_by",
                                   "decided_at"])
    return breach


@transaction.atomic
def breach_notice_record(
    *, actor: User, breach: Breach, client: Client, channel: str, now: datetime.datetime,
) -> BreachNotice:
    """Record that the notice went to one affected client (GDPR Art 34), in their language. The
    client's contact preferences hold here as for every letter (issue 19): no email to a client
    who wants letters by post only (the PDF letter honours "no letters home")."""
    if not breach.affected_clients.filter(pk=client.pk).exists():
        raise ValueError("the client is not affected by this breach")
    _check_clients(actor, [client])
    if channel == BreachNoticeChannel.EMAIL and client.contact_channel == ContactChannel.LETTER:
        raise ValidationError({"channel": _("The client wants letters by post only: send the notice as a letter.")})
    with acting_as(actor):
        return BreachNotice.objects.create(
            breach=breach, client=client, language=client.preferred_language, channel=channel,
            sent_at=now, recorded_by=actor,
        )
