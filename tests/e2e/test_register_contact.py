"""The register contact's and the caseworker's housekeeping in a real browser (issue 21): clients
moved between workers (one, then many) and the clients no worker serves, a misfiled document
moved to the right client or removed with a reason (the trail shows in both files), and the dates
of death imported from the population register's answer (malformed rows reported). Every page is
checked with axe-core (see conftest.py)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from clients.constants import AccessKind, DocumentKind, ServiceTask
from clients.demo import identity_code_make
from clients.models import AccessEntry, Client, Document
from clients.services import document_upload
from clients.services import file as file_services
from core.roles import Role

from .conftest import person_make, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = b"%PDF-1.7\n%%EOF\n"


def test_the_register_contact_moves_a_client_without_a_worker_then_several_between_workers(ui, world):
    juha = person_make("juha", "Juha", "Järvinen", Role.CASEWORKER, world.provider)
    world.client_add("Salo", "Tyyne", datetime.date(1941, 4, 9), 579)
    salo = world.clients["Salo"]
    salo.assigned_workers.clear()  # came in through the front desk: nobody serves her yet
    aino, eino = world.clients["Korhonen"], world.clients["Laine"]

    ui.sign_in(world.contact)
    ui.follow(ui.page.locator("main section[aria-labelledby=register-work] a[href='/clients/assignments/']"))
    heading = ui.page.locator("main h2").first
    assert heading.inner_text() == "1 asiakas ilman työntekijää"  # the first view: those nobody serves
    rows = ui.page.locator("main table tbody tr")
    assert rows.count() == 1 and "Salo Tyyne" in rows.first.inner_text()
    # Each row's link says whose file it opens, also to a screen reader going from link to link.
    assert ui.page.get_by_role("link", name="Avaa Salo Tyyne").get_attribute("href") == salo.get_absolute_url()
    ui.page.get_by_label("Salo Tyyne").check()
    ui.fill({"to_worker": world.caseworker.pk})
    ui.submit(ui.page.get_by_role("button", name="Siirrä valitut asiakkaat"))
    assert "1 asiakas siirretty työntekijälle Sanna Virtanen." in ui.page.locator("body").inner_text()
    assert list(salo.assigned_workers.all()) == [world.caseworker]
    assert "0 asiakasta ilman työntekijää" in ui.text()

    # Sanna's clients: two of them go to Juha, who starts on Monday.
    ui.fill({"worker": world.caseworker.pk})
    ui.submit(ui.page.locator("main form.filters [type=submit]"))
    assert "Sanna Virtanen: 5 asiakasta" in ui.text()
    for name in ("Korhonen Aino", "Laine Eino Ilmari"):
        ui.page.get_by_label(name).check()
    ui.fill({"to_worker": juha.pk})
    ui.submit(ui.page.get_by_role("button", name="Siirrä valitut asiakkaat"))
    assert "2 asiakasta siirretty työntekijälle Juha Järvinen." in ui.page.locator("body").inner_text()
    assert "Sanna Virtanen: 3 asiakasta" in ui.text()  # the list stays on Sanna's clients
    ui.screenshot("assignments")
    for client in (aino, eino):
        assert list(client.assigned_workers.all()) == [juha]
        assert LogEntry.objects.get_for_object(client).filter(actor=world.contact).exists()  # the trail

    # Nothing chosen: nothing moves, and the page says so.
    ui.fill({"to_worker": juha.pk})
    with ui.page.expect_navigation() as refused:
        ui.page.get_by_role("button", name="Siirrä valitut asiakkaat").click()
    assert refused.value.status == 400
    ui.console_errors = [e for e in ui.console_errors if "status of 400" not in e]  # the answer, expected
    ui.check()
    assert ui.page.locator("main .notice-error").is_visible()
    assert Client.objects.filter(assigned_workers=juha).count() == 2


def test_moving_clients_to_the_worker_who_already_has_them_is_said_in_words_not_an_error_page(ui, world):
    """On Sanna's list the register contact picks Sanna again as the worker to move to: the page
    says to choose another worker, keeps the list, and nothing moves (it was a server error)."""
    aino = world.clients["Korhonen"]
    ui.sign_in(world.contact)
    ui.goto(f"/clients/assignments/?worker={world.caseworker.pk}")
    ui.page.get_by_label("Korhonen Aino").check()
    ui.fill({"to_worker": world.caseworker.pk})
    with ui.page.expect_navigation() as refused:
        ui.page.get_by_role("button", name="Siirrä valitut asiakkaat").click()
    assert refused.value.status == 400
    ui.console_errors = [e for e in ui.console_errors if "status of 400" not in e]  # the answer, expected
    ui.check()
    assert "Valitse toinen työntekijä, jolle asiakkaat siirretään." in ui.text()
    assert ui.page.get_by_label("Korhonen Aino").is_visible()  # the list is still there to choose again
    assert list(aino.assigned_workers.all()) == [world.caseworker]


def test_a_misfiled_document_is_moved_to_the_right_client_and_another_removed_with_reasons(ui, world):
    matti, aino = world.clients["Mäkinen"], world.clients["Korhonen"]
    for title in ("Maksusitoumus Korhonen 2026", "Tuplaskannaus lääkelistasta"):
        document_upload(actor=world.caseworker, client=matti, kind=DocumentKind.PAYMENT_COMMITMENT, title=title,
                        document_date=today(), uploaded_file=SimpleUploadedFile("skannaus.pdf", PDF,
                                                                                content_type="application/pdf"))
    misfiled = Document.objects.get(title="Maksusitoumus Korhonen 2026")
    duplicate = Document.objects.get(title="Tuplaskannaus lääkelistasta")

    ui.sign_in(world.caseworker)
    ui.goto(matti.get_absolute_url())
    ui.follow(ui.page.locator(f"main nav.tabs a[href='{matti.get_absolute_url()}documents/']"))
    ui.follow(ui.page.locator(f"main a[href$='/documents/{misfiled.pk}/move/']"))
    ui.fill({"q": "Korhonen"})
    ui.submit(ui.page.locator("main form[role=search] [type=submit]"))
    ui.page.locator(f"[name=to_client][value='{aino.pk}']").check()
    ui.fill({"reason": "Skannattu väärän asiakkaan tietoihin."})
    ui.submit(ui.page.get_by_role("button", name="Siirrä asiakirja"))
    assert ui.page.url.endswith(f"{matti.get_absolute_url()}documents/")
    misfiled.refresh_from_db()
    assert misfiled.client == aino

    changes = ui.page.locator("main table[aria-labelledby=document-changes]")
    moved = changes.locator("tbody tr", has_text="Maksusitoumus Korhonen 2026")
    assert "Skannattu väärän asiakkaan tietoihin." in moved.inner_text()
    assert "Sanna Virtanen" in moved.inner_text()
    assert "Siirretty toisen asiakkaan tietoihin" in moved.inner_text()

    # The duplicate goes: first without a reason (refused, the field says why), then with one.
    ui.follow(ui.page.locator(f"main a[href$='/documents/{duplicate.pk}/remove/']"))
    ui.submit(ui.page.get_by_role("button", name="Poista asiakirja"))
    assert ui.field("reason").get_attribute("aria-invalid") == "true"
    ui.fill({"reason": "Sama lääkelista skannattu kahdesti."})
    ui.submit(ui.page.get_by_role("button", name="Poista asiakirja"))
    duplicate.refresh_from_db()
    assert duplicate.removed_at is not None
    assert ui.page.locator(f"main a[href$='/documents/{duplicate.pk}/']").count() == 0  # out of the file ...
    removed = ui.page.locator("main table[aria-labelledby=document-changes] tbody tr",
                              has_text="Tuplaskannaus lääkelistasta")
    assert "Sama lääkelista skannattu kahdesti." in removed.inner_text()  # ... with the reason kept

    # The right client's file shows the document, and where it came from.
    ui.goto(f"{aino.get_absolute_url()}documents/")
    assert ui.page.locator(f"main a[href='{aino.get_absolute_url()}documents/{misfiled.pk}/']").is_visible()
    arrived = ui.page.locator("main table[aria-labelledby=document-changes] tbody tr")
    assert "Siirretty tänne toisen asiakkaan tiedoista" in arrived.inner_text()
    assert "Skannattu väärän asiakkaan tietoihin." in arrived.inner_text()


def test_the_register_contact_imports_dates_of_death_and_sees_the_rows_that_changed_nothing(ui, world):
    ended = datetime.date(2015, 6, 30)
    gone = world.client_add("Lehtonen", "Elsa", datetime.date(1930, 3, 14), 642,
                            relationship_started=datetime.date(2008, 1, 1), relationship_ended=ended)
    case = file_services.case_open(actor=world.caseworker, client=gone, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito", opened_on=datetime.date(2008, 1, 1))
    file_services.case_close(actor=world.caseworker, case=case, closed_on=ended)
    wrong_check = gone.identity_code[:-1] + ("A" if gone.identity_code[-1] != "A" else "B")
    nobody = identity_code_make(datetime.date(1935, 8, 1), 802, "-")
    answer = "\r\n".join([
        "Henkilötunnus;Kuolinpäivä",
        f"{gone.identity_code};12.2.2021",
        f"{wrong_check};1.1.2020",
        f"{nobody};eilen",
        "pelkkä yksi sarake",
        f"{nobody};5.5.2020",
    ]).encode()

    ui.sign_in(world.contact)
    ui.goto("/retention/")
    ui.follow(ui.page.locator("main a[href='/retention/deaths/']"))
    waiting = ui.page.locator("main table tbody tr")
    assert waiting.count() == 1 and "Lehtonen Elsa" in waiting.inner_text()
    assert gone.identity_code not in ui.text()  # masked on the page; the download has them whole
    with ui.page.expect_download() as query:
        ui.page.locator("main a[href='?download=csv']").click()
    assert query.value.suggested_filename == f"kuolinpaivakysely-{today():%Y-%m-%d}.csv"
    with open(query.value.path(), encoding="utf-8") as handle:
        assert f"{gone.identity_code};Lehtonen;Elsa" in handle.read()
    assert AccessEntry.objects.filter(client=gone, user=world.contact, kind=AccessKind.EXPORT).count() == 1
    ui.page.locator("[name=answer_file]").set_input_files(
        files=[{"name": "vastaus.csv", "mimeType": "text/csv", "buffer": answer}])
    ui.submit(ui.page.get_by_role("button", name="Kirjaa kuolinpäivät"))

    gone.refresh_from_db()
    assert gone.date_of_death == datetime.date(2021, 2, 12)
    report = ui.page.locator("main section[aria-labelledby=import-report]")
    assert "Kuolinpäiviä kirjattu: 1." in report.inner_text(), report.inner_text()
    malformed = report.locator("tbody tr.import-malformed")
    assert malformed.count() == 3
    assert [row.locator("td").first.inner_text() for row in malformed.all()] == ["3", "4", "5"]
    unknown = report.locator("tbody tr.import-unknown")
    assert unknown.count() == 1 and unknown.locator("td").first.inner_text() == "6"
    assert nobody not in ui.text()  # the report masks the codes it repeats
    assert "Lehtonen Elsa" not in ui.text()  # she has her date now: nothing left to ask
    ui.screenshot("dates-of-death")
    assert LogEntry.objects.get_for_object(gone).filter(actor=world.contact).exists()  # the trail
