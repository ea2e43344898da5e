"""Thin views over the requests services: the register contact's queue and request pages,
registering a request from the client file, and what the client receives (downloads, erasure,
withdrawals, Art 19 notifications)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clients import services as client_services
from clients.constants import AccessKind
from clients.selectors import registers_visible_to
from core.access import actor, client_data_required

from . import outputs, selectors, services
from .constants import LetterChannel, LetterKind
from .forms import (
    AnswerForm,
    Art19Form,
    AssignForm,
    DecideForm,
    ExtendForm,
    NoteForm,
    QueueFilterForm,
    RefuseUnverifiedForm,
    RequestForm,
    VerifyForm,
)
from .models import DataSubjectRequest

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


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
    user = actor(request)
    form = QueueFilterForm(request.GET or None, handlers=selectors.request_handlers(user),
                           registers=registers_visible_to(user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.QueueFilters(
        state=data.get("state") or "open", type=data.get("type") or "",
        handler_id=data["handler"].pk if data.get("handler") else None,
        register_id=data["register"].pk if data.get("register") else None,
        received_from=data.get("received_from"), received_to=data.get("received_to"),
        client_id=data.get("client"), q=data.get("q") or "")
    rows = selectors.request_queue(user, today=today, filters=filters)
    return render(request, "requests/queue.html", {
        "rows": rows, "today": today, "form": form, "state": filters.state,
        "overdue": sum(row.overdue for row in rows), "due_soon": sum(row.due_soon for row in rows),
    })


@client_data_required
def request_create(request: HttpRequest, client_pk: int) -> HttpResponse:
    client = client_services.client_open(user=actor(request), pk=client_pk, kind=AccessKind.CLIENT_EDIT,
                                         detail="request")
    form = RequestForm(request.POST or None, client=client, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_register(actor=actor(request), client=client, today=timezone.localdate(),
                                                **form.cleaned_data)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The request was registered."))
            return redirect("requests:detail", pk=created.pk)
    return render(request, "requests/form.html", {"form": form, "client": client,
                                                  "title": _("Register a data-subject request")})


# The handler's actions on the request page, each a form (which are on offer: the selector).
ACTION_FORMS: dict[str, type[forms.Form]] = {"verify": VerifyForm, "extend": ExtendForm, "decide": DecideForm,
                                             "refuse_unverified": RefuseUnverifiedForm, "assign": AssignForm,
                                             "note": NoteForm, "answer": AnswerForm}


@client_data_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = _open(request, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    bound = None
    if action in ACTION_FORMS:
        bound = ACTION_FORMS[action](request.POST, prefix=action, **_form_kwargs(request, dsr, action))
        if bound.is_valid():
            try:
                _act(request, dsr, action, bound.cleaned_data)
            except ValidationError as exc:
                _errors_to_form(bound, exc)
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("requests:detail", pk=dsr.pk)
        dsr.refresh_from_db()
    today = timezone.localdate()
    page = selectors.request_page(dsr, user=actor(request), today=today)
    initial = {"decide": page.decide_initial, "refuse_unverified": {"reasons": services.unverified_refusal_reasons()},
               "assign": {"handler": dsr.handler_id}}
    offered = page.forms + (("note",) if page.handles else ())
    action_forms = {name: ACTION_FORMS[name](prefix=name, initial=initial.get(name),
                                             **_form_kwargs(request, dsr, name))
                    for name in offered}
    if bound is not None and action in action_forms:  # with its errors
        action_forms[action] = bound
    return render(request, "requests/detail.html", {
        "dsr": dsr, "client": dsr.client, "today": today, "forms": action_forms,
        "refusal": page.requester_refusal,
        "earlier_access_requests": page.earlier_access_requests,
        "free_copy": page.free_copy,
        "recipients": page.recipients,
        "art19_items": page.art19_items,
        # Only the recipients still neither notified nor explained get a form (GDPR Art 19).
        "releases": page.releases,
        "notes": page.notes,
        "art19_forms": [(d, Art19Form(initial={"disclosure": d.pk, "notified_on": today},
                                      auto_id=f"id_art19_{d.pk}_%s")) for d in selectors.art19_pending(dsr)]
                       if page.art19 and page.handles else [],
        "notifications": page.notifications,
        "downloads": [(DOWNLOADS[offer.name], offer.refusal, page.document_jobs.get(offer.name))
                      for offer in page.downloads],
        "stalled_jobs": [job.pk for job in page.document_jobs.values() if selectors.document_job_stalled(job)],
        "may_erase": page.may_erase,
        "objection": page.objection,
        "consents_in_force": page.consents_in_force,
        "marketing_prohibition": page.marketing_prohibition,
        "handles": page.handles,
        "letters": page.letters,
        "letters_made": page.letters_made,
        "contact": page.contact,
    })


def _form_kwargs(request: HttpRequest, dsr: DataSubjectRequest, action: str) -> dict[str, Any]:
    """The decision form holds only the parts this request type takes; a handler is one of the
    organisation's register contacts or admins."""
    if action == "decide":
        return {"fields": selectors.decide_fields(dsr)}
    if action == "assign":
        return {"handlers": selectors.request_handlers(actor(request))}
    return {}


