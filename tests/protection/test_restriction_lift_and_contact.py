"""Lifting a restriction is preceded by a letter informing the client (GDPR Art 18(3), issue 19),
and contact preferences live on the client: channel, "no letters home", interpreter need."""

import datetime
import io
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from clients import services
from clients.constants import AccessKind
from clients.models import AccessEntry, BreachNotice
from clients.services.breaches import breach_create, breach_notice_record
from requests import services as request_services
from requests.constants import Outcome, RequestType
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_restriction_is_not_lifted_before_the_client_is_told_by_letter_in_her_own_language(
        db, contact, caseworker, register):
    """GDPR Art 18(3): "A data subject who has obtained restriction of processing ... shall be
    informed by the controller before the restriction of processing is lifted." """
    person = make_client(contact, register, preferred_language="sv", restricted=True,
                         street_address="Hemväg 3", postal_code="65100", city="Vasa")
    dsr = request_services.request_register(
        actor=contact, client=person, type=RequestType.RECTIFICATION, received_on=TODAY,
        channel="signed_letter", submission_key=uuid.uuid4(), today=TODAY)
    request_services.request_verify_identity(actor=contact, request=dsr, method="photo_id")

    with pytest.raises(ValidationError) as refused:
        request_services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED,
                                        decision="Korjattu", lift_restriction=True)
    assert "Art 18(3)" in str(refused.value)
    person.refresh_from_db()
    dsr.refresh_from_db()
    assert person.restricted and dsr.is_open  # nothing of the decision was saved
    with pytest.raises(PermissionDenied):
        services.restriction_lift_letter(actor=caseworker, client=person)

    text = pdf_text(services.restriction_lift_letter(actor=contact, client=person))

    assert "Hemväg 3" in text and "Art 18" in text
    assert "Dear" not in text  # Swedish, the client's language, not the worker's English
    assert AccessEntry.objects.filter(client=person, kind=AccessKind.EXPORT,
                                      detail__contains="Art 18(3)").exists()
    request_services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED,
                                    decision="Korjattu", lift_restriction=True)
    person.refresh_from_db()
    assert not person.restricted and person.restriction_lift_letter_at is None


def test_the_letter_is_not_addressed_home_when_the_client_wants_no_letters_home(db, contact, caseworker, register):
    person = make_client(contact, register, restricted=True, street_address="Kotikuja 9",
                         no_letters_home=True)

    text = pdf_text(services.restriction_lift_letter(actor=contact, client=person))

    assert "Kotikuja 9" not in text and "Ei kirjeitä kotiosoitteeseen" in text  # in Finnish, her language


def test_contact_preferences_are_saved_through_the_client_form_and_shown_on_the_file(
        db, client, caseworker, register):
    person = make_client(caseworker, register)
    client.force_login(caseworker)
    data = {"kind": "person", "last_name": person.last_name, "first_names": person.first_names,
            "identity_code": person.identity_code, "preferred_language": "fi",
            "relationship_started": "2024-01-01", "contact_channel": "phone", "no_letters_home": "on",
            "interpreter_language": "arabia"}

    assert client.post(f"/clients/{person.pk}/edit/", data).status_code == 302

    person.refresh_from_db()
    assert (person.contact_channel, person.no_letters_home, person.interpreter_language) == (
        "phone", True, "arabia")
    page = client.get(f"/clients/{person.pk}/").content.decode()
    assert "arabia" in page and "Puhelin" in page


def test_a_caseworker_records_an_art_18_2_ground_on_the_entry_form_of_a_restricted_client(
        db, client, contact, caseworker, register):
    """Issue 19: "unless one of Art 18(2)'s grounds is recorded for that act (the client's consent,
    legal claims, another person's rights such as a child-welfare notification, important public
    interest)"."""
    person = make_client(contact, register, restricted=True)
    person.assigned_workers.add(caseworker)
    client.force_login(caseworker)
    assert 'name="restriction_ground"' in client.get(f"/clients/{person.pk}/entries/new/").content.decode()
    entry = {"date": TODAY.isoformat(), "kind": "visit", "duration_minutes": "30",
             "content": "Lastensuojeluilmoituksen perusteet"}

    refused = client.post(f"/clients/{person.pk}/entries/new/", entry)
    allowed = client.post(f"/clients/{person.pk}/entries/new/", {**entry, "restriction_ground": "other_person"})

    assert refused.status_code == 200 and allowed.status_code == 302
    assert person.entries.count() == 1
    assert AccessEntry.objects.filter(client=person, purpose__startswith="GDPR Art 18(2)").exists()
    ordinary = make_client(caseworker, register)
    assert "restriction_ground" not in client.get(f"/clients/{ordinary.pk}/entries/new/").content.decode()


def test_the_letter_button_gives_the_register_contact_the_pdf_and_a_caseworker_only_a_message(
        db, client, contact, caseworker, register):
    person = make_client(contact, register, restricted=True)
    person.assigned_workers.add(caseworker)
    client.force_login(contact)
    assert client.get(f"/clients/{person.pk}/restriction-letter/").status_code == 405  # a link records nothing
    client.force_login(caseworker)
    assert client.post(f"/clients/{person.pk}/restriction-letter/").status_code == 302
    person.refresh_from_db()
    assert person.restriction_lift_letter_at is None
    client.force_login(contact)
    response = client.post(f"/clients/{person.pk}/restriction-letter/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    person.refresh_from_db()
    assert person.restriction_lift_letter_at is not None


def test_the_breach_notice_honours_post_only_too(db, contact, caseworker, register):
    """Issue 19: every letter path honours the contact preferences. A client who wants letters by
    post only gets the breach notice (GDPR Art 34) as a letter, never recorded as an email."""
    person = make_client(caseworker, register, email="asiakas@example.fi", contact_channel="letter")
    breach = breach_create(actor=contact, clients=[person], title="Väärä vastaanottaja",
                           discovered_at=timezone.now(), description="Kirje väärään osoitteeseen",
                           affected_data="Nimi")
    with pytest.raises(ValidationError, match="post only"):
        breach_notice_record(actor=contact, breach=breach, client=person, channel="email", now=timezone.now())
    assert not BreachNotice.objects.filter(client=person).exists()
    breach_notice_record(actor=contact, breach=breach, client=person, channel="letter", now=timezone.now())
    assert BreachNotice.objects.get(client=person).channel == "letter"
