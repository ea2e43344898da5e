"""Issue 19, must show: "A test that walks every output path of a client who is restricted,
prohibited towards a guardian and address-protected, and checks that each refuses or leaves out
what it must."

Seed 003: "Jos alaikäinen asiakas ikäänsä ja kehitystasoonsa nähden kykenee päättämään
asiakkuudestaan ja tiedon antamatta jättäminen ei vaaranna lapsen (psyykkistä tai fyysistä)
kasvua ja kehitystä, hänellä on oikeus kieltää asiakkuuttansa koskevien tietojen antaminen
huoltajalleen tai muulle lailliselle edustajalleen."

Archive package: decided in clients/selectors/protection.py -- the archive takes the record as
it is, with the marking; it is not walked here."""

import datetime
import io
import uuid
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from clients import services as client_services
from clients.constants import Art18Ground, ServiceTask
from clients.models import Disclosure, ServiceEntry
from clients.selectors.breaches import breach_notice_letter_pdf
from clients.services import breaches as breach_services
from clients.services import file as file_services
from requests import outputs, services
from requests.constants import Outcome, RequesterRole, RequestType
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)
SECRETS = ("Piilokuja 4", "36200", "Kangasala")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def walked(contact, caseworker, register):
    """A 15-year-old, address-protected, who prohibited disclosure to one guardian and whose
    processing is restricted; the other guardian is not prohibited."""
    child = make_client(caseworker, register, first_names="Ella", born=datetime.date(2011, 4, 4), sign="A",
                        street_address="Piilokuja 4", postal_code="36200", city="Kangasala",
                        municipality="Kangasala", address_protected=True)
    case = file_services.case_open(actor=caseworker, client=child, service_task=ServiceTask.CHILD_WELFARE,
                                   title="Perhetyö", opened_on=datetime.date(2026, 1, 2))
    file_services.granted_service_add(actor=caseworker, case=case, content="Perhetyö",
                                      valid_from=datetime.date(2026, 1, 2))
    file_services.entry_record(actor=caseworker, client=child, date=datetime.date(2026, 10, 1),
                               duration_minutes=30, content="Luottamuksellinen keskustelu.")
    prohibited = client_services.representative_save(
        actor=contact, client=child, today=TODAY, role="guardian", first_names="Isä", last_name="Mäkinen",
        valid_from=child.date_of_birth, disclosure_prohibited=True, prohibition_reasoning="Arvioitu tapaamisessa.")
    other = client_services.representative_save(
        actor=contact, client=child, today=TODAY, role="guardian", first_names="Äiti", last_name="Mäkinen",
        valid_from=child.date_of_birth)
    client_services.client_restrict(actor=contact, client=child, reason="Tietojen oikeellisuus kiistetty")
    return child, prohibited, other


def request_for(contact, child, *, type=RequestType.ACCESS, **extra):
    dsr = services.request_register(actor=contact, client=child, type=type, received_on=TODAY,
                                    channel="signed_letter", submission_key=uuid.uuid4(), today=TODAY, **extra)
    return services.request_verify_identity(actor=contact, request=dsr, method="photo_id")


