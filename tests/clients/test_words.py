"""What a caseworker reads: words that fit the place, in Finnish and Swedish, and never the
database's internals (constraint and column names)."""

import datetime
import re

import pytest
from stdnum.fi import hetu

from clients.demo import identity_code_make
from clients.models import Client
from clients.services import file as file_services

INTERNALS = ("client_identity_code_unique_per_register", "duration_minutes", "legal_hold_client_or_register",
             "Constraint", "Rajoite")


def page(browser, user, url, language="fi"):
    browser.force_login(user)
    browser.cookies["django_language"] = language
    return browser.get(url).content.decode()


def test_a_second_client_with_the_same_identity_code_is_refused_in_words_a_caseworker_understands(
        client, caseworker, register):
    client.force_login(caseworker)
    code = identity_code_make(datetime.date(1937, 8, 2), 345, "-")
    form = {"register": register.pk, "kind": "person", "last_name": "Kaksinen", "first_names": "Kalle",
            "identity_code": code, "preferred_language": "fi", "relationship_started": "2026-01-01"}
    assert client.post("/clients/new/", form).status_code == 302
    response = client.post("/clients/new/", {**form, "first_names": "Kaija"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tällä henkilötunnuksella on jo asiakas tässä rekisterissä." in html
    assert not any(word in html for word in INTERNALS)
    assert Client.objects.count() == 1


def test_a_corrected_visit_names_the_field_as_the_form_does(client, caseworker, client_a):
    visit = file_services.entry_record(actor=caseworker, client=client_a, **{
        "date": datetime.date(2026, 11, 10), "duration_minutes": 45, "content": "Kotikäynti."})
    client.force_login(caseworker)
    response = client.post(f"/clients/{client_a.pk}/entries/{visit.pk}/correct/", {
        "field": "duration_minutes", "value": "30", "reason": "Käynti kesti puoli tuntia."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kenttä ”kesto (minuuttia)” korjattiin" in html
    entries = page(client, caseworker, f"/clients/{client_a.pk}/entries/")
    assert "Käynti kesti puoli tuntia." in entries
    assert not any(word in html + entries for word in INTERNALS)


@pytest.mark.parametrize("language,people,things", [
    ("fi", "Ei kirjattuja henkilöitä.", "Ei kirjauksia."),
    ("sv", "Inga personer registrerade.", "Inget registrerat."),
])
def test_an_empty_list_of_people_and_an_empty_list_of_documents_read_differently(
        client, caseworker, client_a, language, people, things):
    """A client with no guardians or next of kin and no documents: "no persons recorded" fits the
    first, not the second."""
    assert people in page(client, caseworker, f"/clients/{client_a.pk}/", language)
    documents = page(client, caseworker, f"/clients/{client_a.pk}/documents/", language)
    assert things in documents and people not in documents


@pytest.mark.parametrize("language,button", [("fi", "Kirjaa pyyntö"), ("sv", "Registrera begäran"),
                                             ("en", "Register the request")])
def test_the_request_forms_button_says_what_it_does(client, caseworker, client_a, language, button):
    html = page(client, caseworker, f"/requests/new/{client_a.pk}/", language)
    assert f'<button type="submit" class="button">{button}</button>' in html


def test_the_emergency_access_example_identity_code_is_a_valid_one(client, caseworker):
    html = page(client, caseworker, "/clients/emergency/")
    (example,) = re.findall(r"esim\. (\d{6}[-+A-Y]\d{3}[0-9A-Y])", html)
    assert hetu.is_valid(example), example
