"""Register contacts' and admins' retention pages: who falls due within two weeks (before
anything is deleted) and the forecast. Thin: access, one selector, render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.selectors import clients_visible_to, user_roles
from core.access import actor, client_data_required
from core.roles import Role

from . import selectors
from .charts import forecast_chart
from .constants import NOTICE_DAYS
from .forms import ForecastForm

RETENTION_ROLES = frozenset({Role.ADMIN, Role.REGISTER_CONTACT})


def contact_or_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @client_data_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_roles(actor(request)) & RETENTION_ROLES:
            return render(request, "403.html", {
                "reason": _("Only register contacts and admins see what falls due for removal.")}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


@contact_or_admin_required
def due_soon_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = selectors.due_soon(clients_visible_to(actor(request)), today=today, days=NOTICE_DAYS)
    return render(request, "retention/due_soon.html", {"rows": rows, "today": today, "days": NOTICE_DAYS})


@contact_or_admin_required
def forecast_view(request: HttpRequest) -> HttpResponse:
    form = ForecastForm(request.GET or None)
    months = (form.cleaned_data.get("months") if form.is_valid() else None) or 12
    today = timezone.localdate()
    forecast = selectors.retention_forecast(clients_visible_to(actor(request)), today=today, months=months)
    return render(request, "retention/forecast.html", {
        "form": form, "forecast": forecast, "chart": forecast_chart(forecast), "today": today,
        "rows": [(rule, [m.counts.get(rule.pk, 0) for m in forecast.months], forecast.already_due.get(rule.pk, 0))
                 for rule in forecast.rules],
    })
