"""Accounts: a worker profile with a signed confidentiality commitment is the key to client data
(seeds 000, 003, 004), and every change through a view names its actor."""

import pytest
from auditlog.models import LogEntry

from clients.constants import Role
from tests.conftest import make_user


def test_user_without_worker_profile_is_refused_client_data(client, provider, client_a):
    user = make_user(Role.CASEWORKER, None)
    client.force_login(user)
    for url in ["/clients/", f"/clients/{client_a.pk}/", "/"]:
        response = client.get(url)
        assert response.status_code == 403
        assert "ei ole liitetty organisaatioon" in response.content.decode()
    assert client_a.display_name not in client.get("/clients/").content.decode()


def test_user_without_signed_confidentiality_commitment_is_refused_client_data(
    client, provider, register, client_a
):
    """Seed 003: "Asiakasrekisteriä käsittelevät henkilöt ovat allekirjoittaneet
    salassapitositoumuksen" (all who handle the register have signed a commitment)."""
    user = make_user(Role.REGISTER_CONTACT, provider, signed=False)
    client.force_login(user)
    response = client.get(f"/clients/{client_a.pk}/")
    assert response.status_code == 403
    assert "salassapitositoumus" in response.content.decode()
    assert "Mäkinen" not in response.content.decode()


def test_user_with_profile_but_no_role_is_refused(client, provider, client_a):
    user = make_user(None, provider)
    client.force_login(user)
    assert client.get("/clients/").status_code == 403


@pytest.mark.django_db
def test_auditlog_records_the_actor_of_a_change_made_through_a_view(client, caseworker, client_a):
    client.force_login(caseworker)
    response = client.post(f"/clients/{client_a.pk}/edit/", {
        "kind": "person", "last_name": "Mäkinen", "first_names": "Matti Juhani",
        "identity_code": client_a.identity_code, "preferred_language": "fi",
        "relationship_started": "2024-01-01",
    })
    assert response.status_code == 302, response.content.decode()
    updates = LogEntry.objects.get_for_object(client_a).filter(action=LogEntry.Action.UPDATE)
    entry = updates.latest("timestamp")
    assert entry.actor == caseworker
    assert entry.changes_dict["first_names"] == ["Matti", "Matti Juhani"]
