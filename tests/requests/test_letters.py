"""The register contact's letters (issue 20): acknowledgement, extension with reasons (GDPR Art
12(3)), refusal for an unverified identity (Art 11(2), 12(2)), the decision and the notice before
lifting a restriction (Art 18(3)), each a PDF in the requester's language made by a POST, or an
email to the client themself where the client's contact preferences allow; each recorded."""

import datetime
import io
import uuid

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from clients.constants import AccessKind, RecipientKind, RepresentativeRole
from clients.models import AccessEntry, Disclosure, Representative
from requests import outputs, services
from requests.constants import LetterChannel, LetterKind, Outcome, RequesterRole, RequestType
from requests.models import Letter
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)
STREET = "Kotipolku 7 B 12"

# The title of each letter, and a sentence of its body, in the three languages.
TITLES = {
    "fi": {
        LetterKind.ACKNOWLEDGEMENT: "Ilmoitus pyynnön vastaanottamisesta",
        LetterKind.EXTENSION: "Määräajan pidentäminen",
        LetterKind.UNVERIFIED_REFUSAL: "Kieltäytyminen: henkilöllisyyttä ei voitu todentaa",
        LetterKind.DECISION: "Päätös pyyntöön",
        LetterKind.RESTRICTION_LIFT: "Käsittelyn rajoitus poistetaan",
    },
    "sv": {
        LetterKind.ACKNOWLEDGEMENT: "Bekräftelse på mottagen begäran",
        LetterKind.EXTENSION: "Förlängning av tidsfristen",
        LetterKind.UNVERIFIED_REFUSAL: "Avslag: identiteten kunde inte styrkas",
        LetterKind.DECISION: "Beslut om begäran",
        LetterKind.RESTRICTION_LIFT: "Begränsningen av behandlingen hävs",
    },
    "en": {
        LetterKind.ACKNOWLEDGEMENT: "Acknowledgement of the request",
        LetterKind.EXTENSION: "Extension of the deadline",
        LetterKind.UNVERIFIED_REFUSAL: "Refusal: identity not verified",
        LetterKind.DECISION: "Decision on the request",
        LetterKind.RESTRICTION_LIFT: "The restriction of processing will be lifted",
    },
}
BODY = {
    "fi": {
        LetterKind.ACKNOWLEDGEMENT: "Vastaamme viimeistään",
        LetterKind.EXTENSION: "Pidentämisen syyt",
        LetterKind.UNVERIFIED_REFUSAL: "Epäämisen perusteet",
        LetterKind.DECISION: "Lopputulos",
        LetterKind.RESTRICTION_LIFT: "Käsittelyn rajoitus poistetaan",
    },
    "sv": {
        LetterKind.ACKNOWLEDGEMENT: "Vi svarar senast",
        LetterKind.EXTENSION: "Skäl till förlängningen",
        LetterKind.UNVERIFIED_REFUSAL: "Skälen till avslaget",
        LetterKind.DECISION: "Utfall",
        LetterKind.RESTRICTION_LIFT: "Begränsningen av behandlingen hävs",
    },
    "en": {
        LetterKind.ACKNOWLEDGEMENT: "We answer by",
        LetterKind.EXTENSION: "Reasons for the extension",
        LetterKind.UNVERIFIED_REFUSAL: "Reasons for the refusal",
        LetterKind.DECISION: "Outcome",
        LetterKind.RESTRICTION_LIFT: "The restriction of processing will be lifted",
    },
}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def person_with(actor, register, **extra):
    extra.setdefault("street_address", STREET)
    extra.setdefault("postal_code", "33100")
    extra.setdefault("city", "Tampere")
    return make_client(actor, register, **extra)


