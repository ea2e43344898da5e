"""A caseworker's day in a real browser: signing in with the second factor, finding clients,
a new client who is a minor with two guardians, the service plan, visits and their corrections,
consents given and withdrawn. Every page is checked with axe-core (see conftest.py)."""

import datetime
import uuid

import pytest

from clients.constants import RepresentativeRole
from clients.demo import identity_code_make
from clients.models import Client
from clients.services import file as file_services
from consents.models import ConsentPurpose
from requests import services as request_services

from .conftest import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_sign_in_with_the_second_factor_then_find_a_client_by_name_and_by_identity_code(ui, world):
    matti = world.clients["Mäkinen"]
    # The front page has something to say: a plan review that is late, a request due this week.
    file_services.plan_version_create(actor=world.caseworker, client=world.clients["Korhonen"],
        client_view="Haluan pärjätä kotona.", service_and_need="Kotihoito kahdesti päivässä.",
        goals="Turvallinen arki kotona.", made_on=today() - datetime.timedelta(days=200),
        review_on=today() - datetime.timedelta(days=20), place="Tampere")
    request_services.request_register(actor=world.caseworker, client=world.clients["Laine"], type="access",
                                      requester_role="client", channel="signed_letter",
                                      received_on=today() - datetime.timedelta(days=26),
                                      submission_key=uuid.uuid4(), today=today())
    ui.goto("/clients/")
    assert "/accounts/login/" in ui.page.url  # client data only after signing in

    ui.sign_in(world.caseworker)
    assert "Sanna" in ui.page.locator("h1").inner_text()
    ui.screenshot("dashboard")

    ui.follow(ui.page.locator("header nav a[href='/clients/']"))
    ui.screenshot("client-list")
    rows = ui.page.locator("main table tbody tr")
    assert rows.count() == 4
    assert matti.identity_code not in ui.text()  # lists show masked codes only
    assert f"{matti.identity_code[:6]}-****" in ui.text() or "****" in ui.text()

    ui.fill({"q": "mäkinen"})
    ui.submit(ui.page.locator("form[role=search] [type=submit]"))
    assert rows.count() == 1 and "Mäkinen Matti Juhani" in rows.first.inner_text()

    assert "mäkinen" not in ui.page.url.lower()  # the search words stay out of the URL

    # A full identity code opens the client's file at once, and never appears in a URL.
    ui.fill({"q": matti.identity_code})
    ui.submit(ui.page.locator("form[role=search] [type=submit]"))
    assert ui.page.url.endswith(matti.get_absolute_url())
    assert matti.identity_code in ui.text()  # the client file shows the whole code


def open_client(ui, client):
    """From the front page, the way a caseworker goes: the client list, then the name."""
    ui.follow(ui.page.locator("header nav a[href='/clients/']"))
    ui.follow(ui.page.locator(f"main table a[href='{client.get_absolute_url()}']"))


def open_part(ui, client, part):
    """A part of the client file through its tab: "services/", "entries/", "consents/" ..."""
    ui.follow(ui.page.locator(f"main nav.tabs a[href='{client.get_absolute_url()}{part}']"))
    current = ui.page.locator("nav.tabs a[aria-current=page]")
    assert current.get_attribute("href") == f"{client.get_absolute_url()}{part}"


def test_add_a_minor_with_two_guardians_and_see_the_form_errors_tied_to_their_fields(ui, world):
    ui.sign_in(world.caseworker)
    ui.follow(ui.page.locator("main a[href='/clients/new/']"))
    valid = identity_code_make(datetime.date(2015, 6, 3), 284, "A")
    wrong = valid[:-1] + ("A" if valid[-1] != "A" else "B")  # a typo in the check character
    ui.fill({"register": world.register.pk, "kind": "person", "last_name": "Lahtinen", "first_names": "Veeti",
             "identity_code": wrong, "relationship_started": "2026-01-12"})
    ui.submit()

    code = ui.field("identity_code")
    assert code.get_attribute("aria-invalid") == "true"
    described_by = code.get_attribute("aria-describedby").split()
    assert all(ui.page.locator(f"[id='{ident}']").count() == 1 for ident in described_by), "ids unique"
    error_id = f"{code.get_attribute('id')}_error"
    assert error_id in described_by  # a screen reader reads the error with the field
    assert ui.page.locator(f"[id='{error_id}']").inner_text().strip()
    assert ui.page.locator(".error-summary[role=alert]").is_visible()
    assert ui.field("last_name").get_attribute("aria-invalid") is None  # only the wrong field is marked

    ui.fill({"identity_code": valid})
    ui.submit()
    veeti = Client.objects.get(last_name="Lahtinen")
    assert ui.page.url.endswith(veeti.get_absolute_url())
    assert veeti.date_of_birth == datetime.date(2015, 6, 3) and veeti.is_minor_on(datetime.date(2026, 1, 12))

    for last, first, phone in [("Lahtinen", "Minna", "040 765 4321"), ("Lahtinen", "Jari", "050 111 2233")]:
        ui.follow(ui.page.locator(f"main a[href='{veeti.get_absolute_url()}representatives/new/']"))
        ui.fill({"role": RepresentativeRole.GUARDIAN, "last_name": last, "first_names": first, "phone": phone})
        ui.submit()
        assert ui.page.url.endswith(veeti.get_absolute_url())

    guardians = veeti.representatives.filter(role=RepresentativeRole.GUARDIAN)
    assert sorted(g.first_names for g in guardians) == ["Jari", "Minna"]
    table = ui.page.locator("section[aria-labelledby=representatives] table")
    assert "Lahtinen Minna" in table.inner_text() or "Minna Lahtinen" in table.inner_text()
    assert table.locator("tbody tr").count() == 2