def _act(request: HttpRequest, dsr: DataSubjectRequest, action: str, data: dict[str, Any]) -> None:
    user = actor(request)
    if action == "verify":
        services.request_verify_identity(actor=user, request=dsr, method=data["verification_method"])
    elif action == "assign":
        services.request_assign(actor=user, request=dsr, handler=data["handler"])
    elif action == "note":
        services.request_note_add(actor=user, request=dsr, text=data["text"])
    elif action == "refuse_unverified":
        services.request_refuse_unverified(actor=user, request=dsr, reasons=data["reasons"])
    elif action == "answer":
        services.question_answer(actor=user, request=dsr, answer=data["answer"])
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


# What the client receives ------------------------------------------------------------------

@dataclass(frozen=True)
class Download:
    url_name: str
    label: "StrOrPromise"
    produce: Callable[..., bytes]
    content_type: str
    filename: "StrOrPromise"  # translated prefix; the client's number and the date follow
    extension: str


# How each document the selector offers (`selectors.request_downloads`) is made and served.
DOWNLOADS = {
    "access_report": Download(
        "requests:access_report_pdf", gettext_lazy("Access report (PDF)"), outputs.access_report_pdf,
        "application/pdf", gettext_lazy("access-report"), "pdf"),
    "portability": Download(
        "requests:portability_zip", gettext_lazy("Machine-readable data (zip)"), outputs.portability_zip,
        "application/zip", gettext_lazy("personal-data"), "zip"),
    "access_log": Download(
        "requests:access_log_pdf", gettext_lazy("Access log (PDF)"), outputs.access_log_pdf,
        "application/pdf", gettext_lazy("access-log"), "pdf"),
    selectors.REFUSAL_CERTIFICATE: Download(
        "requests:refusal_certificate_pdf", gettext_lazy("Refusal certificate (PDF)"),
        outputs.refusal_certificate_pdf, "application/pdf", gettext_lazy("refusal-certificate"), "pdf"),
}


def _open_for_handout(request: HttpRequest, pk: int) -> DataSubjectRequest:
    """As `_open`, and 404 for a user who may not hand data out (a caseworker)."""
    dsr = _open(request, pk)
    if not selectors.may_handle(actor(request)):
        raise Http404
    return dsr


def _download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    dsr = _open_for_handout(request, pk)
    if request.method != "POST":  # making the file records a disclosure: never on a plain GET
        return HttpResponseNotAllowed(["POST"])
    download = DOWNLOADS[name]
    try:
        if selectors.document_is_heavy(dsr, name):
            # Too heavy to make in this request: a job makes it, the file waits on the request page.
            services.document_job_queue(actor=actor(request), request=dsr, document=name)
            messages.success(request, _("The document is being produced. It will be ready for download on "
                                        "this page."))
            return redirect("requests:detail", pk=dsr.pk)
        content = download.produce(actor=actor(request), request=dsr)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("requests:detail", pk=dsr.pk)
    return _file_response(content, download, dsr)


