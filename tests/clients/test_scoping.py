"""Seed 002: "Käyttäjän oikeudet rajautuvat toteutettavien asiakkuuksien ja työtehtävän mukaan."
(A user's rights are limited to the client relationships they carry out and their task.)"""

from clients.constants import AccessKind, ControllerKind, RegisterKind
from clients.models import AccessEntry
from clients.selectors import clients_visible_to
from core.roles import Role
from tests.conftest import make_client, make_controller, make_register, make_user


def test_caseworker_gets_404_for_another_caseworkers_client_and_the_attempt_is_logged(
    client, caseworker, client_a, client_b
):
    client.force_login(caseworker)
    assert client.get(f"/clients/{client_a.pk}/").status_code == 200
    response = client.get(f"/clients/{client_b.pk}/")
    assert response.status_code == 404
    assert "Virtanen" not in response.content.decode()
    denied = AccessEntry.objects.get(client=client_b, user=caseworker)
    assert denied.granted is False
    assert denied.kind == AccessKind.DENIED
    assert denied.detail == AccessKind.CLIENT_FILE


def test_caseworker_cannot_edit_an_unassigned_client(client, caseworker, client_b):
    client.force_login(caseworker)
    assert client.get(f"/clients/{client_b.pk}/edit/").status_code == 404
    response = client.post(f"/clients/{client_b.pk}/edit/", {"last_name": "Muutettu"})
    assert response.status_code == 404
    client_b.refresh_from_db()
    assert client_b.last_name == "Virtanen"


def test_caseworker_list_shows_only_assigned_clients(client, caseworker, client_a, client_b):
    client.force_login(caseworker)
    html = client.get("/clients/").content.decode()
    assert client_a.display_name in html
    assert client_b.display_name not in html


def test_register_contact_sees_every_client_of_their_organisation(client, contact, client_a, client_b):
    client.force_login(contact)
    assert client.get(f"/clients/{client_a.pk}/").status_code == 200
    assert client.get(f"/clients/{client_b.pk}/").status_code == 200


def test_another_controllers_register_contact_gets_404(client, other_contact, client_a):
    client.force_login(other_contact)
    assert client.get(f"/clients/{client_a.pk}/").status_code == 404
    assert AccessEntry.objects.filter(client=client_a, user=other_contact, granted=False).count() == 1
    assert client_a.display_name not in client.get("/clients/").content.decode()


def test_admin_of_another_controller_sees_nothing(client, other_provider, client_a):
    admin = make_user(Role.ADMIN, other_provider)
    assert not clients_visible_to(admin).filter(pk=client_a.pk).exists()


def test_purchased_services_clients_are_kept_by_the_providers_staff(db, provider, caseworker):
    """Seed 004: a purchased-services register whose controller is the municipality
    ("rekisterin pitäjänä kunta") is kept by the provider's staff."""
    county = make_controller("Pirkanmaan hyvinvointialue", ControllerKind.WELLBEING_COUNTY)
    purchased = make_register(county, operator=provider, kind=RegisterKind.PURCHASED_SERVICES)
    person = make_client(caseworker, purchased)
    assert clients_visible_to(caseworker).filter(pk=person.pk).exists()
    county_contact = make_user(Role.REGISTER_CONTACT, county)
    assert clients_visible_to(county_contact).filter(pk=person.pk).exists()
    stranger = make_user(Role.REGISTER_CONTACT, make_controller("Muu Oy"))
    assert not clients_visible_to(stranger).exists()


def test_caseworker_cannot_create_a_client_in_another_organisations_register(
    client, caseworker, other_register
):
    client.force_login(caseworker)
    response = client.post("/clients/new/", {
        "register": other_register.pk, "kind": "person", "last_name": "Ulkopuolinen",
        "first_names": "Olli", "date_of_birth": "1970-01-01", "preferred_language": "fi",
        "relationship_started": "2026-01-01",
    })
    assert response.status_code == 200
    assert "register" in response.context["form"].errors
    assert not other_register.clients.exists()


def test_every_look_under_emergency_access_carries_its_reason(client, caseworker, client_b):
    """DESIGN.md: emergency access to an unassigned client with a mandatory reason, logged."""
    from django.utils import timezone

    from clients.services.emergency import emergency_access_open

    client.force_login(caseworker)
    assert client.get(f"/clients/{client_b.pk}/").status_code == 404
    emergency_access_open(actor=caseworker, lookup=client_b.identity_code,
                          reason="Sijaisuus: asiakas soitti kesken päivystyksen", now=timezone.now())
    assert client.get(f"/clients/{client_b.pk}/").status_code == 200
    entry = AccessEntry.objects.filter(client=client_b, user=caseworker, granted=True,
                                       kind=AccessKind.CLIENT_FILE).latest("at")
    assert "Sijaisuus: asiakas soitti kesken päivystyksen" in entry.purpose
