"""Client-file pages: cases, granted services, visits, agreements, plan versions, corrections."""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import actor, client_data_required

from .. import services
from ..constants import AccessKind
from ..forms.file import (
    AgreementAmendForm,
    AgreementEndForm,
    AgreementForm,
    CaseCloseForm,
    CaseForm,
    CorrectionForm,
    EntryForm,
    GrantedServiceForm,
    PlanForm,
)
from ..forms.hours import HoursMonthForm
from ..forms.register import restriction_ground_field_add
from ..selectors.file import ENTRIES_PER_PAGE, client_service_file, entries_for_client, hours_for_month, month_bounds
from ..services import file as file_services

PLAN_FIELDS = [name for name in PlanForm.base_fields if name != "worker_signs"]


def _open(request: HttpRequest, pk: int, kind: str, detail: str) -> Any:
    return services.client_open(user=actor(request), pk=pk, kind=kind, detail=detail)


def file_tab(request: HttpRequest, client: Any, tab: str, template: str, **context: Any) -> HttpResponse:
    """One part of the client file, under the client's name and the tabs (clients/file/base.html)."""
    return render(request, template, {"client": client, "tab": tab, "today": timezone.localdate(), **context})


def _form_page(request: HttpRequest, client: Any, form: Any, title: str, **extra: Any) -> HttpResponse:
    context = {"client": client, "form": form, "title": title, **extra}
    return render(request, "clients/file/form.html", context)


def _saved(request: HttpRequest, client: Any, tab: str) -> HttpResponse:
    messages.success(request, _("The changes were saved."))
    return redirect(f"clients:{tab}", pk=client.pk)


@client_data_required
def services_tab(request: HttpRequest, pk: int) -> HttpResponse:
    """The services part; `?month=YYYY-MM` shows granted and delivered hours of that month (a
    bad month is said in words, with the current period's hours, never an error page)."""
    client = _open(request, pk, AccessKind.CLIENT_FILE, "services")
    context = client_service_file(client, today=timezone.localdate())
    month_form = HoursMonthForm(request.GET or None)
    month = month_form.cleaned_data["month"] if month_form.is_valid() else None
    if month is not None:
        first, last = month_bounds(month)
        context.update(hours=hours_for_month(client, month), hours_month=month,
                       previous_month=(first - datetime.timedelta(days=1)).strftime("%Y-%m"),
                       next_month=(last + datetime.timedelta(days=1)).strftime("%Y-%m"))
    response = file_tab(request, client, "services", "clients/file/services.html", month_form=month_form, **context)
    if month_form.is_bound and not month_form.is_valid():
        response.status_code = 400
    return response


@client_data_required
def consents_tab(request: HttpRequest, pk: int) -> HttpResponse:
    """The consents and prohibitions, read by the consents app's template tag (clients never
    imports consents)."""
    client = _open(request, pk, AccessKind.CLIENT_FILE, "consents")
    return file_tab(request, client, "consents", "clients/file/consents.html")


