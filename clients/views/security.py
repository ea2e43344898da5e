"""Emergency access, the breach register and users' access logs. Thin: check access through a
selector, bind a form, call one service, render or redirect."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import actor, client_data_required

from ..constants import AccessKind
from ..forms.security import (
    AffectedClientsForm,
    BreachAuthorityForm,
    BreachForm,
    BreachNoticeForm,
    EmergencyAccessForm,
    EmergencyReviewForm,
)
from ..selectors import security as selectors
from ..services import register as register_services
from ..services import security as services

PAGE_SIZE = 50


def security_staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Register contact and admin pages: client data access first, then the role (403)."""

    @wraps(view)
    @client_data_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refusal = selectors.security_staff_refusal(request.user)
        if refusal is not None:
            return render(request, "403.html", {"reason": refusal}, status=403)
        return view(request, *args, **kwargs)

    return wrapper


# Security hub and emergency access -------------------------------------------------------------


@client_data_required
def security_index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    staff = selectors.security_staff_refusal(user) is None
    return render(request, "security/index.html", {
        "staff": staff,
        "unreviewed": selectors.emergency_accesses_for_review(user).filter(reviewed_at=None).count()
        if staff else 0,
    })


@client_data_required
def emergency_access(request: HttpRequest) -> HttpResponse:
    """Break the glass: an unassigned client of the user's own organisation, for a reason."""
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, grants = services.emergency_access_open(
                actor=actor(request), lookup=form.cleaned_data["client"],
                reason=form.cleaned_data["reason"], now=timezone.now(),
            )
        except services.EmergencyAccessRefused:
            form.add_error("client", _("No client of your organisation matches. Check the code or "
                                       "number."))
        else:
            if grants:
                messages.warning(request, _(
                    "Emergency access until %(time)s. Your reason and every view are logged and "
                    "reviewed by the register contact."
                ) % {"time": timezone.localtime(grants[0].expires_at).strftime("%d.%m.%Y %H:%M")})
            return redirect(client)
    return render(request, "security/emergency_form.html", {"form": form})


@security_staff_required
def emergency_review_list(request: HttpRequest) -> HttpResponse:
    accesses = selectors.emergency_accesses_for_review(actor(request))
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "security/emergency_review.html", {
        "page": page, "now": timezone.now(), "form": EmergencyReviewForm(),
    })


@security_staff_required
@require_POST
def emergency_review(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.emergency_access_for_review(actor(request), pk)
    form = EmergencyReviewForm(request.POST)
    if form.is_valid():
        services.emergency_access_review(actor=actor(request), access=access,
                                         note=form.cleaned_data["note"], now=timezone.now())
        messages.success(request, _("The emergency access was marked as reviewed."))
    else:
        messages.error(request, _("The review note is too long."))
    return redirect("clients:emergency_review_list")


# Breach register ---------------------------------------------------------------------------------


@security_staff_required
def breach_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    breaches = Paginator(selectors.breaches_visible_to(actor(request)), PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = [{"breach": b, "countdown": selectors.breach_countdown(b, now=now)} for b in breaches]
    return render(request, "security/breach_list.html", {"page": breaches, "rows": rows})


@security_staff_required
def breach_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = BreachForm(request.POST or None, clients=selectors.clients_visible_to(user))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in BreachForm.Meta.fields}
        breach = services.breach_create(actor=user, data=data, clients=form.affected_clients())
        messages.success(request, _("The breach was recorded. Notify the supervisory authority "
                                    "within 72 hours of its discovery."))
        return redirect(breach)
    return render(request, "security/breach_form.html", {"form": form})


def _breach_page(request: HttpRequest, breach: Any, **forms: Any) -> HttpResponse:
    user = actor(request)
    return render(request, "security/breach_detail.html", {
        "breach": breach,
        "countdown": selectors.breach_countdown(breach, now=timezone.now()),
        "affected": selectors.breach_affected_clients(breach, user),
        "authority_form": forms.get("authority_form") or BreachAuthorityForm(breach=breach),
        "clients_form": forms.get("clients_form") or AffectedClientsForm(
            clients=selectors.clients_visible_to(user)),
    })


@security_staff_required
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _breach_page(request, selectors.breach_get(actor(request), pk))


@security_staff_required
@require_POST
def breach_authority(request: HttpRequest, pk: int) -> HttpResponse:
    breach = selectors.breach_get(actor(request), pk)
    form = BreachAuthorityForm(request.POST, breach=breach)
    if not form.is_valid():
        return _breach_page(request, breach, authority_form=form)
    services.breach_authority_report(actor=actor(request), breach=breach,
                                     reported_at=form.cleaned_data["reported_at"],
                                     reference=form.cleaned_data["reference"])
    messages.success(request, _("The notification to the supervisory authority was recorded."))
    return redirect(breach)


@security_staff_required
@require_POST
def breach_clients_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    breach = selectors.breach_get(user, pk)
    form = AffectedClientsForm(request.POST, clients=selectors.clients_visible_to(user))
    if not form.is_valid():
        return _breach_page(request, breach, clients_form=form)
    services.breach_clients_add(actor=user, breach=breach, clients=form.affected_clients())
    messages.success(request, _("The affected clients were added."))
    return redirect(breach)


@security_staff_required
def breach_notice(request: HttpRequest, pk: int, client_pk: int) -> HttpResponse:
    """The notice to one affected client: the email text in their language, the PDF letter, and
    recording that it was sent."""
    user = actor(request)
    breach = selectors.breach_get(user, pk)
    selectors.breach_affected_client(breach, user, client_pk)
    client = register_services.client_open(user=user, pk=client_pk, kind=AccessKind.EXPORT,
                                           detail="breach notice")
    form = BreachNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.breach_notice_record(actor=user, breach=breach, client=client,
                                      channel=form.cleaned_data["channel"], now=timezone.now())
        messages.success(request, _("The notice was recorded as sent."))
        return redirect(breach)
    return render(request, "security/breach_notice.html", {
        "breach": breach, "client": client, "form": form,
        "email": selectors.breach_notice_email(breach, client),
        "notices": breach.notices.filter(client=client).select_related("recorded_by"),
    })


@security_staff_required
def breach_notice_pdf(request: HttpRequest, pk: int, client_pk: int) -> HttpResponse:
    user = actor(request)
    breach = selectors.breach_get(user, pk)
    selectors.breach_affected_client(breach, user, client_pk)
    client = register_services.client_open(user=user, pk=client_pk, kind=AccessKind.EXPORT,
                                           detail="breach notice letter (PDF)")
    pdf = selectors.breach_notice_letter_pdf(breach, client, today=timezone.localdate())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="breach-{breach.pk}-client-{client.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# Users ------------------------------------------------------------------------------------------


@security_staff_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = Paginator(selectors.organisation_users(actor(request)), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "security/user_list.html", {"page": users})


@security_staff_required
def user_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    """What one user of the organisation has looked at (käyttöloki by user)."""
    subject = selectors.organisation_user(actor(request), pk)
    entries = Paginator(selectors.user_access_entries(actor(request), subject), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "security/user_access_log.html", {"subject": subject, "page": entries})
