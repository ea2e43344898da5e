"""The one gate in front of every view that shows client data."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import client_data_refusal
from .selectors.security import second_factor_pending


def client_data_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous users go to the sign-in page, and signed-in users who have not passed the second
    factor in this session to the code page; signed-in users without a worker profile, a
    signed confidentiality commitment or a role get a 403 page that says why."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if second_factor_pending(request.user):
            return redirect_to_login(request.get_full_path(), login_url="two_factor_verify")
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
