"""The one gate in front of every view that shows client data.

Who may see client data at all (a worker profile, a signed confidentiality commitment, a role) is
the client register's rule: the clients app plugs it in at start-up with `refusal_rule_set`, so
this bottom layer imports no app and every app's views still pass the same gate."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .twofactor import second_factor_pending

RefusalRule = Callable[[User | AnonymousUser], str | None]
_refusal_rule: list[RefusalRule] = []


def refusal_rule_set(rule: RefusalRule) -> None:
    """Install the rule that says why a user may not see client data (None when they may)."""
    _refusal_rule[:] = [rule]


def client_data_refusal(user: User | AnonymousUser) -> str | None:
    """Why this user may not see any client data, or None when they may. Fails closed: with no
    rule installed, nobody passes."""
    if not _refusal_rule:
        return _("Client data is not available.")
    return _refusal_rule[0](user)


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
