"""Accounts: a worker profile with a signed confidentiality commitment is the key to client data
(seeds 000, 003, 004), and every change through a view names its actor."""

import pytest
from auditlog.models import LogEntry

from core.roles import Role
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
        "reason": "Toinen etunimi puuttui.",  # seed 003: a correction records its reason
    })
    assert response.status_code == 302, response.content.decode()
    updates = LogEntry.objects.get_for_object(client_a).filter(action=LogEntry.Action.UPDATE)
    entry = updates.latest("timestamp")
    assert entry.actor == caseworker
    assert entry.changes_dict["first_names"] == ["Matti", "Matti Juhani"]


def test_signed_in_user_comes_with_their_roles_in_the_same_query(caseworker, contact, django_assert_num_queries):
    """Every page checks the user's roles: on PostgreSQL they arrive with the user, not as a
    second query per request (and a role given in the admin counts from the next request)."""
    from django.contrib.auth.models import Group
    from django.db import connection

    from clients.selectors import user_roles
    from config.auth import ModelBackend

    if connection.vendor != "postgresql":
        pytest.skip("role names come with the user only on PostgreSQL")
    with django_assert_num_queries(1):
        user = ModelBackend().get_user(contact.pk)
        assert user_roles(user) == {Role.REGISTER_CONTACT}
        assert user.worker_profile.controller_id == contact.worker_profile.controller_id
    caseworker.groups.add(Group.objects.get(name=Role.REGISTER_CONTACT))
    assert user_roles(ModelBackend().get_user(caseworker.pk)) == {Role.CASEWORKER, Role.REGISTER_CONTACT}
