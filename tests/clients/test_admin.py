"""The Django admin: scoped, access-logged, codes masked, no client deletion."""

from clients.models import AccessEntry


def test_admin_client_change_page_is_access_logged(client, admin_user, client_a):
    client.force_login(admin_user)
    response = client.get(f"/admin/clients/client/{client_a.pk}/change/")
    assert response.status_code == 200
    assert AccessEntry.objects.filter(client=client_a, user=admin_user, kind="admin_change").count() == 1


def test_admin_client_list_masks_identity_codes_and_offers_no_deletion(client, admin_user, client_a):
    client.force_login(admin_user)
    html = client.get("/admin/clients/client/").content.decode()
    assert client_a.masked_identity_code in html
    assert client_a.identity_code not in html
    assert client.get(f"/admin/clients/client/{client_a.pk}/delete/").status_code in (403, 302)
    assert client_a.__class__.objects.filter(pk=client_a.pk).exists()


def test_admin_of_another_organisation_gets_404_on_the_change_page(client, other_provider, client_a):
    from core.roles import Role
    from tests.conftest import make_user

    stranger = make_user(Role.ADMIN, other_provider)
    client.force_login(stranger)
    assert client.get(f"/admin/clients/client/{client_a.pk}/change/").status_code == 404


# --- The admin goes through the same services as the client file (issue 19) ---

import datetime  # noqa: E402

from django.utils import timezone  # noqa: E402

from clients.demo import identity_code_make  # noqa: E402
from clients.models import Client, Representative  # noqa: E402


def _client_admin_form(register, **changes) -> dict:
    data = {
        "register": register.pk, "kind": "person", "last_name": "Åberg", "first_names": "Anna",
        "identity_code": identity_code_make(datetime.date(1960, 3, 4), 234, "-"), "date_of_birth": "",
        "preferred_language": "fi", "relationship_started": "2026-01-02",
        "health-TOTAL_FORMS": "0", "health-INITIAL_FORMS": "0",
        "health-MIN_NUM_FORMS": "0", "health-MAX_NUM_FORMS": "1",
        "representatives-TOTAL_FORMS": "0", "representatives-INITIAL_FORMS": "0",
        "representatives-MIN_NUM_FORMS": "0", "representatives-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def _representative(prefix: str, **values) -> dict:
    fields = {"role": "guardian", "first_names": "Isä", "last_name": "Åberg", "valid_from": "2012-05-05",
              "valid_until": "", "relationship": "", "phone": "", "email": "", "street_address": "",
              "postal_code": "", "city": "", "prohibition_reasoning": "", **values}
    return {f"{prefix}-{name}": value for name, value in fields.items() if value is not None}


def test_admin_refuses_an_impossible_identity_code_with_a_form_error_not_a_broken_client(
        client, admin_user, register):
    """Issue 19: "The admin saves an identity code "123" ... that client's file then answers 500"."""
    client.force_login(admin_user)
    for bad in ("123", "010190-123X", "010199A9999"):
        response = client.post("/admin/clients/client/add/", _client_admin_form(register, identity_code=bad))
        assert response.status_code == 200, bad
        assert "errorlist" in response.content.decode()
    response = client.post("/admin/clients/client/add/", _client_admin_form(
        register, kind="organisation", last_name="", first_names="", identity_code="",
        organisation_name="Yhdistys ry", business_id="1234567-8"))
    assert response.status_code == 200
    assert not Client.objects.exists()


def test_admin_refuses_a_person_without_names_or_date_of_birth(client, admin_user, register):
    client.force_login(admin_user)
    response = client.post("/admin/clients/client/add/", _client_admin_form(
        register, last_name="", identity_code=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("errorlist") >= 2
    assert not Client.objects.exists()


def test_client_added_in_the_admin_has_its_search_key_and_opens_in_the_app(client, admin_user, contact, register):
    client.force_login(admin_user)
    code = identity_code_make(datetime.date(1960, 3, 4), 234, "-")
    response = client.post("/admin/clients/client/add/", _client_admin_form(register, identity_code=code.lower()))
    assert response.status_code == 302
    added = Client.objects.get()
    assert added.identity_code == code
    assert added.search_name == "aberg anna"
    assert added.date_of_birth == datetime.date(1960, 3, 4)
    client.force_login(contact)
    assert client.get(f"/clients/{added.pk}/").status_code == 200
    assert "Åberg Anna" in client.get("/clients/", {"q": "aberg"}).content.decode()


def test_admin_change_with_a_bad_identity_code_is_a_form_error(client, admin_user, client_a):
    client.force_login(admin_user)
    response = client.post(f"/admin/clients/client/{client_a.pk}/change/", _client_admin_form(
        client_a.register, identity_code="123", last_name=client_a.last_name))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    client_a.refresh_from_db()
    assert len(client_a.identity_code) == 11


def test_admin_inline_prohibition_needs_the_assessment_and_is_stamped(client, admin_user, register):
    """Seed 003: "alaikäinen ... voi kieltää tietojensa antamisen huoltajalleen tai muulle
    lailliselle edustajalleen"; the admin inline records it with the assessment, stamped with who
    assessed it and when, and refuses it without one or towards next of kin."""
    client.force_login(admin_user)
    child_code = identity_code_make(datetime.date(2012, 5, 5), 345, "A")
    form = _client_admin_form(register, identity_code=child_code, **{
        "representatives-TOTAL_FORMS": "1",
        **_representative("representatives-0", disclosure_prohibited="on")})
    response = client.post("/admin/clients/client/add/", form)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Client.objects.exists()

    form.update(_representative("representatives-0", role="next_of_kin", disclosure_prohibited="on",
                                prohibition_reasoning="Arvioitu."))
    assert client.post("/admin/clients/client/add/", form).status_code == 200
    assert not Client.objects.exists()

    form.update(_representative("representatives-0", role="legal_representative", disclosure_prohibited="on",
                                prohibition_reasoning="13-vuotias, kypsä päättämään; ei vaaranna lasta."))
    assert client.post("/admin/clients/client/add/", form).status_code == 302
    rep = Representative.objects.get()
    assert rep.disclosure_prohibited
    assert rep.prohibition_assessed_by == admin_user
    assert rep.prohibition_assessed_on == timezone.localdate()  # the register's day (Helsinki), not the server's


def test_admin_cannot_lift_a_restriction_with_a_checkbox(client, admin_user, contact, client_a):
    """Art 18(3): the client is told before a restriction is lifted; the admin form is no way
    around that."""
    from clients import services

    services.client_restrict(actor=contact, client=client_a, reason="Oikeellisuus kiistetty")
    client.force_login(admin_user)
    response = client.post(f"/admin/clients/client/{client_a.pk}/change/", _client_admin_form(
        client_a.register, identity_code=client_a.identity_code, last_name=client_a.last_name,
        first_names=client_a.first_names, restricted="", restriction_reason=""))
    assert response.status_code == 200  # refused: the admin asks the same restriction policy
    assert "18 artikla" in response.content.decode()
    client_a.refresh_from_db()
    assert client_a.restricted
