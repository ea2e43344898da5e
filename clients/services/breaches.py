"""The breach register (GDPR Art 33/34): record a personal data breach of the organisation, its
notification to the supervisory authority within 72 hours, and the notice to each affected client.
Each write takes the acting user, runs in one transaction and is in the change history."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import acting_as

from ..constants import ContactChannel
from ..models import Breach, BreachNotice, BreachNoticeChannel, Client
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


@transaction.atomic
def breach_authority_report(
    *, actor: User, breach: Breach, reported_at: datetime.datetime, reference: str = "",
) -> Breach:
    """Record the notification to the supervisory authority (Tietosuojavaltuutetun toimisto)."""
    with acting_as(actor):
        breach.reported_to_authority_at = reported_at
        breach.authority_reference = reference.strip()
        breach.save(update_fields=["reported_to_authority_at", "authority_reference"])
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
