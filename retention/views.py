"""Register contacts' and admins' retention pages: who falls due within two weeks (before
anything is deleted) and the forecast. Thin: access, one selector, render."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
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
from .forms import DeathsImportForm, ForecastForm
from .services import dates_of_death_import, death_query_export

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


@contact_or_admin_required
def deaths_view(request: HttpRequest) -> HttpResponse:
    """Statutory clients whose relationship ended long ago and who have no date of death (to ask
    the population register about), and the import of its answer file."""
    today = timezone.localdate()
    form = DeathsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = dates_of_death_import(actor=actor(request), data=form.cleaned_data["answer_file"], today=today)
        except ValidationError as error:
            form.add_error("answer_file", error)
    years = settings.RETENTION_DEATH_QUERY_YEARS
    clients = selectors.clients_awaiting_date_of_death(clients_visible_to(actor(request)), today=today, years=years)
    if request.method == "GET" and request.GET.get("download") == "csv":
        response = HttpResponse(death_query_export(actor=actor(request), clients=list(clients)),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="kuolinpaivakysely-{today:%Y-%m-%d}.csv"'
        return response
    return render(request, "retention/deaths.html", {
        "form": form, "report": report, "clients": clients[:500], "count": clients.count(), "years": years,
        "today": today,
    }, status=200)
