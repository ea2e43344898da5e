"""The Django admin behind the same sign-in as the rest of the app: password (with the axes
lockout), then the second factor. Nobody reaches an admin page with a password alone."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.twofactor import second_factor_pending


class SecureAdminSite(admin.AdminSite):
    site_header = _("Asiakasrekisteri – administration")
    site_title = _("Asiakasrekisteri – administration")
    index_title = _("Registers, users and rules")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and not second_factor_pending(request.user)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """The app's own sign-in and second-factor pages, never a second login form."""
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        if not request.user.is_authenticated:
            return redirect_to_login(target)
        if second_factor_pending(request.user):
            return redirect(f"{reverse('two_factor_verify')}?{urlencode({REDIRECT_FIELD_NAME: target})}")
        # Signed in but not staff: the admin explains that this account has no access.
        return super().login(request, extra_context)