def sign_in(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "en"  # the handler's interface in English


def register_request(actor, person, *, type=RequestType.ACCESS, **extra):
    extra.setdefault("channel", "signed_letter")
    return services.request_register(actor=actor, client=person, type=type, received_on=TODAY,
                                     submission_key=uuid.uuid4(), today=TODAY, **extra)


def request_for(kind, contact, person):
    """A request at the point where `kind` of letter is due."""
    if kind == LetterKind.RESTRICTION_LIFT:
        dsr = register_request(contact, person, type=RequestType.RESTRICTION)
        services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
        return services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED,
                                       decision="Käsittelyä rajoitetaan")
    dsr = register_request(contact, person)
    if kind == LetterKind.EXTENSION:
        return services.request_extend(actor=contact, request=dsr, reason="Laaja aineisto kolmesta yksiköstä",
                                       notified_on=TODAY)
    if kind == LetterKind.UNVERIFIED_REFUSAL:
        return services.request_refuse_unverified(actor=contact, request=dsr,
                                                  reasons="Henkilöllisyystodistusta ei esitetty.")
    if kind == LetterKind.DECISION:
        services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
        return services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED,
                                       decision="Tiedot annetaan", no_redactions_needed=True)
    return dsr


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("kind", list(LetterKind))
def test_each_letter_is_in_the_clients_language_whatever_the_handlers(db, contact, register, kind, language):
    """The handler's interface speaks English (the folder's fixture); the letter speaks the client's."""
    person = person_with(contact, register, preferred_language=language)
    dsr = request_for(kind, contact, person)
    text = pdf_text(outputs.letter_pdf(actor=contact, request=dsr, kind=kind))
    assert TITLES[language][kind] in text
    assert BODY[language][kind] in text
    for other in {"fi", "sv", "en"} - {language}:
        assert TITLES[other][kind] not in text
    letter = Letter.objects.get(request=dsr)
    assert (letter.kind, letter.channel, letter.language, letter.produced_by) == (
        kind, LetterChannel.PDF, language, contact)


def test_the_extension_letter_gives_the_reasons_and_the_new_deadline(db, contact, register):
    person = person_with(contact, register)
    dsr = request_for(LetterKind.EXTENSION, contact, person)
    text = pdf_text(outputs.letter_pdf(actor=contact, request=dsr, kind=LetterKind.EXTENSION))
    assert "Laaja aineisto kolmesta yksiköstä" in text
    assert dsr.due_on.strftime("%-d.%-m.%Y") in text  # three months from receipt


def test_a_letter_not_yet_due_is_refused_and_nothing_is_recorded(db, contact, register):
    dsr = register_request(contact, person_with(contact, register))
    for kind in (LetterKind.EXTENSION, LetterKind.UNVERIFIED_REFUSAL, LetterKind.DECISION,
                 LetterKind.RESTRICTION_LIFT):
        with pytest.raises(ValidationError):
            outputs.letter_pdf(actor=contact, request=dsr, kind=kind)
    assert not Letter.objects.exists()


