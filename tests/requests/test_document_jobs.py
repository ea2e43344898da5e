"""Issue 23: "Heavy documents off the request: access reports, client-file PDFs and portability
exports above a size are produced by a job, with progress shown on the request page and the file
waiting there when done (access-checked and logged like any download)."

Above REQUEST_DOCUMENT_JOB_ROWS rows the produce button queues a job (requests/jobs.py) and the
page comes back at once; the job makes and stores the file; the handler's download releases it
through the same function as a document made at once (requests/outputs/produce.py)."""

import dataclasses
import datetime
import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from pypdf import PdfReader

from clients.constants import AccessKind
from clients.models import AccessEntry, Disclosure
from clients.services import file as file_services
from requests import jobs, selectors, services
from requests.constants import JobState, RequestType
from requests.models import DocumentJob, Release
from requests.outputs import produce

from .test_outputs import decided_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def heavy(settings, caseworker, client_a):
    """A client whose file lists more entries than the threshold (lowered for the test)."""
    settings.REQUEST_DOCUMENT_JOB_ROWS = 3
    for day in range(1, 5):
        file_services.entry_record(actor=caseworker, client=client_a, date=datetime.date(2026, 10, day),
                                   duration_minutes=30, content=f"Kotikäynti {day}.")
    return client_a


def queued_jobs() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_name, args::text FROM procrastinate_jobs"
                       " WHERE queue_name = 'documents' ORDER BY id")
        return list(cursor.fetchall())


@pytest.fixture
def client(client):
    """The handler's browser, in English (the texts asserted here)."""
    client.cookies["django_language"] = "en"
    return client


def url(dsr, tail: str) -> str:
    return f"/requests/{dsr.pk}/{tail}"