def test_write_a_service_plan_and_a_visit_then_correct_the_visit_and_still_read_the_original(ui, world):
    matti = world.clients["Mäkinen"]
    ui.sign_in(world.caseworker)
    open_client(ui, matti)
    open_part(ui, matti, "services/")

    ui.follow(ui.page.locator(f"main a[href='{matti.get_absolute_url()}plans/new/']"))
    review = today() + datetime.timedelta(days=90)
    ui.fill({
        "client_view": "Haluan asua kotona ja selvitä aamutoimista itse.",
        "service_and_need": "Kotihoito aamuisin: peseytyminen, lääkkeet, aamupala.",
        "goals": "Liikkuu turvallisesti kotona; lääkitys otetaan oikein.",
        "working_methods": "Kuntouttava työote, päivittäinen käynti klo 8-9.",
        "duty_to_notify_reviewed": True, "confidentiality_reviewed": True, "liability_insurance_reviewed": True,
        "review_on": review.isoformat(), "place": "Tampere", "client_signatory": "Matti Mäkinen",
        "worker_signs": True,
    })
    ui.submit()
    assert ui.page.url.endswith(f"{matti.get_absolute_url()}services/"), ui.text()[:500]
    plan = matti.plans.get()
    assert plan.version == 1 and plan.worker_signatory == world.caseworker and plan.review_on == review
    assert "Kuntouttava työote" in ui.page.locator("section[aria-labelledby=plan]").inner_text()

    original = "Aamukäynti: lääkkeet annettu, aamupala syöty. Asiakas pirteä."
    open_part(ui, matti, "entries/")
    ui.follow(ui.page.locator(f"main a[href='{matti.get_absolute_url()}entries/new/']"))
    ui.fill({"kind": "visit", "duration_minutes": "45", "content": original})
    ui.submit()
    assert ui.page.url.endswith(f"{matti.get_absolute_url()}entries/"), ui.text()[:500]
    entries = ui.page.locator("section[aria-labelledby=entries]")
    assert original in entries.inner_text()

    ui.follow(entries.locator("a[href*='/correct/']").first)
    assert original in ui.text()  # the entry as it stands, beside the form
    corrected = "Aamukäynti: lääkkeet annettu, aamupala jäi syömättä. Asiakas väsynyt."
    ui.fill({"field": "content", "value": corrected,
             "reason": "Kirjattu vahingossa edellisen päivän käynnin tiedoilla."})
    ui.submit()
    ui.follow(ui.page.locator(f"main a.button[href='{matti.get_absolute_url()}entries/']"))

    entries = ui.page.locator("section[aria-labelledby=entries]")
    assert corrected in entries.inner_text()
    history = entries.locator("details.corrections")
    history.locator("summary").click()
    original_shown = history.locator("del")
    assert original_shown.is_visible() and original_shown.inner_text().strip() == original
    assert "Sanna Virtanen" in history.inner_text() and "edellisen päivän" in history.inner_text()
    ui.check()  # the file with the correction history open


def test_record_a_consent_and_withdraw_it(ui, world):
    matti = world.clients["Mäkinen"]
    survey = ConsentPurpose.objects.get(register=world.register, code="satisfaction_survey")
    ui.sign_in(world.caseworker)
    open_client(ui, matti)
    open_part(ui, matti, "consents/")

    ui.follow(ui.page.locator(f"main a[href='/consents/clients/{matti.pk}/consents/new/']"))
    ui.fill({"purpose": survey.pk, "given_by": "client", "method": "oral",
             "evidence_note": "Asiakas antoi luvan kotikäynnillä, kirjattu heti."})
    ui.submit()
    assert ui.page.url.endswith(f"{matti.get_absolute_url()}consents/")
    consent = matti.consents.get()
    assert consent.purpose == survey and consent.withdrawn_at is None
    consents = ui.page.locator("#consents-section")
    assert survey.name in consents.inner_text()
    ui.screenshot("client-file")

    ui.follow(consents.locator(f"a[href$='/consents/{consent.pk}/withdraw/']"))
    ui.fill({"note": "Asiakas soitti ja perui luvan."})
    ui.submit()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == world.caseworker
    row = ui.page.locator("#consents-section table").first.locator("tbody tr", has_text=survey.name)
    assert "Asiakas soitti ja perui luvan." in row.inner_text()
    assert row.locator(f"a[href$='/consents/{consent.pk}/withdraw/']").count() == 0  # nothing left to withdraw
