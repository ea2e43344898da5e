"""Writes for sign-in security, emergency access and the breach register.

Each takes the acting user, runs in one transaction and leaves a trail: django-auditlog for
devices, passwords (masked), emergency accesses and breaches; the access log (käyttöloki) for
every look at a client's data. Second-factor secrets and backup codes never enter a log."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import acting_as
from core.scope import system_scope_for_one_write

from ..constants import AccessKind
from ..models import Breach, BreachNotice, Client, EmergencyAccess
from ..selectors.register import clients_visible_to
from ..selectors.security import clients_matching, organisation_clients
from .register import access_record

TOTP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


# Second factor -----------------------------------------------------------------------------


def _token_normalise(token: str) -> str:
    return "".join((token or "").split()).replace("-", "").lower()


@transaction.atomic
def totp_device_start(*, actor: User) -> TOTPDevice:
    """An unconfirmed authenticator-app device for enrolment: the one already started, or a new
    one with a fresh random key. It counts for nothing until confirmed with a code."""
    with acting_as(actor):
        device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=actor, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, actor: User, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm enrolment with a code from the app. Returns fresh backup codes (to be shown once),
    or None when the code is wrong (the failure counts towards django-otp's throttling)."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValueError("not this user's device in enrolment")
    if not device.verify_token(_token_normalise(token)):
        return None
    with acting_as(actor):
        device.confirmed = True
        device.save()
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        TOTPDevice.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
    return backup_codes_create(actor=actor)


@transaction.atomic
def backup_codes_create(*, actor: User) -> list[str]:
    """New backup codes (single-use static tokens); earlier codes stop working."""
    with acting_as(actor):
        StaticDevice.objects.filter(user=actor).delete()
        device = StaticDevice.objects.create(user=actor, name=BACKUP_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(settings.BACKUP_CODE_COUNT)]
        # StaticToken is not in the change history (its value is the secret), so bulk is fine.
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_verify(*, actor: User, token: str) -> Device | None:
    """The device that accepts `token`: six digits are tried on the authenticator app, anything
    else as a backup code (used up on success). None when nothing accepts it; failures count
    towards django-otp's throttling, so guessing slows down exponentially."""
    token = _token_normalise(token)
    if not token:
        return None
    devices: Iterable[Device]
    if token.isascii() and token.isdigit() and len(token) == 6:
        devices = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=True)
    else:
        devices = StaticDevice.objects.select_for_update().filter(user=actor, confirmed=True)
    for device in devices:
        if device.verify_token(token):
            return device
    return None


@transaction.atomic
def second_factor_reset(*, actor: User, user: User) -> int:
    """Admin reset: delete every second-factor device of `user` (a lost phone). At the next
    sign-in they enrol again. Returns how many devices were removed."""
    removed = 0
    with acting_as(actor):
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.filter(user=user):
                device.delete()  # one by one, so each deletion is in the change history
                removed += 1
    return removed


@transaction.atomic
def password_change(*, actor: User, new_password: str) -> None:
    """Set the actor's own password. Every other session of the user ends with it (their session
    hash no longer matches); the caller keeps the current one with update_session_auth_hash."""
    with acting_as(actor):
        actor.set_password(new_password)
        actor.save()


# Emergency access ------------------------------------------------------------------------------


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


# Breaches --------------------------------------------------------------------------------------


def _check_clients(actor: User, clients: Iterable[Client]) -> list[Client]:
    clients = list(clients)
    visible = set(clients_visible_to(actor).filter(pk__in=[c.pk for c in clients])
                  .values_list("pk", flat=True))
    if any(c.pk not in visible for c in clients):
        raise PermissionError("a client the actor may not see")
    return clients


@transaction.atomic
def breach_create(*, actor: User, data: dict, clients: Iterable[Client] = ()) -> Breach:
    """Record a personal data breach of the actor's organisation; the 72-hour clock runs from
    `discovered_at` (GDPR Art 33(1))."""
    from ..selectors.security import security_staff_refusal

    if security_staff_refusal(actor) is not None:
        raise PermissionError("only the register contact and admins record breaches")
    affected = _check_clients(actor, clients)
    with acting_as(actor):
        breach = Breach(**data, controller=actor.worker_profile.controller, created_by=actor)
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
    """Record that the notice went to one affected client (GDPR Art 34), in their language."""
    if not breach.affected_clients.filter(pk=client.pk).exists():
        raise ValueError("the client is not affected by this breach")
    _check_clients(actor, [client])
    with acting_as(actor):
        return BreachNotice.objects.create(
            breach=breach, client=client, language=client.preferred_language, channel=channel,
            sent_at=now, recorded_by=actor,
        )