def _apply_service_errors(form: Any, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):  # e.g. the restriction's refusal (GDPR Art 18): the whole form
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@client_data_required
def case_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "case")
    form = CaseForm(request.POST or None, today=timezone.localdate())
    restriction_ground_field_add(form, client)
    if request.method == "POST" and form.is_valid():
        try:
            file_services.case_open(actor=actor(request), client=client, **form.cleaned_data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return _saved(request, client, "services")
    return _form_page(request, client, form, _("New case"))


@client_data_required
def case_close(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "case")
    case = get_object_or_404(client.cases, pk=case_pk)
    form = CaseCloseForm(request.POST or None, instance=case, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        file_services.case_close(actor=actor(request), case=case, closed_on=form.cleaned_data["closed_on"])
        return _saved(request, client, "services")
    return _form_page(request, client, form, _("Close case %(case)s") % {"case": case})


@client_data_required
def granted_service_create(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "service")
    case = get_object_or_404(client.cases, pk=case_pk)
    form = GrantedServiceForm(request.POST or None, today=timezone.localdate(),
                              initial={"commissioning_authority": client.commissioning_authority,
                                       "payment_commitment_reference": client.payment_commitment_reference})
    if request.method == "POST" and form.is_valid():
        try:
            file_services.granted_service_add(actor=actor(request), case=case, **form.cleaned_data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return _saved(request, client, "services")
    return _form_page(request, client, form, _("New granted service for %(case)s") % {"case": case})


@client_data_required
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "entry")
    today = timezone.localdate()
    form = EntryForm(request.POST or None, client=client, today=today, initial={"date": today})
    restriction_ground_field_add(form, client)
    if request.method == "POST" and form.is_valid():
        try:
            file_services.entry_record(actor=actor(request), client=client, **form.cleaned_data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return _saved(request, client, "entries")
    return _form_page(request, client, form, _("New visit or record"))


@client_data_required
def entry_list(request: HttpRequest, pk: int) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_FILE, "entries")
    page = Paginator(entries_for_client(client), ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return file_tab(request, client, "entries", "clients/file/entries.html", page=page)


def _agreement_terms(request: HttpRequest, form: AgreementForm) -> dict[str, Any]:
    """The form's terms; "I sign for the provider" makes the signed-in user the signatory."""
    data = dict(form.cleaned_data)
    if data.pop("provider_signs"):
        data.update(provider_signatory=actor(request), provider_signed_on=data["made_on"])
    return data


@client_data_required
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "agreement")
    today = timezone.localdate()
    form = AgreementForm(request.POST or None, today=today, client=client,
                         initial={"made_on": today, "valid_from": today})
    restriction_ground_field_add(form, client)
    if request.method == "POST" and form.is_valid():
        data = _agreement_terms(request, form)
        try:
            file_services.agreement_record(actor=actor(request), client=client, **data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return _saved(request, client, "services")
    return _form_page(request, client, form, _("New service agreement"))


@client_data_required
def agreement_end(request: HttpRequest, pk: int, service_agreement_pk: int) -> HttpResponse:
    """End an agreement with a date and a reason (issue 21); it stays readable as made."""
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "agreement")
    agreement = get_object_or_404(client.agreements, pk=service_agreement_pk)
    form = AgreementEndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    restriction_ground_field_add(form, client)
    if request.method == "POST" and form.is_valid():
        try:
            file_services.agreement_end(actor=actor(request), agreement=agreement, **form.cleaned_data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return _saved(request, client, "services")
    return _form_page(request, client, form, _("End the agreement %(service)s") % {"service": agreement.service})


@client_data_required
def agreement_amend(request: HttpRequest, pk: int, service_agreement_pk: int) -> HttpResponse:
    """Amend an agreement (issue 21): a new version, prefilled; the old one stays readable."""
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "agreement")
    agreement = get_object_or_404(client.agreements, pk=service_agreement_pk)
    today = timezone.localdate()
    initial = {name: getattr(agreement, name) for name in AgreementForm.Meta.fields
               if name not in file_services.AGREEMENT_SIGNATURES} | {"made_on": today}
    form = AgreementAmendForm(request.POST or None, today=today, client=client, initial=initial)
    restriction_ground_field_add(form, client)
    if request.method == "POST" and form.is_valid():
        data = _agreement_terms(request, form)
        try:
            file_services.agreement_amend(actor=actor(request), agreement=agreement, **data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return _saved(request, client, "services")
    return _form_page(request, client, form, _("Amend the agreement %(service)s") % {"service": agreement.service})


@client_data_required
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new plan version, prefilled from the current one."""
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "plan")
    today = timezone.localdate()
    current = client.plans.first()
    initial: dict[str, Any] = {"made_on": today}
    if current:
        initial.update({name: getattr(current, name) for name in PLAN_FIELDS
                        if name not in ("made_on", "review_on")})
    form = PlanForm(request.POST or None, today=today, client=client, initial=initial)
    restriction_ground_field_add(form, client)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.pop("worker_signs"):
            data["worker_signatory"] = actor(request)
        try:
            file_services.plan_version_create(actor=actor(request), client=client, **data)
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            return _saved(request, client, "services")
    title = _("New version of the service plan") if current else _("New service plan")
    return _form_page(request, client, form, title)


@client_data_required
def plan_detail(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_FILE, "plan")
    plan = get_object_or_404(client.plans.prefetch_related("corrections__corrected_by"), pk=plan_pk)
    return render(request, "clients/file/plan.html", {
        "client": client, "plan": plan, "is_current": plan.version == client.plans.first().version,
        "today": timezone.localdate(),
    })


@client_data_required
def correction_create(request: HttpRequest, pk: int, entry_pk: int | None = None,
                      plan_pk: int | None = None) -> HttpResponse:
    client = _open(request, pk, AccessKind.CLIENT_EDIT, "correction")
    entry = get_object_or_404(client.entries, pk=entry_pk) if entry_pk else None
    plan = get_object_or_404(client.plans, pk=plan_pk) if plan_pk else None
    target = entry or plan
    if target is None:
        raise Http404
    form = CorrectionForm(request.POST or None, target=target)
    if request.method == "POST" and form.is_valid():
        try:
            correction = file_services.correction_record(
                actor=actor(request), entry=entry, plan=plan, field=form.cleaned_data["field"],
                value=form.cleaned_data["value"], reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            recipients = file_services.correction_recipients(client=client, until=correction.corrected_at)
            return render(request, "clients/file/correction_done.html", {
                "client": client, "correction": correction, "recipients": recipients,
            })
    return _form_page(request, client, form, _("Correct an entry"), target=target)