def _file_response(content: bytes, download: Download, dsr: DataSubjectRequest) -> HttpResponse:
    filename = f"{download.filename}-{dsr.client_id}-{timezone.localdate():%Y-%m-%d}.{download.extension}"
    response = HttpResponse(content, content_type=download.content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@client_data_required
@require_POST
def document_job_download(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """The file a job made: released and recorded now, as any download (POST only)."""
    dsr = _open_for_handout(request, pk)
    job = get_object_or_404(dsr.document_jobs.all(), pk=job_pk)
    try:
        content = services.document_job_release(actor=actor(request), request=dsr, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("requests:detail", pk=dsr.pk)
    return _file_response(content, DOWNLOADS[job.document], dsr)


@client_data_required
@require_POST
def document_job_retry(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    dsr = _open_for_handout(request, pk)
    job = get_object_or_404(dsr.document_jobs.all(), pk=job_pk)
    try:
        services.document_job_retry(actor=actor(request), request=dsr, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The document is being produced again."))
    return redirect("requests:detail", pk=dsr.pk)


@client_data_required
def access_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "access_report")


@client_data_required
def portability_zip(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "portability")


@client_data_required
def access_log_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "access_log")


@client_data_required
def refusal_certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "refusal_certificate")


@client_data_required
@require_POST
def letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A letter to the requester, as a PDF (channel "pdf") or by email (channel "email"). Making or
    sending it is recorded, so only a POST does: a GET (a link, a prefetch) answers 405 and
    neither opens the request nor records anything. Who may: `outputs.letter_pdf` and
    `outputs.letter_email` ask (a caseworker is refused, 403)."""
    if kind not in LetterKind.values:
        raise Http404
    dsr = _open(request, pk)
    user = actor(request)
    try:
        if request.POST.get("channel") == LetterChannel.EMAIL:
            outputs.letter_email(actor=user, request=dsr, kind=kind)
        else:
            content = outputs.letter_pdf(actor=user, request=dsr, kind=kind)
            filename = f"{_('letter')}-{kind}-{dsr.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
            response = HttpResponse(content, content_type="application/pdf")
            response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
            response["X-Content-Type-Options"] = "nosniff"
            response["Cache-Control"] = "private, no-store"
            return response
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The letter was sent by email to the client."))
    return redirect("requests:detail", pk=dsr.pk)


@client_data_required
def erasure(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows what will be erased and what is kept; POST erases it."""
    dsr = _open_for_handout(request, pk)
    if request.method == "POST":
        try:
            result = services.request_erasure_carry_out(actor=actor(request), request=dsr)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _(
                "Erased marketing consents: %(consents)s; email list entries: %(subscribers)s. "
                "Complete the request as partially refused with the reasons below."
            ) % {"consents": result.consents_erased, "subscribers": result.subscribers_erased})
        return redirect("requests:detail", pk=dsr.pk)
    plan = selectors.erasure_plan(dsr)
    return render(request, "requests/erasure_confirm.html", {
        "dsr": dsr, "client": dsr.client, "plan": plan, "refusal": selectors.erasure_refusal(dsr),
        "refusal_reasons": selectors.erasure_refusal_reasons(plan),
    })


@client_data_required
@require_POST
def art19_notify(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = _open(request, pk)
    form = Art19Form(request.POST)
    recipients = {d.pk: d for d in selectors.art19_recipients(dsr)}
    if form.is_valid() and form.cleaned_data["disclosure"] in recipients:
        disclosure = recipients[form.cleaned_data["disclosure"]]
        try:
            services.art19_notify(actor=actor(request), request=dsr, disclosure=disclosure,
                                  recipient_name=disclosure.recipient_name, method=form.cleaned_data["method"],
                                  notified_on=form.cleaned_data["notified_on"],
                                  explanation=form.cleaned_data["explanation"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The notification of %(recipient)s was recorded.") % {
                "recipient": disclosure.recipient_name})
    else:
        messages.error(request, _("Give the date and how the recipient was notified, or why not."))
    return redirect("requests:detail", pk=dsr.pk)


@client_data_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    dsr = _open(request, pk)
    consent = get_object_or_404(dsr.client.consents.select_related("purpose"), pk=consent_pk)
    try:
        services.request_consent_withdraw(actor=actor(request), request=dsr, consent=consent)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consent “%(purpose)s” was withdrawn.") % {"purpose": consent.purpose.name})
    return redirect("requests:detail", pk=dsr.pk)


@client_data_required
@require_POST
def marketing_prohibit(request: HttpRequest, pk: int) -> HttpResponse:
    dsr = _open(request, pk)
    try:
        services.request_marketing_prohibit(actor=actor(request), request=dsr)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The direct-marketing prohibition was recorded."))
    return redirect("requests:detail", pk=dsr.pk)
