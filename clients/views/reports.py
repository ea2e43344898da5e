"""Reports: the monthly summary to a commissioning authority and the client-file PDF."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from core.access import actor, client_data_required

from .. import selectors, services
from ..constants import AccessKind, RestrictedAct
from ..forms.documents import MonthlySummaryForm
from ..models import Client
from .outputs import plain, restricted_output


def _file_response(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _previous_month(today: datetime.date) -> str:
    last_month = today.replace(day=1) - datetime.timedelta(days=1)
    return f"{last_month:%Y-%m}"


@client_data_required
@require_http_methods(["GET", "POST"])
def monthly_summary(request: HttpRequest) -> HttpResponse:
    """GET previews the summary (nothing disclosed); POST with format csv or pdf produces the
    file and records the disclosures."""
    user = actor(request)
    refusal = selectors.summary_refusal(user)
    if refusal is not None:
        return render(request, "403.html", {"reason": refusal}, status=403)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = MonthlySummaryForm(data, authorities=selectors.commissioning_authorities_for(user),
                              initial={"month": _previous_month(today)})
    preview = None
    if form.is_bound and form.is_valid():
        year, month = form.year_month
        authority = form.cleaned_data["authority"]
        file_format = request.POST.get("format")
        if request.method == "POST" and file_format in services.SUMMARY_FORMATS:
            produced = services.monthly_summary_produce(
                actor=user, authority=authority, year=year, month=month, file_format=file_format)
            if produced.withheld:
                count = len(produced.withheld)
                messages.warning(request, ngettext(
                    "%(count)d client was left out of the summary: their data may not be disclosed.",
                    "%(count)d clients were left out of the summary: their data may not be disclosed.",
                    count,
                ) % {"count": count})
            return _file_response(produced.content, content_type=produced.content_type,
                                  filename=produced.filename)
        preview = services.monthly_summary_preview(actor=user, authority=authority, year=year,
                                                   month=month, today=today)
    return render(request, "clients/reports/monthly_summary.html", {"form": form, "preview": preview})


CLIENT_PDF_DETAIL = "client-file PDF"


def _client_pdf_response(client: Client, content: bytes) -> HttpResponse:
    filename = f"{_('client-file')}-{client.pk}-{timezone.localdate():%Y-%m-%d}.pdf"
    return _file_response(content, content_type="application/pdf", filename=filename)


@client_data_required
@require_POST
def client_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole client file as a PDF, handed to the client; for a restricted client only on an
    Art 18(2) ground recorded for it (views/outputs.py). POST only: making it is logged. For a
    client with many entries a job makes it (services.file_jobs) and the file waits on the client
    file, handed out by `client_pdf_job_download` after the same checks."""
    user = actor(request)
    jobs = services.client_file_jobs()
    heavy = jobs is not None and jobs.is_heavy(pk)
    client = services.client_open(user=user, pk=pk, kind=AccessKind.EXPORT,
                                  detail=f"{CLIENT_PDF_DETAIL}, queued" if heavy else CLIENT_PDF_DETAIL)

    def produce() -> HttpResponse:
        if jobs is not None and heavy:
            jobs.queue(actor=user, client=client)
            messages.success(request, _("The client file is being produced as PDF. It will be ready for "
                                        "download on this page."))
            return redirect(client)
        return _client_pdf_response(client, selectors.client_file_pdf(client))

    return plain(restricted_output(request, client, act=RestrictedAct.PDF, produce=produce))


def _client_file_jobs() -> services.ClientFileJobs:
    jobs = services.client_file_jobs()
    if jobs is None:
        raise Http404
    return jobs


@client_data_required
@require_POST
def client_pdf_job_download(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """The client-file PDF a job made, handed out exactly as the one made at once: the same
    access check and access-log entry, the same restriction check; its SHA-256 checked."""
    jobs = _client_file_jobs()
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.EXPORT, detail=CLIENT_PDF_DETAIL)

    def produce() -> HttpResponse:
        try:
            content = jobs.content(client=client, job_pk=job_pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(client)
        return _client_pdf_response(client, content)

    return plain(restricted_output(request, client, act=RestrictedAct.PDF, produce=produce))


@client_data_required
@require_POST
def client_pdf_job_retry(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    jobs = _client_file_jobs()
    user = actor(request)
    client = services.client_open(user=user, pk=pk, kind=AccessKind.EXPORT, detail=f"{CLIENT_PDF_DETAIL}, queued")

    def produce() -> HttpResponse:
        try:
            jobs.retry(actor=user, client=client, job_pk=job_pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The document is being produced again."))
        return redirect(client)

    return plain(restricted_output(request, client, act=RestrictedAct.PDF, produce=produce))
