"""Issue 23 in a real browser: "Heavy documents off the request: access reports ... above a size
are produced by a job, with progress shown on the request page and the file waiting there when
done (access-checked and logged like any download)."

A 2,000-entry access report asked for in the browser: the page comes back at once saying the
document is being produced; a worker (run here in the test's own process) makes it; the request
page then offers the file, which downloads as a PDF and is released on record."""

import datetime
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from clients.models import ServiceEntry
from requests import services as request_services
from requests.constants import Channel, JobState, Outcome, RequesterRole, RequestType
from requests.models import DocumentJob

from .conftest import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ENTRIES = 2000


def test_a_2000_entry_access_report_is_produced_by_a_job_and_then_downloaded_as_a_pdf(ui, world):
    aino = world.clients["Korhonen"]
    first = today() - datetime.timedelta(days=ENTRIES)
    ServiceEntry.objects.bulk_create(
        ServiceEntry(client=aino, worker=world.caseworker, date=first + datetime.timedelta(days=n),
                     duration_minutes=30, content=f"Kotikäynti {n}: lääkkeet jaettu, kauppa-asiointi.")
        for n in range(ENTRIES))
    dsr = request_services.request_register(
        actor=world.contact, client=aino, type=RequestType.ACCESS, received_on=today(), channel=Channel.IN_PERSON,
        requester_role=RequesterRole.CLIENT, submission_key=uuid.uuid4(), today=today())
    request_services.request_verify_identity(actor=world.contact, request=dsr, method="photo_id")
    request_services.request_decide(actor=world.contact, request=dsr, outcome=Outcome.GRANTED,
                                    decision="Kopio kaikista tiedoista annetaan.", no_redactions_needed=True)

    ui.sign_in(world.contact)
    ui.goto(f"/requests/{dsr.pk}/")
    produce = ui.page.locator("form[action$='access-report.pdf'] button[type=submit]")
    started = time.monotonic()
    with ui.page.expect_navigation():
        produce.click()
    answered_in = time.monotonic() - started
    ui.check()
    # At once: the page is back, saying so, and nothing has been made or released yet.
    assert "Asiakirjaa tuotetaan" in ui.text(), ui.text()
    job = DocumentJob.objects.get(request=dsr)
    assert job.state == JobState.QUEUED and not dsr.releases.exists()
    assert answered_in < 10, answered_in
    assert ui.page.locator("main progress").count() == 1

    # A worker takes the job, in this process (on a thread of its own: the browser's event loop
    # runs on this one), as the systemd workers do in production.
    worker = threading.Thread(target=call_command, args=(
        "retention_worker", "--until-empty", "--queue", "documents", "--max-jobs", "5"))
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive()
    job.refresh_from_db()
    assert (job.state, job.progress) == (JobState.DONE, 100), job.error

    ui.follow(ui.page.locator("main a", has_text="Päivitä sivu"))
    with ui.page.expect_download() as download_info:
        ui.page.locator(f"form[action$='/documents/{job.pk}/download/'] button[type=submit]").click()
    download = download_info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:40]
    assert download.suggested_filename.endswith(".pdf")
    ui.check()
    release = dsr.releases.get()
    assert (release.document, release.sha256, release.released_by) == ("access_report", job.sha256, world.contact)
