"""When a worker leaves, the register contact moves their clients to another worker, one or many
at once, with a trail; and sees the clients no worker serves (issue 21). Caseworkers and other
organisations cannot."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from clients.services.assignments import clients_reassign
from core.roles import Role
from tests.conftest import VerifiedClient, make_client, make_user

URL = "/clients/assignments/"


@pytest.fixture
def leaving(provider):
    return make_user(Role.CASEWORKER, provider, username="lahtija")


@pytest.fixture
def caseload(leaving, register):
    return [make_client(leaving, register, last_name=name, first_names="Eino")
            for name in ("Aalto", "Berg", "Carlsson")]


@pytest.fixture
def unassigned(contact, register):
    return make_client(contact, register, last_name="Yksinäinen", first_names="Olli")  # a contact is not assigned


def _browser(user) -> VerifiedClient:
    browser = VerifiedClient()
    browser.force_login(user)
    return browser


def test_the_register_contact_moves_a_leaving_workers_clients_with_a_trail(contact, leaving, caseworker, caseload):
    browser = _browser(contact)
    page = browser.get(URL, {"worker": leaving.pk}).content.decode()
    assert all(c.last_name in page for c in caseload)
    before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = browser.post(f"{URL}?worker={leaving.pk}", {
        "clients": [c.pk for c in caseload[:2]], "from_worker": leaving.pk, "to_worker": caseworker.pk})
    assert response.status_code == 302
    for client in caseload[:2]:
        assert list(client.assigned_workers.all()) == [caseworker]
        entries = LogEntry.objects.get_for_object(client).filter(pk__gt=before)
        changes = [e.changes["assigned_workers"]["operation"] for e in entries]
        assert sorted(changes) == ["add", "delete"] and {e.actor for e in entries} == {contact}, changes
    assert list(caseload[2].assigned_workers.all()) == [leaving]
    # The new worker now sees them; the one who left does not.
    assert _browser(caseworker).get(f"/clients/{caseload[0].pk}/").status_code == 200
    assert _browser(leaving).get(f"/clients/{caseload[0].pk}/").status_code == 404


def test_the_admin_sees_the_clients_without_a_worker_and_assigns_one(admin_user, caseworker, unassigned, caseload):
    browser = _browser(admin_user)
    page = browser.get(URL).content.decode()  # clients without a worker, by default
    assert "Yksinäinen Olli" in page and "Aalto" not in page
    assert "1 asiakas ilman työntekijää" in page
    browser.post(URL, {"clients": [unassigned.pk], "to_worker": caseworker.pk})
    assert list(unassigned.assigned_workers.all()) == [caseworker]


def test_a_caseworker_cannot_move_clients(caseworker, leaving, caseload):
    browser = _browser(caseworker)
    assert browser.get(URL).status_code == 403
    response = browser.post(URL, {"clients": [caseload[0].pk], "from_worker": leaving.pk, "to_worker": caseworker.pk})
    assert response.status_code == 403 and list(caseload[0].assigned_workers.all()) == [leaving]
    with pytest.raises(PermissionDenied):
        clients_reassign(actor=caseworker, clients=caseload, from_worker=leaving, to_worker=caseworker)


def test_another_organisations_clients_and_workers_are_refused(contact, leaving, caseworker, caseload, other_provider,
                                                               other_register):
    """The attack: ids of another organisation's worker or client in the POST."""
    foreign_worker = make_user(Role.CASEWORKER, other_provider, username="vieras")
    foreign_client = make_client(foreign_worker, other_register, last_name="Vieras")
    browser = _browser(contact)
    # Another organisation's worker as the target, and as the filter.
    response = browser.post(f"{URL}?worker={leaving.pk}", {
        "clients": [caseload[0].pk], "from_worker": leaving.pk, "to_worker": foreign_worker.pk})
    assert response.status_code == 400 and list(caseload[0].assigned_workers.all()) == [leaving]
    assert browser.get(URL, {"worker": foreign_worker.pk}).status_code == 404
    # Another organisation's client taken from its worker.
    response = browser.post(f"{URL}?worker={leaving.pk}", {
        "clients": [foreign_client.pk], "from_worker": leaving.pk, "to_worker": caseworker.pk})
    assert response.status_code == 400 and list(foreign_client.assigned_workers.all()) == [foreign_worker]
    assert "Vieras" not in browser.get(URL, {"worker": leaving.pk}).content.decode()
    # And the service itself, called past the form.
    with pytest.raises(Http404):
        clients_reassign(actor=contact, clients=[foreign_client], from_worker=None, to_worker=caseworker)
    with pytest.raises(ValidationError):
        clients_reassign(actor=contact, clients=caseload, from_worker=leaving, to_worker=foreign_worker)
    assert list(foreign_client.assigned_workers.all()) == [foreign_worker]
    assert all(list(c.assigned_workers.all()) == [leaving] for c in caseload)


def test_the_register_contact_finds_the_page_from_the_front_page_and_a_caseworker_does_not(client, contact,
                                                                                          caseworker):
    client.force_login(contact)
    assert 'href="/clients/assignments/"' in client.get("/").content.decode()
    client.force_login(caseworker)
    assert 'href="/clients/assignments/"' not in client.get("/").content.decode()


def test_moving_clients_to_the_worker_they_already_have_is_a_form_error_not_a_server_error(contact, leaving, caseload):
    """The service refuses (ValidationError); the page said nothing and answered 500 before."""
    browser = _browser(contact)
    browser.cookies["django_language"] = "en"
    response = browser.post(f"{URL}?worker={leaving.pk}", {
        "clients": [caseload[0].pk], "from_worker": leaving.pk, "to_worker": leaving.pk})
    assert response.status_code == 400
    assert "Choose a different worker to move the clients to." in response.content.decode()
    assert list(caseload[0].assigned_workers.all()) == [leaving]
