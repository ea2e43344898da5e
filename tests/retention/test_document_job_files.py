"""A document a job made for a request or the client file (requests/jobs.py) is the client's
data: when the client is purged, the job's row goes and its stored file is removed once the purge
has committed."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from requests import services as request_services
from requests.constants import CLIENT_FILE, JobState, Outcome
from requests.models import DataSubjectRequest, DocumentJob

from .conftest import due_statutory_client, retention_run

pytestmark = pytest.mark.django_db


def test_a_purged_clients_produced_documents_are_removed_with_the_client(
        caseworker, contact, register, django_capture_on_commit_callbacks):
    client, _file = due_statutory_client(caseworker, register, last_name="Tuotettu")
    dsr = request_services.request_register(actor=contact, client=client, type="access",
                                            received_on=timezone.localdate(), channel="in_person",
                                            submission_key=uuid.uuid4(), today=timezone.localdate())
    dsr = request_services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    request_services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annettu",
                                    no_redactions_needed=True)  # closed: no hold on the client
    name = default_storage.save("request-documents/0123abcd.pdf", ContentFile(b"%PDF-1.4 Tuotettu"))
    DocumentJob.objects.create(request=dsr, client=client, document="access_report", state=JobState.DONE, progress=100,
                               file_name=name, queued_by=contact, queued_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run("2026-06-01").json["purged"] == 1

    assert not default_storage.exists(name)
    assert not DocumentJob.objects.exists()
    assert DataSubjectRequest.objects.filter(pk=dsr.pk, client__isnull=True).exists()  # the request stays


def test_a_purged_clients_client_file_pdf_made_by_a_job_is_removed_with_the_client(
        caseworker, register, django_capture_on_commit_callbacks):
    client, _file = due_statutory_client(caseworker, register, last_name="Raskas")
    name = default_storage.save("request-documents/4567cdef.pdf", ContentFile(b"%PDF-1.4 Raskas"))
    DocumentJob.objects.create(client=client, document=CLIENT_FILE, state=JobState.DONE, progress=100,
                               file_name=name, queued_by=caseworker, queued_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run("2026-06-01").json["purged"] == 1

    assert not default_storage.exists(name)
    assert not DocumentJob.objects.exists()
