"""The one gate in front of every view that shows client data."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import client_data_refusal


def client_data_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the sign-in page; signed-in users without a worker profile, a
    signed confidentiality commitment or a role get a 403 page that says why."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        refusal = client_data_refusal(request.user)
        if refusal is not None:
            return render(request, "403.html", {"reason": refusal}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


def actor(request: HttpRequest) -> User:
    """The signed-in user behind a request that passed `client_data_required`."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("no signed-in user")
    return user
