"""The breach register: record a breach, its report to the supervisory authority, the affected
clients and the notice to each. Thin: check access, bind a form, call one service, render or
redirect."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import actor

from ..constants import AccessKind
from ..forms.breaches import (
    AffectedClientsForm,
    BreachAssessmentForm,
    BreachAuthorityForm,
    BreachDecisionForm,
    BreachForm,
    BreachNoticeForm,
)
from ..selectors import breaches as selectors
from ..selectors.register import clients_visible_to
from ..services import breaches as services
from ..services import register as register_services
from .oversight import PAGE_SIZE, security_staff_required


@security_staff_required
def breach_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    breaches = Paginator(selectors.breaches_visible_to(actor(request)), PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = [{"breach": b, "countdown": selectors.breach_countdown(b, now=now)} for b in breaches]
    return render(request, "clients/breaches/list.html", {"page": breaches, "rows": rows})


@security_staff_required
def breach_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = BreachForm(request.POST or None, clients=clients_visible_to(user))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in BreachForm.Meta.fields}
        breach = services.breach_create(actor=user, **fields, clients=form.affected_clients())
        messages.success(request, _("The breach was recorded. Notify the supervisory authority "
                                    "within 72 hours of its discovery."))
        return redirect(breach)
    return render(request, "clients/breaches/form.html", {"form": form})


def _breach_page(request: HttpRequest, breach: Any, **forms: Any) -> HttpResponse:
    user = actor(request)
    fresh = selectors.breach_get(user, breach.pk)  # the forms show what is stored, not a refused change
    return render(request, "clients/breaches/detail.html", {
        "breach": fresh,
        "countdown": selectors.breach_countdown(fresh, now=timezone.now()),
        "affected": selectors.breach_affected_clients(fresh, user),
        "summary": selectors.breach_notice_summary(fresh),
        "authority_form": forms.get("authority_form") or BreachAuthorityForm(breach=fresh),
        "assessment_form": forms.get("assessment_form") or BreachAssessmentForm(instance=fresh),
        "decision_form": forms.get("decision_form") or BreachDecisionForm(instance=fresh),
        "clients_form": forms.get("clients_form") or AffectedClientsForm(
            clients=clients_visible_to(user)),
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
    try:
        services.breach_authority_report(actor=actor(request), breach=breach,
                                         reported_at=form.cleaned_data["reported_at"],
                                         reference=form.cleaned_data["reference"],
                                         late_reasons=form.cleaned_data["late_reasons"])
    except ValidationError as exc:
        field = "late_reasons" if exc.code == "late_without_reasons" else None
        form.add_error(field, exc)
        return _breach_page(request, breach, authority_form=form)
    messages.success(request, _("The notification to the supervisory authority was recorded."))
    return redirect(breach)


@security_staff_required
@require_POST
def breach_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    breach = selectors.breach_get(actor(request), pk)
    form = BreachAssessmentForm(request.POST, instance=selectors.breach_get(actor(request), pk))
    if not form.is_valid():
        return _breach_page(request, breach, assessment_form=form)
    services.breach_assessment_record(actor=actor(request), breach=breach, **form.cleaned_data)
    messages.success(request, _("The risk assessment was recorded."))
    return redirect(breach)


@security_staff_required
@require_POST
def breach_decision(request: HttpRequest, pk: int) -> HttpResponse:
    breach = selectors.breach_get(actor(request), pk)
    form = BreachDecisionForm(request.POST, instance=selectors.breach_get(actor(request), pk))
    if not form.is_valid():
        return _breach_page(request, breach, decision_form=form)
    data = form.cleaned_data
    try:
        services.breach_decision_record(
            actor=actor(request), breach=breach, authority_decision=data["authority_decision"],
            authority_reasons=data["authority_decision_reasons"], subjects_decision=data["subjects_decision"],
            subjects_reasons=data["subjects_decision_reasons"], notice_due=data["subjects_notice_due"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return _breach_page(request, breach, decision_form=form)
    messages.success(request, _("The decisions on notifying were recorded."))
    return redirect(breach)


@security_staff_required
def breach_documentation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The breach's own documentation (GDPR Art 33(5)), without any client's identity."""
    breach = selectors.breach_get(actor(request), pk)
    pdf = selectors.breach_documentation_pdf(breach, now=timezone.now())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="breach-{breach.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@security_staff_required
@require_POST
def breach_clients_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = actor(request)
    breach = selectors.breach_get(user, pk)
    form = AffectedClientsForm(request.POST, clients=clients_visible_to(user))
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
        try:
            services.breach_notice_record(actor=user, breach=breach, client=client,
                                          channel=form.cleaned_data["channel"], now=timezone.now())
        except ValidationError as exc:  # the client's contact preferences
            form.add_error("channel", exc.message_dict.get("channel", exc.messages))
        else:
            messages.success(request, _("The notice was recorded as sent."))
            return redirect(breach)
    return render(request, "clients/breaches/notice.html", {
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
