"""The register contact's pages: the security hub, and the organisation's users with what each
has looked at. `security_staff_required` guards these and the emergency-review and breach pages."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.access import actor, client_data_required

from ..selectors import emergency as emergency_selectors
from ..selectors import oversight as selectors

PAGE_SIZE = 50


def security_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Register contact and admin pages: client data access first, then the role (403)."""

    @wraps(view)
    @client_data_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = selectors.security_staff_refusal(request.user)
        if refusal is not None:
            return render(request, "403.html", {"reason": refusal}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


@client_data_required
def security_index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    staff = selectors.security_staff_refusal(user) is None
    return render(request, "clients/oversight/index.html", {
        "staff": staff,
        "unreviewed": emergency_selectors.emergency_accesses_for_review(user).filter(reviewed_at=None).count()
        if staff else 0,
    })


@security_staff_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = Paginator(selectors.organisation_users(actor(request)), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "clients/oversight/user_list.html", {"page": users})


@security_staff_required
def user_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """What one user of the organisation has looked at (käyttöloki by user)."""
    subject = selectors.organisation_user(actor(request), pk)
    entries = Paginator(selectors.user_access_entries(actor(request), subject), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "clients/oversight/user_access_log.html", {"subject": subject, "page": entries})