def test_email_goes_to_the_client_with_the_letter_attached_and_is_a_disclosure_to_the_client(
        db, client, contact, register):
    person = person_with(contact, register, preferred_language="sv", email="asiakas@example.fi",
                         contact_channel="email")
    dsr = request_for(LetterKind.DECISION, contact, person)
    sign_in(client, contact)
    response = client.post(f"/requests/{dsr.pk}/letters/decision/", {"channel": "email"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asiakas@example.fi"]
    assert message.subject.startswith("Beslut om begäran")
    assert "Bifogat finns vårt brev" in message.body
    (name, content, mimetype), = message.attachments
    assert mimetype == "application/pdf" and "Beslut om begäran" in pdf_text(content)
    letter = Letter.objects.get(request=dsr)
    assert letter.channel == LetterChannel.EMAIL and letter.recipient_role == RequesterRole.CLIENT
    disclosure = Disclosure.objects.get(pk=letter.disclosure_id)
    assert disclosure.client_id == person.pk and disclosure.recipient_kind == RecipientKind.CLIENT
    assert AccessEntry.objects.filter(client=person, kind=AccessKind.EXPORT,
                                      detail__contains="letter decision").exists()
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "Decision on the request: Email" in page  # listed on the request page


def test_no_email_when_the_client_wants_post_only(db, client, contact, register):
    person = person_with(contact, register, email="asiakas@example.fi", contact_channel="letter")
    dsr = request_for(LetterKind.ACKNOWLEDGEMENT, contact, person)
    with pytest.raises(ValidationError, match="post only"):
        outputs.letter_email(actor=contact, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT)
    sign_in(client, contact)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert 'name="channel" value="email"' not in page and "The client wants letters by post only." in page
    forged = client.post(f"/requests/{dsr.pk}/letters/acknowledgement/", {"channel": "email"})
    assert forged.status_code == 302
    assert mail.outbox == [] and not Letter.objects.exists() and not Disclosure.objects.filter(client=person).exists()
    # The letter by post is fine.
    made = client.post(f"/requests/{dsr.pk}/letters/acknowledgement/", {"channel": "pdf"})
    assert made.status_code == 200 and made["Content-Type"] == "application/pdf"
    assert Letter.objects.get().channel == LetterChannel.PDF


def test_no_email_without_an_address(db, contact, register):
    dsr = request_for(LetterKind.ACKNOWLEDGEMENT, contact, person_with(contact, register))
    with pytest.raises(ValidationError, match="no email address"):
        outputs.letter_email(actor=contact, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT)
    assert mail.outbox == []


def test_a_protected_address_is_only_in_the_envelope_window_of_a_letter_to_the_client(db, contact, register):
    """Turvakielto: a letter to the client is fine, addressed to her; the address is printed
    once, in the window, never in the body, never in an emailed letter, never to a representative."""
    person = person_with(contact, register, address_protected=True, email="asiakas@example.fi",
                         preferred_language="en")
    dsr = request_for(LetterKind.ACKNOWLEDGEMENT, contact, person)
    text = pdf_text(outputs.letter_pdf(actor=contact, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT))
    assert text.count(STREET) == 1
    assert text.index(STREET) < text.index("Dear")  # in the window, above the letter
    outputs.letter_email(actor=contact, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT)
    (_name, content, _type), = mail.outbox[0].attachments
    assert STREET not in pdf_text(content) and STREET not in mail.outbox[0].body

    guardian = Representative.objects.create(
        client=person, role=RepresentativeRole.LEGAL_REPRESENTATIVE, first_names="Liisa", last_name="Huoltaja",
        street_address="Muualla 1", postal_code="00100", city="Helsinki", valid_from=datetime.date(2024, 1, 1))
    asked = register_request(contact, person, requester_role=RequesterRole.LEGAL_REPRESENTATIVE,
                             representative=guardian)
    text = pdf_text(outputs.letter_pdf(actor=contact, request=asked, kind=LetterKind.ACKNOWLEDGEMENT))
    assert "Liisa Huoltaja" in text and "Muualla 1" in text
    assert STREET not in text and "33100" not in text
    with pytest.raises(ValidationError, match="client themself only"):
        outputs.letter_email(actor=contact, request=asked, kind=LetterKind.ACKNOWLEDGEMENT)
    assert len(mail.outbox) == 1


def test_no_letters_home_leaves_the_home_address_out_and_the_page_says_how_else(db, client, contact, register):
    person = person_with(contact, register, no_letters_home=True, contact_channel="in_person",
                         interpreter_language="arabia")
    dsr = request_for(LetterKind.ACKNOWLEDGEMENT, contact, person)
    text = pdf_text(outputs.letter_pdf(actor=contact, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT))
    assert STREET not in text and "Ei kirjeitä kotiosoitteeseen" in text  # Finnish, the default
    sign_in(client, contact)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "hand the letter over in person, or deliver it as agreed with the client" in page
    assert "Interpreter needed" in page and "arabia" in page


def test_the_interpreter_need_is_on_the_request_page_for_the_caseworker_too(db, client, caseworker, register):
    person = person_with(caseworker, register, interpreter_language="somali")
    dsr = register_request(caseworker, person)
    sign_in(client, caseworker)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "Interpreter needed" in page and "somali" in page


def test_a_get_makes_nothing_and_records_nothing(db, client, contact, register):
    person = person_with(contact, register, email="asiakas@example.fi")
    dsr = request_for(LetterKind.ACKNOWLEDGEMENT, contact, person)
    looks = AccessEntry.objects.filter(client=person).count()
    sign_in(client, contact)
    for channel in ("pdf", "email"):
        response = client.get(f"/requests/{dsr.pk}/letters/acknowledgement/", {"channel": channel})
        assert response.status_code == 405
    assert not Letter.objects.exists() and mail.outbox == []
    assert AccessEntry.objects.filter(client=person).count() == looks


def test_another_organisations_user_gets_404_and_nothing_is_made(db, client, contact, other_contact, register):
    person = person_with(contact, register, email="asiakas@example.fi")
    dsr = request_for(LetterKind.ACKNOWLEDGEMENT, contact, person)
    sign_in(client, other_contact)
    for channel in ("pdf", "email"):
        response = client.post(f"/requests/{dsr.pk}/letters/acknowledgement/", {"channel": channel})
        assert response.status_code == 404
    assert not Letter.objects.exists() and mail.outbox == []


def test_a_caseworker_registers_but_neither_makes_nor_sends_a_letter(db, client, caseworker, contact, register):
    """Separation of duties: the register contact answers the requester, a caseworker does not."""
    person = person_with(caseworker, register, email="asiakas@example.fi")
    dsr = register_request(caseworker, person)
    sign_in(client, caseworker)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "/letters/" not in page
    for channel in ("pdf", "email"):
        forged = client.post(f"/requests/{dsr.pk}/letters/acknowledgement/", {"channel": channel})
        assert forged.status_code == 403
    with pytest.raises(PermissionDenied):
        outputs.letter_pdf(actor=caseworker, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT)
    with pytest.raises(PermissionDenied):
        outputs.letter_email(actor=caseworker, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT)
    assert not Letter.objects.exists() and mail.outbox == []
    sign_in(client, contact)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert f"/requests/{dsr.pk}/letters/acknowledgement/" in page


def test_the_art18_3_notice_is_the_clients_own_letter_and_lets_the_restriction_be_lifted(db, client, contact,
                                                                                            register):
    person = person_with(contact, register, email="asiakas@example.fi")
    dsr = request_for(LetterKind.RESTRICTION_LIFT, contact, person)
    person.refresh_from_db()
    assert person.restricted and person.restriction_lift_letter_at is None
    sign_in(client, contact)
    response = client.post(f"/requests/{dsr.pk}/letters/restriction_lift/", {"channel": "email"})
    assert response.status_code == 302 and len(mail.outbox) == 1
    person.refresh_from_db()
    assert person.restriction_lift_letter_at is not None  # the same record the lift waits for
    assert Letter.objects.get().kind == LetterKind.RESTRICTION_LIFT


def test_a_representative_gets_letters_and_the_refusal_certificate_in_their_own_recorded_language(
        db, contact, register):
    """A Finnish-speaking client's legal representative who reads Swedish: what is sent to the
    requester follows the requester, the refusal certificate included."""
    person = person_with(contact, register)  # Finnish, the default
    rep = Representative.objects.create(
        client=person, role=RepresentativeRole.LEGAL_REPRESENTATIVE, first_names="Sven", last_name="Edunvalvoja",
        preferred_language="sv", valid_from=datetime.date(2024, 1, 1))
    dsr = register_request(contact, person, requester_role=RequesterRole.LEGAL_REPRESENTATIVE, representative=rep)
    text = pdf_text(outputs.letter_pdf(actor=contact, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT))
    assert TITLES["sv"][LetterKind.ACKNOWLEDGEMENT] in text and "Sven Edunvalvoja" in text
    services.request_refuse_unverified(actor=contact, request=dsr, reasons="Valtakirjaa ei esitetty.")
    text = pdf_text(outputs.letter_pdf(actor=contact, request=dsr, kind=LetterKind.UNVERIFIED_REFUSAL))
    assert TITLES["sv"][LetterKind.UNVERIFIED_REFUSAL] in text
    assert "Intyg om vägran" in pdf_text(outputs.refusal_certificate_pdf(actor=contact, request=dsr))
    assert set(Letter.objects.values_list("language", flat=True)) == {"sv"}


def test_without_a_recorded_language_the_representative_is_written_to_in_the_clients(db, contact, register):
    person = person_with(contact, register, preferred_language="sv")
    rep = Representative.objects.create(
        client=person, role=RepresentativeRole.LEGAL_REPRESENTATIVE, first_names="Sven", last_name="Edunvalvoja",
        valid_from=datetime.date(2024, 1, 1))
    dsr = register_request(contact, person, requester_role=RequesterRole.LEGAL_REPRESENTATIVE, representative=rep)
    text = pdf_text(outputs.letter_pdf(actor=contact, request=dsr, kind=LetterKind.ACKNOWLEDGEMENT))
    assert TITLES["sv"][LetterKind.ACKNOWLEDGEMENT] in text