def test_every_output_path_of_a_restricted_prohibited_address_protected_child(
        db, client, contact, caseworker, walked):
    child, prohibited, other = walked
    client.force_login(caseworker)

    # The client-file PDF: refused by the restriction; no new entry without an Art 18(2) ground.
    assert client.get(f"/clients/{child.pk}/pdf/").status_code == 302
    with pytest.raises(ValidationError):
        file_services.entry_record(actor=caseworker, client=child, date=TODAY, content="Uusi")

    # The list: "address protected", never the city.
    page = client.get("/clients/").content.decode()
    assert "Ella" in page and "Kangasala" not in page

    # The prohibited guardian: no access report, no export, only a refusal certificate without the data.
    for type in (RequestType.ACCESS, RequestType.PORTABILITY):
        dsr = request_for(contact, child, type=type, requester_role=RequesterRole.GUARDIAN,
                          representative=prohibited)
        with pytest.raises(ValidationError):
            services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="",
                                        no_redactions_needed=True)
        with pytest.raises(ValidationError):
            (outputs.access_report_pdf if type == RequestType.ACCESS else outputs.portability_zip)(
                actor=contact, request=dsr)
        services.request_decide(actor=contact, request=dsr, outcome=Outcome.REFUSED, decision="Ei anneta.")
        text = pdf_text(outputs.refusal_certificate_pdf(actor=contact, request=dsr))
        assert "Luottamuksellinen keskustelu." not in text
        assert not any(secret in text for secret in SECRETS)
    assert not Disclosure.objects.filter(client=child, representative=prohibited).exists()

    # The other guardian: the report and the export come without the address and municipality.
    dsr = request_for(contact, child, requester_role=RequesterRole.GUARDIAN, representative=other)
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annetaan",
                            no_redactions_needed=True)
    text = pdf_text(outputs.access_report_pdf(actor=contact, request=dsr))
    assert "Ella" in text and not any(secret in text for secret in SECRETS)
    dsr = request_for(contact, child, type=RequestType.PORTABILITY, requester_role=RequesterRole.GUARDIAN,
                      representative=other)
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annetaan",
                            no_redactions_needed=True)
    archive = zipfile.ZipFile(io.BytesIO(outputs.portability_zip(actor=contact, request=dsr)))
    for name in archive.namelist():
        assert not any(secret in archive.read(name).decode("utf-8-sig") for secret in SECRETS), name

    # The breach letter goes to the child herself, at her address, unless she wants no letters home.
    breach = breach_services.breach_create(
        actor=contact, title="Kadonnut läppäri", discovered_at=timezone.now(), description="Läppäri katosi.",
        affected_data="Nimet", clients=[child])
    assert "Piilokuja 4" in pdf_text(breach_notice_letter_pdf(breach, child, today=TODAY))
    client_services.client_update(actor=caseworker, client=child, no_letters_home=True,
                                  restriction_ground=Art18Ground.CONSENT)
    assert "Piilokuja 4" not in pdf_text(breach_notice_letter_pdf(breach, child, today=TODAY))
    assert not ServiceEntry.objects.filter(client=child, content="Uusi").exists()


def test_the_monthly_summary_to_the_county_withholds_a_restricted_client_and_never_carries_a_protected_address(
        db, contact, caseworker, register):
    """The county buying the service from this provider is a third party here: the restricted
    client is withheld with the reason; the other protected client is on the summary without
    the address."""
    from clients.constants import ControllerKind
    from clients.models import Case, GrantedService
    from clients.services.reports import monthly_summary_produce
    from tests.conftest import make_controller

    county = make_controller("Pirkanmaan hyvinvointialue", kind=ControllerKind.WELLBEING_COUNTY)
    people = []
    for last_name in ("Rajattu", "Suojattu"):
        person = make_client(caseworker, register, last_name=last_name, street_address="Piilokuja 4",
                             postal_code="36200", city="Kangasala", municipality="Kangasala",
                             address_protected=True, commissioning_authority=county,
                             payment_commitment_reference="MS-1")
        case = Case.objects.create(client=person, service_task=ServiceTask.OLDER_PEOPLE, title="Kotihoito",
                                   opened_on=datetime.date(2026, 1, 1))
        service = GrantedService.objects.create(
            case=case, content="Kotipalvelu", valid_from=datetime.date(2026, 1, 1),
            commissioning_authority=county, payment_commitment_reference="MS-1")
        ServiceEntry.objects.create(client=person, worker=caseworker, date=datetime.date(2026, 10, 5),
                                    duration_minutes=60, granted_service=service, content="Kotikäynti")
        people.append(person)
    client_services.client_restrict(actor=contact, client=people[0], reason="Kiistetty")

    for file_format in ("csv", "pdf"):
        produced = monthly_summary_produce(actor=contact, authority=county, year=2026, month=10,
                                           file_format=file_format)
        text = (produced.content.decode("utf-8-sig") if file_format == "csv" else pdf_text(produced.content))
        assert "Suojattu" in text and "Rajattu" not in text, file_format
        assert [w.row.client for w in produced.withheld] == [people[0]]
        assert not any(secret in text for secret in SECRETS), file_format
