"""The service plan and the service agreement as PDFs to print and sign; every download is in the
client's access log like the other PDFs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import actor, client_data_required

from .. import services
from ..constants import AccessKind, RestrictedAct
from ..selectors.printouts import service_agreement_pdf, service_plan_pdf
from .outputs import plain, restricted_output
from .reports import _file_response


@client_data_required
def plan_pdf(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.EXPORT, detail="service plan PDF")
    plan = get_object_or_404(client.plans.select_related("worker_signatory"), pk=plan_pk)
    filename = f"{_('service-plan')}-{client.pk}-v{plan.version}-{timezone.localdate():%Y-%m-%d}.pdf"
    return plain(restricted_output(request, client, act=RestrictedAct.PRINTOUT, produce=lambda: _file_response(
        service_plan_pdf(plan), content_type="application/pdf", filename=filename)))


@client_data_required
def agreement_pdf(request: HttpRequest, pk: int, service_agreement_pk: int) -> HttpResponse:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.EXPORT,
                                  detail="service agreement PDF")
    agreement = get_object_or_404(client.agreements.select_related("provider_signatory"), pk=service_agreement_pk)
    filename = f"{_('service-agreement')}-{client.pk}-{agreement.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    return plain(restricted_output(request, client, act=RestrictedAct.PRINTOUT, produce=lambda: _file_response(
        service_agreement_pdf(agreement), content_type="application/pdf", filename=filename)))


@client_data_required
@require_POST
def restriction_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """GDPR Art 18(3): the letter to the client before the restriction is lifted; the register
    contact's lift of the restriction waits until it has been produced. Producing it is recorded,
    so it is a POST: a link or a prefetching browser cannot record it. It is the restriction's own
    letter to the client, so it does not ask for an Art 18(2) ground (views/outputs.py)."""
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.CLIENT_FILE,
                                  detail="restriction lift letter")
    try:
        content = services.restriction_lift_letter(actor=actor(request), client=client)
    except (PermissionDenied, ValidationError) as exc:  # not the register contact, or not restricted
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        return redirect(client)
    filename = f"{_('restriction-letter')}-{client.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    return _file_response(content, content_type="application/pdf", filename=filename)
