"""Emergency access ("break the glass"): a caseworker opens an unassigned client of their own
organisation for a stated reason, for a few hours; the register contact reviews every grant.

Each grant and each refusal is in the access log (käyttöloki); grants and reviews are in the
change history."""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from core.audit import acting_as
from core.scope import system_scope_for_one_write

from ..constants import AccessKind
from ..models import Client, EmergencyAccess
from ..selectors.register import clients_matching, clients_visible_to, organisation_clients
from .register import access_record


class EmergencyAccessRefused(Exception):
    """No client of the user's organisation matches, or the user may not see client data."""


def emergency_access_open(
    *, actor: User, lookup: str, reason: str, now: datetime.datetime,
) -> tuple[Client, list[EmergencyAccess]]:
    """Break the glass: give `actor` time-limited access to an unassigned client of their own
    organisation, found by full identity code or client number, for a stated reason. (One
    person kept in two registers of the organisation is two clients: both are opened.)

    Each grant and its reason go into the access log; the register contact reviews them. A
    client the actor already sees needs no grant. Another organisation's client is never
    granted: the refusal reads exactly like "no such client", and the attempt is logged (outside
    the grant's transaction, so the refusal does not roll the log entry back)."""
    reason = (reason or "").strip()
    if not reason:
        raise EmergencyAccessRefused("a reason is mandatory")
    matches = list(clients_matching(organisation_clients(actor), lookup).order_by("pk")[:10])
    if not matches:
        # Another organisation's client is out of the request's database scope (row-level
        # security): the attempt goes into that client's access log all the same.
        with system_scope_for_one_write():
            for stranger in clients_matching(Client.objects.all(), lookup)[:10]:
                access_record(user=actor, client=stranger, kind=AccessKind.DENIED,
                              detail="emergency access", granted=False)
        raise EmergencyAccessRefused("no client of the organisation matches")
    visible = set(clients_visible_to(actor).filter(pk__in=[c.pk for c in matches])
                  .values_list("pk", flat=True))
    grants = []
    with transaction.atomic(), acting_as(actor):
        for client in matches:
            if client.pk in visible:
                continue
            grants.append(EmergencyAccess.objects.create(
                user=actor, client=client, reason=reason[:2000], started_at=now,
                expires_at=now + datetime.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
            ))
            access_record(user=actor, client=client, kind=AccessKind.CLIENT_FILE,
                          detail="emergency access granted", purpose=reason)
    return matches[0], grants


@transaction.atomic
def emergency_access_review(
    *, actor: User, access: EmergencyAccess, note: str, now: datetime.datetime,
) -> EmergencyAccess:
    """The register contact has looked at the grant and its reason."""
    with acting_as(actor):
        access.reviewed_by = actor
        access.reviewed_at = now
        access.review_note = (note or "").strip()
        access.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    return access
