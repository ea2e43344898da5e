"""The client file's disclosure log and its two actions: record a disclosure (asked of the one
decision; refused with its reason) and record data received from a source."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import actor, client_data_required

from .. import services
from ..constants import AccessKind, DisclosureDirection
from ..forms.disclosures import DisclosureForm
from ..selectors.disclosures import disclosures_for_client
from .file import file_tab


def _open(request: HttpRequest, pk: int, kind: str, detail: str) -> Any:
    return services.client_open(user=actor(request), pk=pk, kind=kind, detail=detail)


@client_data_required
def disclosure_list(request: HttpRequest, pk: int) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_FILE, "disclosures")
    return file_tab(request, client, "disclosures", "clients/file/disclosures.html",
                    disclosures=disclosures_for_client(client))


def _when(day: datetime.date) -> datetime.datetime:
    now = timezone.localtime()
    return now if day == now.date() else timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _record(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_EDIT, f"disclosure {direction}")
    today = timezone.localdate()
    form = DisclosureForm(request.POST or None, client=client, direction=direction, today=today,
                          initial={"on": today})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.disclosure_record(
                actor=actor(request), client=client, direction=direction,
                recipient_kind=data["recipient_kind"], recipient_name=data["recipient_name"].strip(),
                representative=data["representative"], content=data["content"],
                legal_basis=data["legal_basis"].strip(), when=_when(data["on"]),
                restriction_ground=data.get("restriction_ground") or "",
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The disclosure was recorded.") if direction == DisclosureDirection.OUT
                             else _("The data received was recorded."))
            return redirect("clients:disclosures", pk=client.pk)
    title = _("Record a disclosure") if direction == DisclosureDirection.OUT else _("Record data received")
    response = render(request, "clients/file/form.html", {"client": client, "form": form, "title": title})
    if form.errors:
        response.status_code = 400
    return response


@client_data_required
def disclosure_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, DisclosureDirection.OUT)


@client_data_required
def received_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _record(request, pk, DisclosureDirection.IN)
