"""Informing clients of the privacy notice (issue 20): the worker serving the client records it
on the file (first visit); after a material change the register contact lists the clients still
to inform and produces their letters (producing them records each client as informed by letter)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import actor, client_data_required
from core.pagination import page_of

from .. import services
from ..constants import AccessKind
from ..forms.informing import InformingForm
from ..models import PrivacyNotice
from ..selectors.informing import clients_still_to_inform, informing_batch_allowed, informing_status
from ..services.informing import client_informed, informing_letters_produce
from .reports import _file_response

PAGE_SIZE = 50


@client_data_required
@require_POST
def client_informing_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The worker serving the client records that the client was told of the current notice."""
    user = actor(request)
    client = services.client_open(user=user, pk=pk, kind=AccessKind.CLIENT_EDIT, detail="privacy notice informing")
    current = informing_status(client).current
    form = InformingForm(request.POST)
    if current is None:
        messages.error(request, _("No privacy notice has been published for the client's register."))
    elif not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            client_informed(actor=user, client=client, notice=current, how=form.cleaned_data["method"],
                            on=form.cleaned_data["informed_on"])
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        else:
            messages.success(request, _("Recorded that the client was informed of the privacy notice."))
    return redirect(client)


def _batch_notice(request: HttpRequest, notice_pk: int) -> PrivacyNotice:
    """The published material change, for the register contacts and admins who keep it; 404 for
    anyone else (another organisation learns nothing)."""
    notice = get_object_or_404(PrivacyNotice.objects.select_related("controller", "register"), pk=notice_pk)
    if not informing_batch_allowed(actor(request), notice) or not notice.material_change:
        raise Http404
    return notice


@client_data_required
@require_GET
def notice_informing(request: HttpRequest, notice_pk: int) -> HttpResponse:
    notice = _batch_notice(request, notice_pk)
    pending = clients_still_to_inform(notice, user=actor(request), today=timezone.localdate())
    pending = pending.select_related("register")
    return render(request, "clients/notices/informing.html", {
        "notice": notice,
        "letters": page_of(pending.filter(no_letters_home=False), request.GET.get("page"), PAGE_SIZE),
        "no_letters": page_of(pending.filter(no_letters_home=True), request.GET.get("other_page"), PAGE_SIZE),
    })


@client_data_required
@require_POST
def notice_informing_letters(request: HttpRequest, notice_pk: int) -> HttpResponse:
    """The letters of the clients ticked on the page (one client: one PDF of its own), still to be
    informed and with letters home allowed; each recorded as informed by letter."""
    notice = _batch_notice(request, notice_pk)
    user = actor(request)
    ids = [value for value in request.POST.getlist("client") if value.isdigit()][:PAGE_SIZE]
    clients = list(clients_still_to_inform(notice, user=user, today=timezone.localdate())
                   .filter(pk__in=ids, no_letters_home=False).select_related("register"))
    if not clients:
        messages.error(request, _("No clients to inform."))
        return redirect("clients:notice_informing", notice_pk=notice.pk)
    try:
        content = informing_letters_produce(actor=user, notice=notice, clients=clients, today=timezone.localdate())
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        return redirect("clients:notice_informing", notice_pk=notice.pk)
    which = f"client-{clients[0].pk}" if len(clients) == 1 else f"{len(clients)}-clients"
    filename = f"{_('privacy-notice-letters')}-v{notice.version}-{which}-{timezone.localdate():%Y-%m-%d}.pdf"
    return _file_response(content, content_type="application/pdf", filename=filename)
