"""Rate limits and a lockout for the client's sign-in, per address (the portal has no password
for django-axes to count; what an attacker can repeat is starting sign-ins and replaying
callbacks). Counts live in the cache, in fixed windows: enough for one process or a shared cache;
the broker's own limits stand behind it.

- starting a sign-in: PORTAL_SIGN_IN_STARTS_PER_WINDOW per address per window;
- callbacks: the same number per window, and after PORTAL_SIGN_IN_FAILURE_LIMIT failed callbacks
  the address is locked out for PORTAL_LOCKOUT_MINUTES (a success clears the failures).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _window_key(what: str, address: str) -> str:
    window = int(time.time() // (settings.PORTAL_RATE_WINDOW_MINUTES * 60))
    return f"portal.limit.{what}.{address}.{window}"


def over_limit(request: HttpRequest, *, what: str) -> bool:
    """Count one attempt of `what` ("start" or "callback") from this address; True when the
    address has used up this window's attempts (then the attempt is refused)."""
    key = _window_key(what, client_address(request))
    cache.add(key, 0, settings.PORTAL_RATE_WINDOW_MINUTES * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.PORTAL_RATE_WINDOW_MINUTES * 60)
        count = 1
    return count > settings.PORTAL_SIGN_IN_STARTS_PER_WINDOW


def _failure_key(address: str) -> str:
    return f"portal.lockout.{address}"


def locked_out(request: HttpRequest) -> bool:
    return int(cache.get(_failure_key(client_address(request)), 0)) >= settings.PORTAL_SIGN_IN_FAILURE_LIMIT


def failure_record(request: HttpRequest) -> None:
    key = _failure_key(client_address(request))
    cache.add(key, 0, settings.PORTAL_LOCKOUT_MINUTES * 60)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, settings.PORTAL_LOCKOUT_MINUTES * 60)


def failures_clear(request: HttpRequest) -> None:
    cache.delete(_failure_key(client_address(request)))
