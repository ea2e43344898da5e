"""The client's sign-in on these pages, apart from staff sign-in: its own key in the session
(never Django's auth user: a client is never staff), its own short idle timeout."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .selectors import PersonLinks, identity_key, person_links_again, portal_scope_set

SESSION_KEY = "portal_person"
PENDING_KEY = "portal_oidc_pending"


@dataclass
class Person:
    name: str
    user: User
    links: PersonLinks


def person_sign_in(request: HttpRequest, *, identity_code: str, links: PersonLinks, name: str, user: User,
                   provider: str) -> None:
    """The identity code never goes into the session (a session store is not a register): only a
    keyed hash of it and the ids of the records it matched, each checked again on every page."""
    request.session.cycle_key()  # a new session id at sign-in (no fixation)
    request.session[SESSION_KEY] = {"key": identity_key(identity_code), "clients": links.own_client_ids,
                                    "representatives": links.representative_ids, "name": name,
                                    "user": user.pk, "provider": provider, "last": time.time()}


def person_sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(PENDING_KEY, None)
    request.session.cycle_key()


def person_from_session(request: HttpRequest) -> Person | None:
    """The signed-in person, or None (never signed in, or idle longer than PORTAL_IDLE_MINUTES:
    then signed out)."""
    data = request.session.get(SESSION_KEY)
    if not data:
        return None
    if time.time() - float(data.get("last", 0)) > settings.PORTAL_IDLE_MINUTES * 60:
        request.session.pop(SESSION_KEY, None)
        return None
    user = User.objects.filter(pk=data["user"], is_active=False).first()
    if user is None:
        return None
    data["last"] = time.time()
    request.session[SESSION_KEY] = data
    if not data.get("key"):  # a session from before the keyed hash: sign in again
        request.session.pop(SESSION_KEY, None)
        return None
    links = person_links_again(key=data["key"], client_ids=data.get("clients", []),
                               representative_ids=data.get("representatives", []), today=timezone.localdate())
    return Person(name=data.get("name", ""), user=user, links=links)


def person_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page of the client's own data: the person is signed in, and the request's database scope
    is only the registers where they have a record they may see. Never cached."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        person = person_from_session(request)
        if person is None:
            return redirect("portal:home")
        portal_scope_set(person.links)
        response = view(request, person, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper
