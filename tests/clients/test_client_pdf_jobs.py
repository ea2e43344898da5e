"""Issue 23: "Heavy documents off the request: access reports, client-file PDFs and portability
exports above a size are produced by a job, with progress shown on the request page and the file
waiting there when done (access-checked and logged like any download)."

The client-file PDF of a client with more than REQUEST_DOCUMENT_JOB_ROWS entries is made by the
heavy documents' job (requests/jobs.py, requests.DocumentJob) instead of in a web worker: the
button's POST comes back at once, the client file shows the job's progress and then the download,
which is checked and logged exactly as the PDF made at once."""

import datetime
import hashlib
import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from clients import services
from clients.constants import AccessKind, Art18Ground
from clients.models import AccessEntry, ServiceEntry
from requests import jobs
from requests.constants import CLIENT_FILE, JobState
from requests.models import DocumentJob
from tests.conftest import make_client

pytestmark = pytest.mark.django_db


def entries(client, worker, count: int) -> None:
    ServiceEntry.objects.bulk_create([
        ServiceEntry(client=client, worker=worker, date=datetime.date(2025, 1, 1) + datetime.timedelta(days=i // 4),
                     duration_minutes=30, content=f"Käynti {i}: siivous ja asiointi")
        for i in range(count)
    ])


@pytest.fixture
def heavy(settings, caseworker, client_a):
    """A client with more entries than the threshold (lowered for the test)."""
    settings.REQUEST_DOCUMENT_JOB_ROWS = 3
    entries(client_a, caseworker, 4)
    return client_a


def pdf_url(client, tail: str = "") -> str:
    return f"/clients/{client.pk}/pdf/{tail}"


def exports(client) -> list[str]:
    return list(AccessEntry.objects.filter(client=client, kind=AccessKind.EXPORT, granted=True)
                .order_by("pk").values_list("detail", flat=True))


def test_a_2000_entry_client_file_pdf_is_made_by_a_job_and_downloaded_from_the_client_file(
        client, caseworker, client_a, django_capture_on_commit_callbacks):
    entries(client_a, caseworker, 2000)
    client.force_login(caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pdf_url(client_a))
    # At once: a redirect back to the client file, nothing rendered in this request.
    assert response.status_code == 302 and response["Location"] == client_a.get_absolute_url()
    job = DocumentJob.objects.get(client=client_a)
    assert (job.request, job.document, job.state, job.queued_by) == (None, CLIENT_FILE, JobState.QUEUED, caseworker)
    page = client.get(client_a.get_absolute_url()).content.decode()
    assert "Odottaa tuottamista: 0 %" in page  # the client file shows the job's state and progress

    jobs.request_document(document_job_id=job.pk)  # what a worker does with it

    job.refresh_from_db()
    assert (job.state, job.progress) == (JobState.DONE, 100)
    page = client.get(client_a.get_absolute_url()).content.decode()
    assert pdf_url(client_a, f"{job.pk}/download/") in page
    assert exports(client_a) == ["client-file PDF, queued"]  # nothing handed out yet

    download = client.post(pdf_url(client_a, f"{job.pk}/download/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha256(download.content).hexdigest() == job.sha256
    assert len(PdfReader(io.BytesIO(download.content)).pages) > 10
    assert exports(client_a) == ["client-file PDF, queued", "client-file PDF"]  # logged as the inline one


def test_a_small_client_file_pdf_is_still_made_at_once(client, caseworker, client_a):
    client.force_login(caseworker)
    response = client.post(pdf_url(client_a))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert not DocumentJob.objects.exists()
    assert exports(client_a) == ["client-file PDF"]


def test_a_get_produces_nothing(client, caseworker, heavy):
    client.force_login(caseworker)
    assert client.get(pdf_url(heavy)).status_code == 405  # a link or a prefetch makes no file
    assert not DocumentJob.objects.exists() and exports(heavy) == []


def test_the_download_is_refused_to_another_organisation_and_to_a_caseworker_not_serving_the_client(
        client, caseworker, caseworker_b, other_contact, heavy):
    job = services.client_file_jobs().queue(actor=caseworker, client=heavy)
    jobs.request_document(document_job_id=job.pk)
    for outsider in (other_contact, caseworker_b):
        client.force_login(outsider)
        for tail in (f"{job.pk}/download/", f"{job.pk}/retry/", ""):
            assert client.post(pdf_url(heavy, tail)).status_code == 404
    assert exports(heavy) == []
    assert AccessEntry.objects.filter(client=heavy, granted=False).exists()  # the attempts are logged


def test_another_clients_job_is_not_handed_out_through_this_client(client, caseworker, heavy, register):
    other = make_client(caseworker, register, last_name="Toinen")
    job = services.client_file_jobs().queue(actor=caseworker, client=heavy)
    jobs.request_document(document_job_id=job.pk)
    client.force_login(caseworker)
    assert client.post(pdf_url(other, f"{job.pk}/download/")).status_code == 404


def test_a_restricted_clients_job_pdf_is_refused_without_a_ground(client, caseworker, contact, heavy):
    job = services.client_file_jobs().queue(actor=caseworker, client=heavy)
    jobs.request_document(document_job_id=job.pk)
    services.client_restrict(actor=contact, client=heavy, reason="Tietojen oikeellisuus kiistetty")
    client.force_login(caseworker)
    refused = client.post(pdf_url(heavy, f"{job.pk}/download/"))
    assert refused.status_code == 403 and 'name="restriction_ground"' in refused.content.decode()
    assert client.post(pdf_url(heavy)).status_code == 403  # nor queued again without one
    assert DocumentJob.objects.filter(client=heavy).count() == 1
    granted = client.post(pdf_url(heavy, f"{job.pk}/download/"), {"restriction_ground": Art18Ground.LEGAL_CLAIMS})
    assert granted.status_code == 200 and granted.content.startswith(b"%PDF-")
    assert AccessEntry.objects.filter(client=heavy, kind=AccessKind.EXPORT,
                                      purpose__startswith="GDPR Art 18(2)").exists()


def test_a_file_changed_in_storage_is_not_handed_out(client, caseworker, heavy):
    job = services.client_file_jobs().queue(actor=caseworker, client=heavy)
    jobs.request_document(document_job_id=job.pk)
    job.refresh_from_db()
    with default_storage.open(job.file_name, "wb") as stored:
        stored.write(b"%PDF-1.4 something else")
    client.force_login(caseworker)
    response = client.post(pdf_url(heavy, f"{job.pk}/download/"))
    assert response.status_code == 302  # back to the client file with the error, no file


def test_a_failed_job_offers_a_retry_that_makes_it(client, caseworker, heavy, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    job = services.client_file_jobs().queue(actor=caseworker, client=heavy)

    def broken(client, *, now):
        raise MemoryError(f"out of memory rendering {client.last_name}")

    monkeypatch.setattr("requests.services.client_file_pdf", broken)
    jobs.request_document(document_job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and heavy.last_name not in job.error
    client.force_login(caseworker)
    page = client.get(heavy.get_absolute_url()).content.decode()
    assert "Asiakirjan tuottaminen epäonnistui." in page and pdf_url(heavy, f"{job.pk}/retry/") in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(pdf_url(heavy, f"{job.pk}/retry/")).status_code == 302
    again = DocumentJob.objects.filter(client=heavy).latest("pk")
    assert again.pk != job.pk
    jobs.request_document(document_job_id=again.pk)
    again.refresh_from_db()
    assert again.state == JobState.DONE


def test_a_client_file_pdf_being_made_is_not_queued_twice(caseworker, heavy):
    first = services.client_file_jobs().queue(actor=caseworker, client=heavy)
    assert services.client_file_jobs().queue(actor=caseworker, client=heavy) == first
    assert DocumentJob.objects.count() == 1