def test_a_heavy_access_report_is_queued_comes_back_at_once_and_is_released_only_when_downloaded(
        client, contact, heavy, django_capture_on_commit_callbacks):
    dsr = decided_request(contact, heavy)
    client.force_login(contact)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(dsr, "access-report.pdf"))
    assert response.status_code == 302 and response["Location"] == url(dsr, "")
    job = DocumentJob.objects.get(request=dsr)
    assert (job.state, job.progress, job.queued_by) == (JobState.QUEUED, 0, contact)
    # The queue holds the job's number only: no client data in another organisation's sight.
    assert queued_jobs() == [("requests.document", f'{{"document_job_id": {job.pk}}}')]
    assert not Release.objects.filter(request=dsr).exists()  # nothing released yet
    page = client.get(url(dsr, "")).content.decode()
    assert "Waiting to be produced: 0 %" in page and "Refresh the page" in page

    jobs.request_document(document_job_id=job.pk)  # what a worker does with it

    job.refresh_from_db()
    assert (job.state, job.progress) == (JobState.DONE, 100)
    with default_storage.open(job.file_name, "rb") as stored:
        content = stored.read()
    assert hashlib.sha256(content).hexdigest() == job.sha256 and job.size_bytes == len(content)
    assert heavy.last_name not in job.file_name  # a random name
    assert not Disclosure.objects.filter(client=heavy, content__startswith="Tarkastusraportti").exists()
    page = client.get(url(dsr, "")).content.decode()
    assert url(dsr, f"documents/{job.pk}/download/") in page

    download = client.post(url(dsr, f"documents/{job.pk}/download/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content == content and PdfReader(io.BytesIO(download.content)).pages
    # Released and recorded as any download: the disclosure, the export, the released document.
    release = Release.objects.get(request=dsr)
    assert (release.sha256, release.released_by, release.document) == (job.sha256, contact, "access_report")
    assert Disclosure.objects.filter(client=heavy, content__startswith="Tarkastusraportti").count() == 1
    assert AccessEntry.objects.filter(client=heavy, kind=AccessKind.EXPORT).count() == 1


def test_below_the_threshold_the_report_is_made_at_once(client, contact, client_a):
    dsr = decided_request(contact, client_a)
    client.force_login(contact)
    response = client.post(url(dsr, "access-report.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not DocumentJob.objects.exists() and queued_jobs() == []


def test_a_heavy_access_log_and_portability_export_go_to_a_job_too(contact, caseworker, heavy, settings):
    from clients import services as client_services

    for _n in range(4):
        client_services.access_record(user=caseworker, client=heavy, kind=AccessKind.CLIENT_FILE)
    log_request = decided_request(contact, heavy, type=RequestType.ACCESS_LOG)
    export_request = decided_request(contact, heavy, type=RequestType.PORTABILITY)
    assert selectors.document_is_heavy(log_request, "access_log")
    assert selectors.document_is_heavy(export_request, "portability")
    for dsr, name in ((log_request, "access_log"), (export_request, "portability")):
        job = services.document_job_queue(actor=contact, request=dsr, document=name)
        jobs.request_document(document_job_id=job.pk)
        job.refresh_from_db()
        assert job.state == JobState.DONE
        content = services.document_job_release(actor=contact, request=dsr, job=job)
        assert Release.objects.get(request=dsr).sha256 == hashlib.sha256(content).hexdigest()


def test_the_download_is_access_checked_like_the_inline_one(
        client, contact, caseworker, other_contact, heavy):
    dsr = decided_request(contact, heavy)
    job = services.document_job_queue(actor=contact, request=dsr, document="access_report")
    jobs.request_document(document_job_id=job.pk)
    target = url(dsr, f"documents/{job.pk}/download/")
    client.force_login(contact)
    assert client.get(target).status_code == 405  # a GET (a link, a prefetch) releases nothing
    for outsider in (caseworker, other_contact):  # no hand-out role; another organisation
        client.force_login(outsider)
        assert client.post(target).status_code == 404
    assert not Release.objects.exists()


def test_a_file_changed_in_storage_is_not_handed_out(contact, heavy):
    dsr = decided_request(contact, heavy)
    job = services.document_job_queue(actor=contact, request=dsr, document="access_report")
    jobs.request_document(document_job_id=job.pk)
    job.refresh_from_db()
    with default_storage.open(job.file_name, "wb") as stored:
        stored.write(b"%PDF-1.4 something else")
    with pytest.raises(Exception, match="changed"):
        services.document_job_release(actor=contact, request=dsr, job=job)
    assert not Release.objects.exists()


def test_a_failed_job_shows_failed_with_a_retry_button_and_the_retry_makes_it(
        client, contact, heavy, django_capture_on_commit_callbacks, monkeypatch):
    dsr = decided_request(contact, heavy)
    job = services.document_job_queue(actor=contact, request=dsr, document="access_report")
    working = produce.OUTPUTS["access_report"]

    def broken(request, *, now):
        raise MemoryError(f"out of memory rendering {request.client.last_name}")

    monkeypatch.setitem(produce.OUTPUTS, "access_report", dataclasses.replace(working, make=broken))
    jobs.request_document(document_job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error and heavy.last_name not in job.error
    client.force_login(contact)
    page = client.get(url(dsr, "")).content.decode()
    assert "Producing the document failed." in page and url(dsr, f"documents/{job.pk}/retry/") in page

    monkeypatch.setitem(produce.OUTPUTS, "access_report", working)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url(dsr, f"documents/{job.pk}/retry/")).status_code == 302
    again = DocumentJob.objects.filter(request=dsr).latest("pk")
    assert again.pk != job.pk and again.state == JobState.QUEUED
    jobs.request_document(document_job_id=again.pk)
    again.refresh_from_db()
    assert again.state == JobState.DONE


def test_a_document_already_being_produced_is_not_queued_twice(contact, heavy):
    dsr = decided_request(contact, heavy)
    first = services.document_job_queue(actor=contact, request=dsr, document="access_report")
    assert services.document_job_queue(actor=contact, request=dsr, document="access_report") == first


def test_a_caseworker_cannot_queue_a_document(caseworker, contact, heavy):
    dsr = decided_request(contact, heavy)
    with pytest.raises(Exception):  # noqa: B017, PT011 - the role check's own error
        services.document_job_queue(actor=caseworker, request=dsr, document="access_report")
    assert not DocumentJob.objects.exists()


def test_without_the_job_engine_the_document_is_made_in_the_same_process(
        settings, contact, heavy, django_capture_on_commit_callbacks):
    """SQLite (`make run`) has no job engine: the job runs in this process once the request's
    transaction commits, and the page finds the file ready."""
    settings.JOB_ENGINE = False
    dsr = decided_request(contact, heavy)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.document_job_queue(actor=contact, request=dsr, document="access_report")
    job.refresh_from_db()
    assert job.state == JobState.DONE and queued_jobs() == []
