"""Thin views over the requests services: the register contact's queue and request pages, and
registering a request from the client file."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from clients import services as client_services
from clients.access import actor, client_data_required
from clients.constants import AccessKind

from . import selectors, services
from .forms import DecideForm, ExtendForm, RequestForm, VerifyForm
from .models import DataSubjectRequest


def _open(request: HttpRequest, pk: int) -> DataSubjectRequest:
    """The request if its client is visible to the user (404 otherwise), with the look logged."""
    found = DataSubjectRequest.objects.filter(pk=pk).select_related("client").first()
    if found is None:
        raise Http404
    client_services.client_open(user=actor(request), pk=found.client_id, kind=AccessKind.CLIENT_FILE,
                                detail=f"request {pk}")
    return found


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@client_data_required
def request_queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = selectors.request_queue(actor(request), today=today)
    return render(request, "requests/queue.html", {
        "rows": rows, "today": today,
        "overdue": sum(row.overdue for row in rows), "due_soon": sum(row.due_soon for row in rows),
    })


@client_data_required
def request_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = client_services.client_open(user=actor(request), pk=client_pk, kind=AccessKind.CLIENT_EDIT,
                                         detail="request")
    form = RequestForm(request.POST or None, client=client, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        key = data.pop("submission_key")
        try:
            created = services.request_register(actor=actor(request), client=client, data=data,
                                                submission_key=key, today=timezone.localdate())
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The request was registered."))
            return redirect("requests:detail", pk=created.pk)
    return render(request, "requests/form.html", {"form": form, "client": client,
                                                  "title": _("Register a data-subject request")})


@client_data_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = _open(request, pk)
    forms = {
        "verify": VerifyForm(prefix="verify"),
        "extend": ExtendForm(prefix="extend"),
        "decide": DecideForm(prefix="decide"),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if action in forms:
        form = forms[action] = {
            "verify": lambda: VerifyForm(request.POST, prefix="verify"),
            "extend": lambda: ExtendForm(request.POST, prefix="extend"),
            "decide": lambda: DecideForm(request.POST, prefix="decide"),
        }[action]()
        if form.is_valid():
            try:
                _act(request, dsr, action, form.cleaned_data)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("requests:detail", pk=dsr.pk)
        dsr.refresh_from_db()
    today = timezone.localdate()
    return render(request, "requests/detail.html", {
        "dsr": dsr, "client": dsr.client, "today": today, "forms": forms,
        "refusal": selectors.requester_refusal(dsr),
        "earlier_access_requests": selectors.access_requests_in_previous_year(dsr),
        "recipients": selectors.art19_recipients(dsr),
        "notifications": list(dsr.notifications.all()),
    })


def _act(request: HttpRequest, dsr: DataSubjectRequest, action: str, data: dict[str, Any]) -> None:
    user = actor(request)
    if action == "verify":
        services.request_verify_identity(actor=user, request=dsr, method=data["verification_method"])
    elif action == "extend":
        services.request_extend(actor=user, request=dsr, reason=data["extension_reason"],
                                notified_on=data["extension_notified_on"])
    else:
        services.request_decide(actor=user, request=dsr, **data)


@client_data_required
def access_log_report(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = _open(request, pk)
    report = selectors.access_log_report(dsr, now=timezone.now())
    return render(request, "requests/access_log.html", {"dsr": dsr, "client": dsr.client, "report": report})
