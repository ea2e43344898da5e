"""Thin views: every client-scoped page opens the client through `clients.services.client_open`
(404 and an access-log entry for a client the user may not see), binds a form, calls one
service and redirects back to the client file."""

import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clients.constants import AccessKind
from clients.models import Client
from clients.services import client_open
from core.access import actor, client_data_required
from core.csv import csv_cell

from . import selectors, services
from .forms import ConsentForm, ExportForm, LiftForm, ProhibitionForm, WithdrawForm
from .models import local_day


def _back(client: Client) -> HttpResponse:
    return redirect("clients:consents", pk=client.pk)


@client_data_required
def consent_give(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = client_open(user=actor(request), pk=client_pk, kind=AccessKind.CLIENT_EDIT,
                         detail="consent")
    form = ConsentForm(request.POST or None, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.consent_give(actor=actor(request), client=client, **form.cleaned_data)
        except services.ConsentRefused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The consent “%(purpose)s” was recorded.") % {
                "purpose": consent.purpose.name})
            return _back(client)
    return render(request, "consents/consent_form.html", {"form": form, "client": client})


@client_data_required
def consent_withdraw(request: HttpRequest, client_pk: int, pk: int) -> HttpResponse:
    client = client_open(user=actor(request), pk=client_pk, kind=AccessKind.CLIENT_EDIT,
                         detail="consent withdrawal")
    consent = get_object_or_404(client.consents.select_related("purpose", "recipient_representative"), pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(actor=actor(request), consent=consent, note=form.cleaned_data["note"])
        except services.ConsentRefused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The consent “%(purpose)s” was withdrawn. It no longer applies "
                                        "from today.") % {"purpose": consent.purpose.name})
            return _back(client)
    return render(request, "consents/consent_withdraw.html", {"form": form, "client": client,
                                                              "consent": consent})


@client_data_required
def prohibition_add(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = client_open(user=actor(request), pk=client_pk, kind=AccessKind.CLIENT_EDIT,
                         detail="prohibition")
    form = ProhibitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            prohibition = services.prohibition_add(actor=actor(request), client=client, **form.cleaned_data)
        except services.ConsentRefused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The prohibition “%(kind)s” was recorded.") % {
                "kind": prohibition.get_kind_display()})
            return _back(client)
    return render(request, "consents/prohibition_form.html", {"form": form, "client": client})


@client_data_required
def prohibition_lift(request: HttpRequest, client_pk: int, pk: int) -> HttpResponse:
    client = client_open(user=actor(request), pk=client_pk, kind=AccessKind.CLIENT_EDIT,
                         detail="prohibition lifting")
    prohibition = get_object_or_404(client.prohibitions.all(), pk=pk)
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.prohibition_lift(actor=actor(request), prohibition=prohibition,
                                      note=form.cleaned_data["note"])
        except services.ConsentRefused as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _("The prohibition “%(kind)s” was lifted.") % {
                "kind": prohibition.get_kind_display()})
            return _back(client)
    return render(request, "consents/prohibition_lift.html", {"form": form, "client": client,
                                                              "prohibition": prohibition})


@client_data_required
def marketing_export(request: HttpRequest) -> HttpResponse:
    """Register contacts and admins download an email list: one column of addresses."""
    user = actor(request)
    if not selectors.may_export_marketing(user):
        return render(request, "403.html", {
            "reason": _("Only register contacts and admins export email lists.")}, status=403)
    purposes = selectors.exportable_purposes(user)
    form = ExportForm(request.POST or None, purposes=purposes)
    if request.method == "POST" and form.is_valid():
        result = services.marketing_export(actor=user, purpose=form.cleaned_data["purpose"])
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"{result.export.purpose.code}-{local_day(result.export.exported_at):%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        writer = csv.writer(response)
        writer.writerow(["email"])
        # An address may begin with = + - @: never let a spreadsheet run it as a formula.
        writer.writerows([csv_cell(email)] for email in result.emails)
        return response
    return render(request, "consents/export.html", {
        "form": form, "exports": selectors.recent_exports(purposes),
    })


# Public: the unsubscribe link in an email works without signing in. POST is exempt from CSRF
# so that mail clients' one-click unsubscribe (RFC 8058) works; the signed token is what
# authorises it, and it can only ever take its own address off its own list.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, purpose_pk: int, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            subscriber = services.unsubscribe_with_token(purpose_pk=purpose_pk, token=token)
        except services.InvalidToken:
            return render(request, "consents/unsubscribe_invalid.html", status=400)
        return render(request, "consents/unsubscribe_done.html", {"subscriber": subscriber})
    found = selectors.subscriber_for_token(purpose_pk=purpose_pk, token=token)
    if found is None:
        return render(request, "consents/unsubscribe_invalid.html", status=400)
    return render(request, "consents/unsubscribe.html", {"subscriber": found})
