"""Corrections everywhere (issue 19). Seed 003: "Mahdollisesti virheelliset merkinnät korjataan
niin, että merkintä on myöhemmin luettavissa. Korjauksen tekijän nimi, korjauksen tekopäivä ja
korjauksen peruste merkitään asiakastietoihin." """

import datetime

import pytest
from django.core.exceptions import ValidationError

from clients import services
from clients.models import Correction
from tests.conftest import make_client


def test_changing_basic_data_in_the_client_form_keeps_the_earlier_value_readable_with_who_when_why(
        db, client, caseworker, register):
    person = make_client(caseworker, register, street_address="Vanha tie 1", phone="040 111")
    client.force_login(caseworker)
    form = client.get(f"/clients/{person.pk}/edit/")
    assert 'name="reason"' in form.content.decode()
    data = {
        "kind": "person", "last_name": person.last_name, "first_names": person.first_names,
        "identity_code": person.identity_code, "preferred_language": "fi",
        "street_address": "Uusi katu 2", "phone": "040 111",
        "relationship_started": "2024-01-01", "reason": "Asiakas muutti, ilmoitti puhelimessa.",
    }

    response = client.post(f"/clients/{person.pk}/edit/", data)

    assert response.status_code == 302
    correction = Correction.objects.get(client=person)
    assert (correction.field, correction.original_value, correction.corrected_value) == (
        "client.street_address", "Vanha tie 1", "Uusi katu 2")
    assert correction.corrected_by == caseworker and correction.reason.startswith("Asiakas muutti")
    page = client.get(f"/clients/{person.pk}/").content.decode()
    assert "Vanha tie 1" in page and "Asiakas muutti, ilmoitti puhelimessa." in page


def test_overwriting_a_value_without_a_reason_is_refused_on_the_page_and_in_the_service(
        db, client, caseworker, register):
    person = make_client(caseworker, register, phone="040 111")
    client.force_login(caseworker)
    data = {"kind": "person", "last_name": person.last_name, "first_names": person.first_names,
            "identity_code": person.identity_code, "preferred_language": "fi", "phone": "050 999",
            "relationship_started": "2024-01-01"}

    response = client.post(f"/clients/{person.pk}/edit/", data)

    assert response.status_code == 200
    person.refresh_from_db()
    assert person.phone == "040 111" and not Correction.objects.exists()
    with pytest.raises(ValidationError):
        services.client_update(actor=caseworker, client=person, phone="050 999")
    # Filling an empty field is no correction and needs no reason.
    person.refresh_from_db()
    services.client_update(actor=caseworker, client=person, email="uusi@example.fi")
    assert not Correction.objects.exists()


def test_clearing_address_protection_needs_a_reason_and_leaves_the_marking_readable(
        db, caseworker, register):
    person = make_client(caseworker, register, address_protected=True, relationship_started=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        services.client_update(actor=caseworker, client=person, address_protected=False)
    services.client_update(actor=caseworker, client=person, address_protected=False,
                           reason="Maistraatin ilmoitus: turvakielto päättyi.")
    correction = Correction.objects.get(client=person)
    assert correction.field == "client.address_protected" and correction.original_value == "kyllä"


def test_changing_a_guardians_phone_keeps_the_earlier_number_readable_and_needs_a_reason(
        db, client, caseworker, register):
    child = make_client(caseworker, register, first_names="Ella", born=datetime.date(2014, 4, 4), sign="A")
    guardian = services.representative_save(
        actor=caseworker, client=child, today=datetime.date(2026, 11, 21), role="guardian",
        first_names="Äiti", last_name="Mäkinen", phone="040 111", valid_from=child.date_of_birth)
    client.force_login(caseworker)
    data = {"role": "guardian", "first_names": "Äiti", "last_name": "Mäkinen", "phone": "050 222",
            "valid_from": child.date_of_birth.isoformat()}

    refused = client.post(f"/clients/{child.pk}/representatives/{guardian.pk}/", data)
    saved = client.post(f"/clients/{child.pk}/representatives/{guardian.pk}/",
                        {**data, "reason": "Numero vaihtunut, äiti ilmoitti."})

    assert refused.status_code == 200 and saved.status_code == 302
    correction = Correction.objects.get(representative=guardian)
    assert (correction.field, correction.original_value, correction.corrected_value) == (
        "representative.phone", "040 111", "050 222")
    page = client.get(f"/clients/{child.pk}/").content.decode()
    assert "Numero vaihtunut, äiti ilmoitti." in page and "040 111" in page


def test_the_admin_asks_the_reason_too_and_keeps_the_earlier_value(db, client, admin_user, register):
    """Every path: a change in the admin without a reason is a form error (never a 500), with a
    reason it is a correction like in the client file."""
    person = make_client(admin_user, register, phone="040 111")
    form = {
        "register": register.pk, "kind": "person", "last_name": person.last_name, "first_names": person.first_names,
        "identity_code": person.identity_code, "date_of_birth": "", "preferred_language": "fi",
        "relationship_started": "2024-01-01", "phone": "050 999",
        "health-TOTAL_FORMS": "0", "health-INITIAL_FORMS": "0", "health-MIN_NUM_FORMS": "0",
        "health-MAX_NUM_FORMS": "1", "representatives-TOTAL_FORMS": "0", "representatives-INITIAL_FORMS": "0",
        "representatives-MIN_NUM_FORMS": "0", "representatives-MAX_NUM_FORMS": "1000",
    }
    client.force_login(admin_user)

    refused = client.post(f"/admin/clients/client/{person.pk}/change/", form)
    saved = client.post(f"/admin/clients/client/{person.pk}/change/", {**form, "reason": "Väärä numero."})

    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert saved.status_code == 302
    print(list(Correction.objects.filter(client=person).values_list('field','original_value','corrected_value')))
    correction = Correction.objects.get(client=person)
    assert (correction.original_value, correction.corrected_value, correction.corrected_by) == (
        "040 111", "050 999", admin_user)
