"""The service plan and the service agreement printed for signing. Seed 003 lists what each holds:
"Palvelusopimukseen kirjataan asiakkaan: asiakkaan nimi, asiakkaan osoite, asiakkaan
puhelinnumero ja sähköpostiosoite, palvelu, sovitut asiat, laskutus, sopimuksen voimassaoloaika,
päiväys ja paikka, allekirjoitukset" and for the plan "huoltajien yhteystiedot (kirjataan jos
asiakas on alaikäinen) [...] suunnitelman yhteydessä käydään läpi myös palveluntuottajan
ilmoitusvelvollisuus, palveluntuottajan vaitiolovelvollisuus sekä palveluntuottajan
vastuuvakuutus (kirjataan rasteina, että asiat käyty läpi), paikka ja päiväys, allekirjoitukset"."""

import datetime
import io

import pytest
from pypdf import PdfReader

from clients import services
from clients.constants import AccessKind
from clients.models import AccessEntry, Representative, ServiceAgreement, ServicePlan
from clients.services.file import plan_version_create
from tests.conftest import make_client


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def signed_in(web, user, language="en"):
    web.force_login(user)
    web.cookies["django_language"] = language
    return web


@pytest.fixture
def contactable(caseworker, client_a):
    services.client_update(actor=caseworker, client=client_a, **{
        "street_address": "Kotikatu 5 A 3", "postal_code": "33100", "city": "Tampere",
        "phone": "040 1234567", "email": "matti.makinen@example.fi"})
    return client_a


@pytest.fixture
def agreement(caseworker, contactable) -> ServiceAgreement:
    return ServiceAgreement.objects.create(
        client=contactable, service="Kotisiivous", agreed_matters="Siivous joka toinen tiistai",
        billing="Lasku kuukausittain, 35 €/h", valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 12, 31), made_on=datetime.date(2025, 12, 15), place="Tampere",
        created_by=caseworker, provider_signatory=caseworker)


def test_a_service_agreement_prints_with_everything_seed_003_lists_and_lines_to_sign(
        client, caseworker, agreement):
    response = signed_in(client, caseworker).get(f"/clients/{agreement.client_id}/agreements/{agreement.pk}/pdf/")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in ("Service agreement", "Mäkinen Matti", "Kotikatu 5 A 3", "33100 Tampere", "040 1234567",
                     "matti.makinen@example.fi", "Kotisiivous", "Siivous joka toinen tiistai",
                     "Lasku kuukausittain, 35 €/h", "1.1.2026 – 31.12.2026", "15.12.2025, Tampere",
                     "Place and date", "Signature of the client or their representative",
                     "Signature of the worker", caseworker.get_full_name()):
        assert expected in text, expected
    assert client.get(f"/clients/{agreement.client_id}/agreements/{agreement.pk}/pdf/").status_code == 200


def test_a_service_plan_prints_the_reviewed_duties_as_checkboxes_and_a_minors_guardians(
        client, caseworker, register):
    child = make_client(caseworker, register, last_name="Lahtinen", first_names="Eetu",
                        born=datetime.date(2015, 6, 1), sign="A")
    Representative.objects.create(client=child, role="guardian", first_names="Sanna", last_name="Lahtinen",
                                  phone="050 7654321", email="sanna@example.fi", valid_from=datetime.date(2015, 6, 1))
    Representative.objects.create(client=child, role="guardian", first_names="Entinen", last_name="Huoltaja",
                                  valid_from=datetime.date(2015, 6, 1), valid_until=datetime.date(2020, 1, 1))
    plan = plan_version_create(
        actor=caseworker, client=child, client_view="Haluan kavereita", service_and_need="Perhetyö",
        goals="Koulunkäynti sujuu", working_methods="Kotikäynnit", review_on=datetime.date(2026, 9, 1),
        made_on=datetime.date(2026, 3, 2), place="Klaukkala", guardian_contact="Viikoittain äidin kanssa",
        duty_to_notify_reviewed=True, confidentiality_reviewed=True, liability_insurance_reviewed=False,
        worker_signatory=caseworker)

    response = signed_in(client, caseworker).get(f"/clients/{child.pk}/plans/{plan.pk}/pdf/")

    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in ("Service plan", "Lahtinen Eetu", child.identity_code, "Haluan kavereita", "Perhetyö",
                     "Koulunkäynti sujuu", "Kotikäynnit", "Viikoittain äidin kanssa", "1.9.2026",
                     "2.3.2026, Klaukkala", "Guardians", "Lahtinen Sanna", "050 7654321",
                     "☒ The provider's duty to notify", "☒ The provider's duty of confidentiality",
                     "☐ The provider's liability insurance", "Signature of the client or guardian",
                     "Signature of the worker"):
        assert expected in text, expected
    assert "Entinen" not in text  # a guardian whose rights have ended


def test_a_plan_printout_is_in_finnish_for_a_finnish_user(client, caseworker, client_a):
    plan = ServicePlan.objects.create(
        client=client_a, version=1, client_view="Pärjään", service_and_need="Kotipalvelu", goals="Kotona",
        review_on=datetime.date(2026, 12, 1), made_on=datetime.date(2026, 1, 10), place="Turku",
        created_by=caseworker)
    text = pdf_text(signed_in(client, caseworker, "fi").get(f"/clients/{client_a.pk}/plans/{plan.pk}/pdf/").content)
    assert "Palvelusuunnitelma" in text and "Työntekijän allekirjoitus" in text


def test_each_printout_download_is_in_the_clients_access_log(client, caseworker, agreement):
    web = signed_in(client, caseworker)
    plan = ServicePlan.objects.create(
        client=agreement.client, version=1, client_view="Pärjään", service_and_need="Apu", goals="Kotona",
        review_on=datetime.date(2026, 12, 1), made_on=datetime.date(2026, 1, 10), place="Turku",
        created_by=caseworker)
    web.get(f"/clients/{agreement.client_id}/agreements/{agreement.pk}/pdf/")
    web.get(f"/clients/{agreement.client_id}/plans/{plan.pk}/pdf/")
    logged = set(AccessEntry.objects.filter(client=agreement.client, user=caseworker, kind=AccessKind.EXPORT)
                 .values_list("detail", flat=True))
    assert logged == {"service agreement PDF", "service plan PDF"}


def test_attack_another_caseworker_or_organisation_gets_404_and_the_try_is_logged(
        client, caseworker_b, other_contact, agreement):
    for user in (caseworker_b, other_contact):
        assert signed_in(client, user).get(
            f"/clients/{agreement.client_id}/agreements/{agreement.pk}/pdf/").status_code == 404
        assert AccessEntry.objects.filter(client=agreement.client, user=user, granted=False).exists()


def test_attack_a_plan_cannot_be_printed_through_another_clients_url(client, caseworker, client_a, client_b):
    foreign_plan = ServicePlan.objects.create(
        client=client_b, version=1, client_view="Salainen", service_and_need="Apu", goals="Kotona",
        review_on=datetime.date(2026, 12, 1), made_on=datetime.date(2026, 1, 10), place="Turku",
        created_by=caseworker)
    assert signed_in(client, caseworker).get(f"/clients/{client_a.pk}/plans/{foreign_plan.pk}/pdf/").status_code == 404
