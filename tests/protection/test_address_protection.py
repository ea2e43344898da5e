"""Address protection (turvakielto, issue 19): "the address and municipality are then left out of
every output to anyone but the client and those serving them, lists show 'address protected',
and the marking is logged on every view"."""

import datetime
import io
import json
import uuid
import zipfile

from pypdf import PdfReader

from clients.constants import AccessKind
from clients.models import AccessEntry
from requests import outputs, services
from requests.constants import Outcome, RequesterRole, RequestType
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)
ADDRESS = {"street_address": "Salainen polku 7", "postal_code": "36200", "city": "Kangasala",
           "municipality": "Kangasalan kunta", "address_protected": True}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def protected_child(actor, register):
    from clients import services as client_services
    child = make_client(actor, register, first_names="Ella", born=datetime.date(2014, 4, 4), sign="A",
                        **ADDRESS)
    guardian = client_services.representative_save(
        actor=actor, client=child, today=TODAY, role="guardian", first_names="Isä",
        last_name="Mäkinen", valid_from=child.date_of_birth)
    return child, guardian


def granted_request(contact, child, *, type=RequestType.ACCESS, **extra):
    dsr = services.request_register(actor=contact, client=child, type=type, received_on=TODAY,
                                    channel="signed_letter", submission_key=uuid.uuid4(), today=TODAY,
                                    **extra)
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annetaan",
                            no_redactions_needed=True)
    return dsr


def test_a_guardians_access_report_leaves_out_the_protected_childs_address_and_municipality(
        db, contact, register):
    """The finding: "a guardian's access report prints the child's full address"."""
    child, guardian = protected_child(contact, register)
    dsr = granted_request(contact, child, requester_role=RequesterRole.GUARDIAN, representative=guardian)

    text = pdf_text(outputs.access_report_pdf(actor=contact, request=dsr))

    assert "Ella" in text  # the report is there, with the child's other data
    for secret in ("Salainen polku", "36200", "Kangasala"):
        assert secret not in text
    assert "Turvakielto: osoitetta ei luovuteta." in text  # in the client's language (Finnish)


def test_the_client_herself_gets_her_own_protected_address_in_her_access_report(db, contact, register):
    adult = make_client(contact, register, first_names="Aino", **ADDRESS)
    dsr = granted_request(contact, adult)

    text = pdf_text(outputs.access_report_pdf(actor=contact, request=dsr))

    assert "Salainen polku 7" in text and "Kangasalan kunta" in text
    assert "Voimassa: osoitetta ja kotikuntaa ei anneta muille kuin asiakkaalle itselleen." in text


def test_a_portability_export_made_for_a_guardian_has_no_address_in_any_file(db, contact, register):
    child, guardian = protected_child(contact, register)
    dsr = granted_request(contact, child, type=RequestType.PORTABILITY,
                          requester_role=RequesterRole.GUARDIAN, representative=guardian)

    archive = zipfile.ZipFile(io.BytesIO(outputs.portability_zip(actor=contact, request=dsr)))

    for name in archive.namelist():
        content = archive.read(name).decode("utf-8-sig")
        assert "Salainen polku" not in content and "Kangasala" not in content, name
    client = json.loads(archive.read("data.json"))["client"]
    assert client["first_names"] == "Ella" and client["street_address"] == "" and client["municipality"] == ""


def test_the_client_list_shows_address_protected_instead_of_the_city(db, client, caseworker, register):
    make_client(caseworker, register, last_name="Suojattu", **ADDRESS)
    make_client(caseworker, register, last_name="Tavallinen", city="Nokia")
    client.force_login(caseworker)

    page = client.get("/clients/").content.decode()

    assert "Suojattu" in page and "Nokia" in page
    assert "Kangasala" not in page and "turvakielto" in page  # the page is in Finnish


def test_every_look_at_a_protected_clients_file_logs_the_marking(db, client, caseworker, register):
    protected = make_client(caseworker, register, **ADDRESS)
    ordinary = make_client(caseworker, register, city="Nokia")
    client.force_login(caseworker)

    page = client.get(f"/clients/{protected.pk}/").content.decode()
    client.get(f"/clients/{protected.pk}/services/")
    client.get(f"/clients/{ordinary.pk}/")

    assert "Salainen polku 7" in page and "Turvakielto" in page  # those serving see it, marked
    looks = AccessEntry.objects.filter(client=protected, kind=AccessKind.CLIENT_FILE)
    assert looks.count() == 2 and all("turvakielto" in look.detail for look in looks)
    assert not AccessEntry.objects.filter(client=ordinary, detail__contains="turvakielto").exists()
