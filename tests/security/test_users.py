"""Users: deactivating a user keeps their name in every log (the user is PROTECTed, not deleted),
and the register contact can read one user's own access log, within their organisation."""

import pytest
from django.db.models import ProtectedError
from django.http import Http404
from django.utils import timezone

from clients.models import AccessEntry
from clients.services import client_open
from clients.services import emergency as emergency_services
from tests.conftest import make_client


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def test_a_user_with_log_entries_cannot_be_deleted_only_deactivated(caseworker, client_a):
    client_open(user=caseworker, pk=client_a.pk, kind="client_file")
    with pytest.raises(ProtectedError):
        caseworker.delete()
    caseworker.is_active = False
    caseworker.save()
    entry = AccessEntry.objects.get(user=caseworker, client=client_a)
    assert entry.user.get_full_name() == caseworker.get_full_name()


def test_emergency_accesses_keep_the_users_name_too(caseworker, client_b, contact):
    emergency_services.emergency_access_open(actor=caseworker, lookup=client_b.identity_code,
                                            reason="Sijaisuus kiireellisessä asiassa", now=timezone.now())
    with pytest.raises(ProtectedError):
        caseworker.delete()


def test_the_register_contact_reads_a_users_access_log(en, contact, caseworker, caseworker_b, client_a,
                                                       client_b):
    client_open(user=caseworker, pk=client_a.pk, kind="client_file")
    with pytest.raises(Http404):  # the denied attempt is logged
        client_open(user=caseworker, pk=client_b.pk, kind="client_file")
    client_open(user=caseworker_b, pk=client_b.pk, kind="client_file")
    caseworker.is_active = False
    caseworker.save()
    en.force_login(contact)
    users = en.get("/clients/users/").content.decode()
    assert caseworker.username in users and "deactivated" in users
    log = en.get(f"/clients/users/{caseworker.pk}/access-log/").content.decode()
    assert client_a.display_name in log
    assert client_b.display_name in log  # the denied attempt
    assert "denied" in log
    # Only this user's entries: caseworker_b's look at client_b is not in caseworker's log.
    assert log.count(client_b.display_name) == 1


def test_users_and_logs_of_another_organisation_are_not_shown(en, contact, other_contact, other_register):
    stranger_client = make_client(other_contact, other_register, last_name="Vieraskunta")
    client_open(user=other_contact, pk=stranger_client.pk, kind="client_file")
    en.force_login(contact)
    assert other_contact.username not in en.get("/clients/users/").content.decode()
    assert en.get(f"/clients/users/{other_contact.pk}/access-log/").status_code == 404


def test_a_users_log_shows_only_clients_the_viewer_may_see(en, contact, other_contact, other_register,
                                                           caseworker):
    """A user of ours who tried another organisation's client: the viewer does not learn that
    client's name from our log."""
    stranger_client = make_client(other_contact, other_register, last_name="Vieraskunta")
    with pytest.raises(Http404):
        client_open(user=caseworker, pk=stranger_client.pk, kind="client_file")
    en.force_login(contact)
    log = en.get(f"/clients/users/{caseworker.pk}/access-log/").content.decode()
    assert "Vieraskunta" not in log


def test_a_caseworker_cannot_read_anyones_log(client, caseworker, caseworker_b):
    client.force_login(caseworker)
    assert client.get("/clients/users/").status_code == 403
    assert client.get(f"/clients/users/{caseworker_b.pk}/access-log/").status_code == 403
