"""Database sessions whose idle timer is renewed at most once a minute.

The idle timeout (SESSION_IDLE_MINUTES) is the session row's expiry date. Saving the session on
every request would renew it exactly, at the price of a write (three statements) on every page
a caseworker opens; renewing it only when more than RENEW_AFTER_SECONDS have gone by since the
last renewal keeps the timeout within a minute and most pages write nothing."""

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends import db
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

RENEW_AFTER_SECONDS = 60


class SessionStore(db.SessionStore):
    """Remembers when the loaded session would expire, for `RenewIdleSessionMiddleware`."""

    expires_at: datetime.datetime | None = None

    def _get_session_from_db(self):  # type: ignore[no-untyped-def]
        row = super()._get_session_from_db()
        self.expires_at = row.expire_date if row is not None else None
        return row


class RenewIdleSessionMiddleware:
    """Marks a signed-in session for saving (which renews its expiry) when its last renewal is
    more than RENEW_AFTER_SECONDS old. Placed after SessionMiddleware, so that this runs first on
    the way out and SessionMiddleware then saves."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        expires_at = getattr(session, "expires_at", None)
        if session is not None and expires_at is not None and not session.modified:
            renewed_seconds_ago = settings.SESSION_COOKIE_AGE - (expires_at - timezone.now()).total_seconds()
            if renewed_seconds_ago > RENEW_AFTER_SECONDS:
                session.modified = True
        return response
