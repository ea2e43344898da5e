"""Whether a signed-in user still owes the second factor in this session. Used by the access gate,
the admin site and the sign-in pages alike."""

from typing import Any

from django.conf import settings
from django_otp import devices_for_user


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
