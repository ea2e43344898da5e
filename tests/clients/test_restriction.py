"""GDPR Art 18: a restriction that restricts. Issue 19: "a caseworker still added an entry, edited
the client and downloaded the client-file PDF of a restricted client; meanwhile the restriction
hid a purchased-services client's visits from the county that is that register's own
controller." One policy (clients.selectors.restriction) answers every path."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from clients import services
from clients.constants import AccessKind, Art18Ground, RecipientKind, RegisterKind
from clients.models import AccessEntry, Disclosure, ServiceEntry
from clients.services import file as file_services
from core.roles import Role
from tests.conftest import make_client, make_controller, make_register, make_user

TODAY = datetime.date(2026, 11, 21)


@pytest.fixture
def restricted(caseworker, contact, register):
    client = make_client(caseworker, register, last_name="Rajattu")
    services.client_restrict(actor=contact, client=client, reason="Tietojen oikeellisuus kiistetty")
    return client


def test_caseworker_cannot_add_an_entry_edit_or_download_the_pdf_of_a_restricted_client(
        client, caseworker, restricted):
    client.force_login(caseworker)
    response = client.post(f"/clients/{restricted.pk}/entries/new/", {
        "date": TODAY.isoformat(), "kind": "visit", "duration_minutes": "30", "content": "Käynti"})
    assert response.status_code == 200
    assert "18 artikla" in response.content.decode()
    assert not ServiceEntry.objects.filter(client=restricted).exists()

    response = client.post(f"/clients/{restricted.pk}/edit/", {
        "kind": "person", "last_name": "Muutettu", "first_names": "Matti", "identity_code": restricted.identity_code,
        "preferred_language": "fi", "relationship_started": "2024-01-01",
        "health-allergies": "", "health-special_needs": "", "health-home_notes": ""})
    assert response.status_code == 200
    restricted.refresh_from_db()
    assert restricted.last_name == "Rajattu"

    response = client.post(f"/clients/{restricted.pk}/pdf/")
    assert response.status_code == 403  # the refusal with its reason, and the form asking the ground
    assert response.get("Content-Type", "").startswith("text/html")


def test_an_art_18_2_ground_recorded_for_the_act_allows_it_and_is_logged(caseworker, restricted):
    with pytest.raises(ValidationError):
        file_services.entry_record(actor=caseworker, client=restricted, date=TODAY, content="Käynti")
    entry = file_services.entry_record(actor=caseworker, client=restricted, date=TODAY,
                                       content="Lastensuojeluilmoituksen perusteet",
                                       restriction_ground=Art18Ground.OTHER_PERSON)
    assert entry.pk
    assert AccessEntry.objects.filter(client=restricted, kind=AccessKind.CLIENT_EDIT,
                                      purpose__startswith="GDPR Art 18(2)").exists()


def test_restricted_clients_data_is_not_disclosed_to_a_third_party_without_a_ground(contact, restricted):
    with pytest.raises(services.DisclosureRefused):
        services.disclosure_record(actor=contact, client=restricted, recipient_kind=RecipientKind.AUTHORITY,
                                   recipient_name="Poliisi", legal_basis="Poliisilaki 4:2", content="Osoite")
    services.disclosure_record(actor=contact, client=restricted, recipient_kind=RecipientKind.AUTHORITY,
                               recipient_name="Käräjäoikeus", legal_basis="OK 17 luku", content="Asiakirjat",
                               restriction_ground=Art18Ground.LEGAL_CLAIMS)
    assert Disclosure.objects.filter(client=restricted).count() == 1


def test_the_county_controlling_a_purchased_services_register_is_not_a_third_party(db):
    """DESIGN.md: "when the service is purchased (ostopalvelu): then the county is the controller
    and the provider processes on its behalf" (seed 004: "rekisterin pitäjänä kunta")."""
    county = make_controller("Pirkanmaan hyvinvointialue")
    provider = make_controller("Kotiapu Oy")
    purchased = make_register(county, operator=provider, kind=RegisterKind.PURCHASED_SERVICES)
    contact = make_user(Role.REGISTER_CONTACT, provider)
    person = make_client(contact, purchased, commissioning_authority=county, restricted=True)
    services.disclosure_record(actor=contact, client=person, recipient_kind=RecipientKind.COMMISSIONING_AUTHORITY,
                               recipient_name=county.name, recipient_controller=county,
                               legal_basis="Ostopalvelusopimus", content="Kuukausikooste")
    other_county = make_controller("Toinen hyvinvointialue")
    with pytest.raises(services.DisclosureRefused):
        services.disclosure_record(
            actor=contact, client=person, recipient_kind=RecipientKind.COMMISSIONING_AUTHORITY,
            recipient_name=other_county.name, recipient_controller=other_county,
            legal_basis="Ostopalvelusopimus", content="Kuukausikooste")
