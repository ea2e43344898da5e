"""Client-file PDF: everything about one client in a readable, paginated A4 document, reused by
the access-report and archive-handoff issues. Seed 003 on corrections: "Mahdollisesti
virheelliset merkinnät korjataan niin, että merkintä on myöhemmin luettavissa. Korjauksen
tekijän nimi, korjauksen tekopäivä ja korjauksen peruste merkitään asiakastietoihin." The PDF
keeps the original readable next to the correction."""

import datetime
import io

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from clients import selectors, services
from clients.constants import AccessKind, DocumentKind, RecipientKind, ServiceTask
from clients.models import (
    AccessEntry,
    Case,
    Client,
    Correction,
    GrantedService,
    Representative,
    ServiceAgreement,
    ServiceEntry,
    ServicePlan,
)
from tests.conftest import make_controller

A4 = (595, 842)  # points, rounded


def pdf_text(content: bytes) -> tuple[str, PdfReader]:
    """The PDF's text with every run of whitespace (line wraps in table cells) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def entries(client: Client, worker, count: int, *, start: datetime.date = datetime.date(2025, 1, 1)):
    ServiceEntry.objects.bulk_create([
        ServiceEntry(client=client, worker=worker, date=start + datetime.timedelta(days=i % 600),
                     duration_minutes=30 + i % 60, content=f"Käynti {i}: siivous ja asiointi")
        for i in range(count)
    ])


def plan(client: Client, actor, version: int, goals: str) -> ServicePlan:
    return ServicePlan.objects.create(
        client=client, version=version, client_view="Haluan asua kotona", service_and_need="Kotipalvelu",
        goals=goals, review_on=datetime.date(2026, 12, 1), made_on=datetime.date(2026, 1, 10 + version),
        place="Turku", created_by=actor, duty_to_notify_reviewed=True,
    )


@pytest.fixture
def full_client(caseworker, client_a):
    """A client with something in every section of the client file."""
    services.client_update(actor=caseworker, client=client_a,
                           health={"allergies": "Pähkinäallergia", "special_needs": "",
                                   "home_notes": "Kissa kotona"})
    Representative.objects.create(client=client_a, role="next_of_kin", first_names="Liisa",
                                  last_name="Mäkinen", relationship="tytär",
                                  valid_from=datetime.date(2024, 1, 1))
    county = make_controller("Varsinais-Suomen hyvinvointialue", kind="wellbeing_county")
    case = Case.objects.create(client=client_a, service_task=ServiceTask.OLDER_PEOPLE,
                               title="Kotihoidon asia", opened_on=datetime.date(2025, 1, 1))
    GrantedService.objects.create(case=case, content="Kotipalvelu kymmenen tuntia",
                                  valid_from=datetime.date(2025, 1, 1), commissioning_authority=county,
                                  payment_commitment_reference="MS-55")
    ServiceAgreement.objects.create(client=client_a, service="Kotipalvelusopimus",
                                    agreed_matters="Käynnit tiistaisin", valid_from=datetime.date(2025, 1, 1),
                                    made_on=datetime.date(2025, 1, 1), place="Turku", created_by=caseworker)
    plan(client_a, caseworker, 1, "Ensimmäiset tavoitteet")
    plan(client_a, caseworker, 2, "Nykyiset tavoitteet")
    entries(client_a, caseworker, 5)
    newest = ServiceEntry.objects.create(client=client_a, worker=caseworker, date=datetime.date(2026, 11, 20),
                                         duration_minutes=45, content="Uusin käynti: ikkunat pesty")
    wrong = ServiceEntry.objects.create(client=client_a, worker=caseworker, date=datetime.date(2026, 3, 3),
                                        duration_minutes=30, content="Väärä merkintä")
    wrong.content = "Oikea merkintä"
    wrong.save()
    Correction.objects.create(client=client_a, entry=wrong, field="content", original_value="Väärä merkintä",
                              corrected_value="Oikea merkintä", reason="Kirjattu väärälle asiakkaalle",
                              corrected_by=caseworker,
                              corrected_at=timezone.make_aware(datetime.datetime(2026, 3, 4, 9, 0)))
    services.disclosure_record(actor=caseworker, client=client_a,
                               recipient_kind=RecipientKind.COMMISSIONING_AUTHORITY,
                               recipient_name=county.name, recipient_controller=county,
                               legal_basis="703/2023", content="Kuukausikooste 02/2026")
    return client_a, newest


def test_the_client_file_pdf_contains_the_name_and_the_newest_entry(full_client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client, newest = full_client
    with translation.override("en"):
        text, reader = pdf_text(selectors.client_file_pdf(client))
    assert "Mäkinen Matti" in text
    assert "Uusin käynti: ikkunat pesty" in text
    assert client.identity_code in text
    for expected in ("Pähkinäallergia", "Liisa Mäkinen", "Kotihoidon asia", "Kotipalvelu kymmenen tuntia", "MS-55",
                     "Kotipalvelusopimus", "Käynnit tiistaisin", "Varsinais-Suomen hyvinvointialue",
                     "Kuukausikooste 02/2026"):
        assert expected in text, expected
    width, height = (round(float(v)) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == A4


def test_entries_are_newest_first_and_plans_current_first(full_client):
    client, newest = full_client
    with translation.override("en"):
        text, _reader = pdf_text(selectors.client_file_pdf(client))
    assert text.index("Uusin käynti") < text.index("Käynti 0:")
    assert text.index("Nykyiset tavoitteet") < text.index("Ensimmäiset tavoitteet")
    assert "Version 2 (current)" in text


def test_a_corrected_entry_shows_the_original_the_corrector_the_date_and_the_reason(full_client, caseworker):
    """Seed 003: "Korjauksen tekijän nimi, korjauksen tekopäivä ja korjauksen peruste merkitään
    asiakastietoihin." """
    client, _newest = full_client
    with translation.override("en"):
        text, _reader = pdf_text(selectors.client_file_pdf(client))
    assert "Oikea merkintä" in text
    assert "Väärä merkintä" in text
    assert "Kirjattu väärälle asiakkaalle" in text
    assert "4.3.2026" in text
    assert caseworker.get_full_name() in text


