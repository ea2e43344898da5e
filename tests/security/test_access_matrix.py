"""The access-control matrix: every URL pattern of the project, found by walking the URL resolver
(not a hand-kept list), against every role, GET and POST.

A new view without access control fails here: anonymous visitors must be sent to sign-in, a
password without the second factor must reach the code page, a caseworker must get 404/403 for
a client not assigned to them, and another organisation's register contact 404/403 for
anything of ours. A new URL keyword this file does not know fails with a message saying where
to add it; a public page must be named in PUBLIC on purpose.
"""

from typing import Any

import pytest
from django.urls import clear_url_caches, path

from clients.models import Client

from .urlmap import (
    CLIENT,
    MARKER,
    ORGANISATION,
    POST_ONLY,
    ROUTES,
    SECOND_FACTOR_PAGES,
    STAFF_ONLY,
    Route,
    browser_for,
    url_for,
)


def test_the_walk_finds_the_views_we_know_about():
    names = {r.name for r in ROUTES}
    assert {"dashboard", "clients:list", "clients:detail", "clients:breach_detail",
            "clients:emergency_access", "account"} <= names
    assert len(ROUTES) >= 30


# 405 too: a view that refuses the method runs nothing (the other method is tried as well).
DENIED = (403, 404, 405)


def problems_for(role: str, route: Route, url: str, scope: str, method: str, response: Any) -> list[str]:
    status = response.status_code
    location = response.get("Location", "")
    body = response.content.decode(errors="replace") if not response.streaming else ""
    where = f"{method} {url} ({route.name}) as {role}: {status} {location}"
    if status >= 500:
        return [f"{where}: server error"]
    found = []
    if role == "anonymous":
        if not (status == 302 and location.startswith("/accounts/login/")):
            found.append(f"{where}: expected a redirect to sign-in")
    elif role == "password_only":
        owed = status == 302 and location.startswith("/accounts/two-factor/")
        if not (owed or (route.name in SECOND_FACTOR_PAGES and status == 200)):
            found.append(f"{where}: expected the second-factor step")
    elif role == "caseworker_unassigned":
        if (scope == CLIENT or route.name in STAFF_ONLY) and status not in DENIED:
            found.append(f"{where}: expected 404 or 403")
    elif role == "foreign_contact":
        if scope in (CLIENT, ORGANISATION) and status not in DENIED:
            found.append(f"{where}: expected 404 or 403")
    elif role == "caseworker_assigned":
        if route.name in STAFF_ONLY and status not in DENIED:
            found.append(f"{where}: expected 403 (register contact's page)")
        elif (scope == CLIENT and route.name.startswith("clients:") and route.name not in STAFF_ONLY
              and method == "GET" and status in DENIED
              and not (route.name in POST_ONLY and status == 405)):
            # The fixture values really open the pages (other apps decide their own roles).
            found.append(f"{where}: the assigned caseworker was refused their own client")
    elif role == "admin":
        ours = scope in (CLIENT, ORGANISATION) and route.name.startswith("clients:")
        if (ours or route.name in STAFF_ONLY) and method == "GET" and status in (403, 404):
            found.append(f"{where}: the organisation's admin was refused")
    if role in ("anonymous", "password_only", "caseworker_unassigned", "foreign_contact") and MARKER in body:
        found.append(f"{where}: the client's name is on the page")
    return found


ROLES = ["anonymous", "password_only", "caseworker_unassigned", "foreign_contact", "caseworker_assigned",
         "admin"]


@pytest.mark.parametrize("role", ROLES)
def test_every_url_answers_each_role_as_the_access_rules_say(world, role):
    problems = []
    refused_everything = role not in ("caseworker_assigned", "admin")
    shared = browser_for(role, world)
    for route in ROUTES:
        url, scope = url_for(route, world)
        for method in ("get", "post"):
            # Roles that may act get a fresh browser each time: a POST may change their state.
            browser = shared if refused_everything else browser_for(role, world)
            response = getattr(browser, method)(url)
            problems += problems_for(role, route, url, scope, method.upper(), response)
            if method == "get" and role in ("caseworker_assigned", "admin") and response.status_code == 200 \
                    and "text/html" not in response.get("Content-Type", ""):
                break  # a download they may have: rendering it twice proves nothing more
    assert not problems, "\n".join(problems)


def test_the_matrix_would_catch_an_unprotected_view(world, settings):
    """The matrix itself is tested: a view with no access control, added to the URLs, fails it."""
    from django.http import HttpResponse

    import config.urls

    def leaky(request, pk):
        # On PostgreSQL row-level security hides the client from other organisations and from
        # requests without a scope (the view answers "None" to them): the matrix flags the 200.
        return HttpResponse(str(Client.objects.filter(pk=pk).values_list("last_name", flat=True).first()))

    route = Route("leaky", "clients/<int:pk>/leaky/", ("pk",))
    original = list(config.urls.urlpatterns)
    config.urls.urlpatterns.append(path("clients/<int:pk>/leaky/", leaky, name="leaky"))
    try:
        clear_url_caches()
        url, scope = url_for(route, world)
        assert scope == CLIENT
        for role in ("anonymous", "password_only", "caseworker_unassigned", "foreign_contact"):
            response = browser_for(role, world).get(url)
            assert problems_for(role, route, url, scope, "GET", response), role
    finally:
        config.urls.urlpatterns[:] = original
        clear_url_caches()
