"""Whether a signed-in user still owes the second factor in this session, used by the access gate,
the admin site and the sign-in pages alike; and the admin's reset of a user's second factor."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp import devices_for_user

from .audit import acting_as


def is_verified(user: Any) -> bool:
    """True when this request's session passed the second factor (django-otp's middleware
    installs `is_verified`; a user object from elsewhere has not)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def has_second_factor(user: Any) -> bool:
    """The user has a confirmed authenticator app or backup codes."""
    return user.is_authenticated and any(True for _device in devices_for_user(user, confirmed=True))


def second_factor_pending(user: Any) -> bool:
    """A signed-in user who must still pass the second factor in this session before any client
    data or admin page: always where TWO_FACTOR_REQUIRED (production, tests); otherwise only
    a user who has set one up."""
    if not user.is_authenticated or is_verified(user):
        return False
    return bool(settings.TWO_FACTOR_REQUIRED) or has_second_factor(user)


@transaction.atomic
def second_factor_reset(*, actor: User, user: User) -> int:
    """Admin reset: delete every second-factor device of `user` (a lost phone). At the next
    sign-in they enrol again. Returns how many devices were removed.

    Here rather than in accounts.services because the User admin (clients.admin_security, scoped
    to the admin's organisation) calls it, and clients may not import accounts."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    removed = 0
    with acting_as(actor):
        for model in (TOTPDevice, StaticDevice):
            for device in model.objects.filter(user=user):
                device.delete()  # one by one, so each deletion is in the change history
                removed += 1
    return removed
