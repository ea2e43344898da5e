"""The staff side of the client's own pages: the register contact's screen for withholding a part
of a client's data from those pages by law, and lifting it (the client file and the request page
link here). Any worker who may see the client reads it (each look logged); only the register
contact or an admin records or lifts a withholding (separation of duties:
clients.selectors.request_handling_refusal, asked again by the services)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.constants import AccessKind
from clients.selectors import request_handling_refusal
from clients.services import client_open
from core.access import actor, client_data_required

from . import services
from .forms import WithholdingForm
from .selectors import withholdings_of


@client_data_required
def withholdings(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the client's withholdings and, for the register contact, the form; POST: record one."""
    user = actor(request)
    client = client_open(user=user, pk=pk, kind=AccessKind.CLIENT_FILE, detail=_("Withheld from the own pages"))
    refusal = request_handling_refusal(user)
    form = WithholdingForm(request.POST or None)
    if request.method == "POST":
        if refusal is not None:
            return render(request, "403.html", {"reason": refusal}, status=403)
        if form.is_valid():
            try:
                services.withholding_record(actor=user, client=client, today=timezone.localdate(),
                                            **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The withholding is in force from today. The client's own pages "
                                            "say that part of the data is withheld, on what ground, and whom "
                                            "to ask; never what."))
                return redirect("portal_staff:withholdings", pk=client.pk)
    return render(request, "portal/staff_withholdings.html", {
        "client": client, "tab": "", "today": timezone.localdate(), "withholdings": withholdings_of(client),
        "form": form if refusal is None else None, "refusal": refusal,
    })


@client_data_required
def withholding_lift(request: HttpRequest, pk: int, withholding_pk: int) -> HttpResponse:
    """POST: the part is shown on the client's own pages again from today."""
    user = actor(request)
    client = client_open(user=user, pk=pk, kind=AccessKind.CLIENT_EDIT, detail=_("Withheld from the own pages"))
    if request.method != "POST":
        return redirect("portal_staff:withholdings", pk=client.pk)
    refusal = request_handling_refusal(user)
    if refusal is not None:
        return render(request, "403.html", {"reason": refusal}, status=403)
    withholding = get_object_or_404(withholdings_of(client), pk=withholding_pk)
    try:
        services.withholding_end(actor=user, withholding=withholding, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The withholding was lifted: the part is shown on the client's own pages "
                                    "from today."))
    return redirect("portal_staff:withholdings", pk=client.pk)