def test_documents_are_listed_in_the_client_file_pdf(caseworker, client_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    services.document_upload(actor=caseworker, client=client_a, kind=DocumentKind.TRANSPORT_PERMIT,
                             title="Kuljetuslupa 2026", document_date=datetime.date(2026, 8, 1),
                             uploaded_file=SimpleUploadedFile("lupa.pdf", b"%PDF-1.4 test"))
    text, _reader = pdf_text(selectors.client_file_pdf(client_a))
    assert "Kuljetuslupa 2026" in text and "lupa.pdf" in text


def test_the_pdf_is_paginated_with_page_numbers_and_a_running_header(caseworker, client_a):
    entries(client_a, caseworker, 150)
    with translation.override("en"):
        text, reader = pdf_text(selectors.client_file_pdf(client_a))
    pages = len(reader.pages)
    assert pages > 2
    assert f"page 1 / {pages}" in text and f"page {pages} / {pages}" in text
    for page in reader.pages:
        assert "Mäkinen Matti – Client file" in " ".join(page.extract_text().split())


def test_the_client_file_pdf_queries_do_not_grow_with_entries_or_corrections(
    caseworker, client_a, django_assert_max_num_queries
):
    def with_corrections(count: int) -> None:
        entries(client_a, caseworker, count, start=datetime.date(2024, 1, 1) + datetime.timedelta(days=count))
        for entry in ServiceEntry.objects.filter(client=client_a, corrections__isnull=True)[:count]:
            Correction.objects.create(client=client_a, entry=entry, field="content", original_value="x",
                                      corrected_value=entry.content, reason="Korjaus",
                                      corrected_by=caseworker, corrected_at=timezone.now())

    with_corrections(2)
    with django_assert_max_num_queries(20) as few:
        selectors.client_file_pdf(client_a)
    with_corrections(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        selectors.client_file_pdf(client_a)


def test_the_pdf_view_logs_one_export_entry_and_serves_an_attachment(client, caseworker, client_a):
    client.force_login(caseworker)
    response = client.post(f"/clients/{client_a.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    [entry] = AccessEntry.objects.filter(client=client_a, user=caseworker)
    assert (entry.kind, entry.detail) == (AccessKind.EXPORT, "client-file PDF")


def test_another_caseworkers_client_file_pdf_answers_404(client, caseworker, client_b):
    client.force_login(caseworker)
    response = client.post(f"/clients/{client_b.pk}/pdf/")
    assert response.status_code == 404
    assert AccessEntry.objects.get(client=client_b, user=caseworker).granted is False


def test_the_client_file_page_links_to_the_pdf(client, caseworker, client_a):
    client.force_login(caseworker)
    html = client.get(f"/clients/{client_a.pk}/").content.decode()
    assert f"/clients/{client_a.pk}/pdf/" in html
