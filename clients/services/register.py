"""Every write to the client register. Each takes the acting user, runs in one transaction and
leaves a trail (django-auditlog for changes, AccessEntry for looks)."""

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from core.audit import acting_as
from core.roles import Role
from core.scope import system_scope_for_one_write

from ..constants import AccessKind, ClientKind
from ..identifiers import identity_code_birth_date, search_key
from ..models import AccessEntry, Client, HealthInformation, Representative
from ..selectors import clients_visible_to, request_handler_required, user_roles
from ..selectors.emergency import emergency_purpose


def access_record(
    *, user: User, client: Client, kind: str, detail: str = "", purpose: str = "",
    granted: bool = True,
) -> AccessEntry:
    """Write one access-log entry (käyttöloki)."""
    return AccessEntry.objects.create(
        client=client, user=user, at=timezone.now(), kind=kind, detail=detail[:200],
        purpose=purpose[:300], granted=granted,
    )


def client_open(*, user: User, pk: Any, kind: str, detail: str = "") -> Client:
    """The client `pk` if `user` may see it, with the look logged. Otherwise Http404 (never
    403: the client's existence is not revealed), and an existing client gets a denied entry."""
    try:
        client = clients_visible_to(user).select_related("register").get(pk=pk)
    except (Client.DoesNotExist, ValueError, TypeError):
        if str(pk).isdigit() and user.is_authenticated:
            # Another organisation's client is out of the request's database scope (row-level
            # security): the refused look goes into that client's access log all the same.
            with system_scope_for_one_write():
                existing = Client.objects.filter(pk=pk).first()
                if existing is not None:
                    access_record(user=user, client=existing, kind=AccessKind.DENIED, detail=kind,
                                  granted=False)
        raise Http404 from None
    # A look under emergency access ("break-the-glass") carries its reason in the log.
    purpose = "" if user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT} else emergency_purpose(
        user, client, now=timezone.now())
    access_record(user=user, client=client, kind=kind, detail=detail, purpose=purpose)
    return client


def _apply_identity(client: Client) -> None:
    """Derive what follows from the entered data: date of birth from the code, search and sort keys."""
    if client.kind == ClientKind.ORGANISATION:
        client.first_names = client.last_name = client.identity_code = ""
        client.search_name = search_key(client.organisation_name)
        client.sort_name = client.organisation_name.strip()
        return
    if client.identity_code:
        client.date_of_birth = identity_code_birth_date(client.identity_code)
    client.search_name = search_key(f"{client.last_name} {client.first_names}")
    client.sort_name = f"{client.last_name} {client.first_names}".strip()


def _health_save(client: Client, health: dict[str, str] | None) -> None:
    if health is None:
        return
    record, _created = HealthInformation.objects.get_or_create(client=client)
    changed = [name for name, value in health.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, health[name])
    if changed:
        record.save(update_fields=changed)


@transaction.atomic
def client_create(
    *, actor: User, data: dict[str, Any], health: dict[str, str] | None = None,
) -> Client:
    """Create a client from validated form data. A caseworker who creates a client is
    assigned to it, so they can go on working with it."""
    with acting_as(actor):
        client = Client(**data)
        _apply_identity(client)
        client.full_clean(exclude=["search_name", "sort_name"])
        client.save()
        _health_save(client, health)
        if Role.CASEWORKER in user_roles(actor):
            client.assigned_workers.add(actor)
    return client


@transaction.atomic
def client_update(
    *, actor: User, client: Client, data: dict[str, Any],
    health: dict[str, str] | None = None,
) -> Client:
    with acting_as(actor):
        for name, value in data.items():
            setattr(client, name, value)
        _apply_identity(client)
        client.full_clean(exclude=["search_name", "sort_name"])
        client.save()
        _health_save(client, health)
    return client


@transaction.atomic
def client_assign_worker(*, actor: User, client: Client, worker: User) -> None:
    with acting_as(actor):
        client.assigned_workers.add(worker)


@transaction.atomic
def client_unassign_worker(*, actor: User, client: Client, worker: User) -> None:
    with acting_as(actor):
        client.assigned_workers.remove(worker)


@transaction.atomic
def representative_save(
    *, actor: User, client: Client, data: dict[str, Any],
    representative: Representative | None = None, today: datetime.date,
) -> Representative:
    """Add or change a guardian, legal representative or next of kin. Recording the minor's
    prohibition of disclosure (seed 003) stamps who assessed it and when."""
    with acting_as(actor):
        rep = representative or Representative(client=client)
        was_prohibited = bool(representative and representative.disclosure_prohibited)
        for name, value in data.items():
            setattr(rep, name, value)
        if rep.disclosure_prohibited and not was_prohibited:
            rep.prohibition_assessed_by = actor  # type: ignore[assignment]
            rep.prohibition_assessed_on = today
        if not rep.disclosure_prohibited:
            rep.prohibition_assessed_by = None
            rep.prohibition_assessed_on = None
            rep.prohibition_reasoning = ""
        rep.full_clean()
        rep.save()
    return rep


@transaction.atomic
def client_restrict(*, actor: User, client: Client, reason: str) -> Client:
    """GDPR Art 18: mark the client's data as restricted; banners everywhere, no disclosures or
    marketing without consent. Only a request handler sets it (separation of duties)."""
    request_handler_required(actor)
    with acting_as(actor):
        client.restricted = True
        client.restriction_reason = reason
        client.save(update_fields=["restricted", "restriction_reason"])
    return client


@transaction.atomic
def client_restriction_lift(*, actor: User, client: Client) -> Client:
    """Lift the restriction; only a request handler does (separation of duties)."""
    request_handler_required(actor)
    with acting_as(actor):
        client.restricted = False
        client.restriction_reason = ""
        client.save(update_fields=["restricted", "restriction_reason"])
    return client
