"""Writes for sign-in: enrolling an authenticator app, backup codes, checking a second-factor
code, the user's own password.

Each takes the acting user and runs in one transaction; devices and passwords (masked) are in the
change history (accounts.audit). Second-factor secrets and backup codes never enter a log. The
admin's reset of someone's second factor is core.twofactor.second_factor_reset."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import acting_as

TOTP_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"


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
def password_change(*, actor: User, new_password: str) -> None:
    """Set the actor's own password. Every other session of the user ends with it (their session
    hash no longer matches); the caller keeps the current one with update_session_auth_hash."""
    with acting_as(actor):
        actor.set_password(new_password)
        actor.save()
