"""Sign-in with a second factor and the user's own account pages. Thin: bind a form, call one
service, render or redirect."""

from collections.abc import Callable
from functools import wraps
from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from core.access import actor

from . import selectors, services
from .forms import SecondFactorForm, SignInForm, TOTPConfirmForm


def _next_url(request: HttpRequest) -> str:
    """Where to continue after the second factor: a local `next`, or the front page."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("dashboard")


def _with_next(url_name: str, target: str) -> str:
    return f"{reverse(url_name)}?{urlencode({REDIRECT_FIELD_NAME: target})}"


def account_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The user's own account pages: signed in, and past the second factor where it applies."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if selectors.second_factor_pending(request.user):
            return redirect(_with_next("two_factor_verify", request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapper


# Sign-in ---------------------------------------------------------------------------------------


class SignInView(LoginView):
    """Password first (django-axes counts the failures), then the second factor."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = SignInForm

    def get_success_url(self) -> str:
        target = super().get_success_url()
        user = self.request.user
        if selectors.second_factor_pending(user):
            step = "two_factor_verify" if selectors.has_second_factor(user) else "two_factor_setup"
            return _with_next(step, target)
        return target


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    target = _next_url(request)
    if not selectors.has_second_factor(user):
        return redirect(_with_next("two_factor_setup", target))
    if not selectors.second_factor_pending(user):
        return redirect(target)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.second_factor_verify(actor=user, token=form.cleaned_data["token"])
        if device is not None:
            request.session.cycle_key()
            django_otp.login(request, device)
            return redirect(target)
        form.add_error("token", _("The code was not accepted. Check it and try again; after "
                                  "several wrong codes you must wait a moment between tries."))
    return render(request, "accounts/two_factor_verify.html", {
        "form": form, "next": target, "has_authenticator": selectors.has_authenticator(user),
    })


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: secret and QR code (made on the server), confirm with a code,
    then the backup codes, shown once."""
    user = actor(request)
    target = _next_url(request)
    if selectors.has_authenticator(user):
        if selectors.second_factor_pending(user):
            return redirect(_with_next("two_factor_verify", target))
        return redirect("account")
    device = services.totp_device_start(actor=user)
    form = TOTPConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(actor=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            request.session.cycle_key()
            django_otp.login(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "next": target})
        form.add_error("token", _("The code was not accepted. Check the time on your phone and "
                                  "enter the code the app shows now."))
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "next": target, "qr": selectors.totp_qr_data_uri(device),
        "secret": selectors.totp_secret_display(device),
    })


@account_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if request.method == "POST":
        if not selectors.has_authenticator(user):
            return redirect("two_factor_setup")
        codes = services.backup_codes_create(actor=user)
        return render(request, "accounts/backup_codes.html", {"codes": codes,
                                                                 "next": reverse("account")})
    return render(request, "accounts/backup_codes_status.html", {
        "left": selectors.backup_codes_left(user),
    })


@account_required
def account(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    return render(request, "accounts/account.html", {
        "has_authenticator": selectors.has_authenticator(user),
        "backup_codes_left": selectors.backup_codes_left(user),
    })


@account_required
def password_change(request: HttpRequest) -> HttpResponse:
    """A new password signs the user out everywhere else; this session stays."""
    user = actor(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(actor=user, new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password was changed. Every other session was signed out."))
        return redirect("account")
    return render(request, "accounts/password_change.html", {"form": form})
