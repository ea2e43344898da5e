"""Issue 19: "A client (or a person close to them) can carry a non-disclosure marking for personal
safety (turvakielto): the address and municipality are then left out of every output to anyone
but the client and those serving them, lists show "address protected", and the marking is
logged on every view." The person close to the client: a guardian, legal representative or next
of kin with turvakielto of their own."""

import datetime
import io
import json
import uuid
import zipfile

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from clients import services as client_services
from clients.models import AccessEntry, Correction
from requests import outputs, services
from requests.constants import Outcome, RequesterRole, RequestType
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)
SISTER = {"street_address": "Suojatie 3", "postal_code": "33960", "city": "Pirkkala"}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def adult_with_protected_sister(contact, caseworker, register):
    """An adult client whose next of kin (her sister) has turvakielto; her legal representative
    asks for her data."""
    adult = make_client(caseworker, register, first_names="Aino")
    sister = client_services.representative_save(
        actor=contact, client=adult, today=TODAY, role="next_of_kin", first_names="Sisko", last_name="Mäkinen",
        valid_from=datetime.date(2024, 1, 1), address_protected=True, **SISTER)
    legal = client_services.representative_save(
        actor=contact, client=adult, today=TODAY, role="legal_representative", first_names="Eero",
        last_name="Edunvalvoja", valid_from=datetime.date(2024, 1, 1))
    return adult, sister, legal


def granted(contact, adult, *, type, **extra):
    dsr = services.request_register(actor=contact, client=adult, type=type, received_on=TODAY,
                                    channel="signed_letter", submission_key=uuid.uuid4(), today=TODAY, **extra)
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Annetaan",
                            no_redactions_needed=True)
    return dsr


def test_the_legal_representatives_report_and_export_leave_out_the_protected_sisters_address(
        db, contact, caseworker, register):
    adult, sister, legal = adult_with_protected_sister(contact, caseworker, register)
    report = granted(contact, adult, type=RequestType.ACCESS, requester_role=RequesterRole.LEGAL_REPRESENTATIVE,
                     representative=legal)
    text = pdf_text(outputs.access_report_pdf(actor=contact, request=report))
    assert "Sisko" in text and not any(value in text for value in SISTER.values())
    assert "Turvakielto: osoitetta ei luovuteta." in text  # in the client's language (Finnish)

    export = granted(contact, adult, type=RequestType.PORTABILITY,
                     requester_role=RequesterRole.LEGAL_REPRESENTATIVE, representative=legal)
    archive = zipfile.ZipFile(io.BytesIO(outputs.portability_zip(actor=contact, request=export)))
    for name in archive.namelist():
        assert not any(value in archive.read(name).decode("utf-8-sig") for value in SISTER.values()), name
    people = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith(".json"))))["representatives"]
    assert {p["first_names"]: p["street_address"] for p in people}["Sisko"] == ""


def test_the_clients_own_report_keeps_the_sisters_address(db, contact, caseworker, register):
    """To the client and those serving her the address is given."""
    adult, sister, legal = adult_with_protected_sister(contact, caseworker, register)
    report = granted(contact, adult, type=RequestType.ACCESS)
    text = pdf_text(outputs.access_report_pdf(actor=contact, request=report))
    assert all(value in text for value in SISTER.values())


def test_the_marking_is_set_on_the_form_shown_in_the_file_and_logged_on_every_view(
        db, client, contact, caseworker, register):
    adult = make_client(caseworker, register, first_names="Aino")
    client.force_login(caseworker)
    form = {"role": "next_of_kin", "last_name": "Mäkinen", "first_names": "Sisko", "valid_from": "1.1.2024",
            "address_protected": "on", **SISTER}
    assert client.post(f"/clients/{adult.pk}/representatives/new/", form).status_code == 302
    sister = adult.representatives.get()
    assert sister.address_protected

    page = client.get(f"/clients/{adult.pk}/").content.decode()
    assert "Sisko" in page and "turvakielto" in page  # "address protected", in Finnish
    assert AccessEntry.objects.filter(client=adult, user=caseworker).latest("pk").detail.endswith("turvakielto")
    client.get(f"/clients/{adult.pk}/entries/")
    assert "turvakielto" in AccessEntry.objects.filter(client=adult, user=caseworker).latest("pk").detail


def test_clearing_a_persons_marking_needs_a_reason_kept_as_a_correction(db, contact, caseworker, register):
    adult, sister, legal = adult_with_protected_sister(contact, caseworker, register)
    values = {"role": "next_of_kin", "first_names": "Sisko", "last_name": "Mäkinen",
              "valid_from": datetime.date(2024, 1, 1), **SISTER}
    with pytest.raises(ValidationError) as refused:
        client_services.representative_save(actor=contact, client=adult, today=TODAY, representative=sister,
                                             address_protected=False, **values)
    assert "reason" in refused.value.message_dict
    sister.refresh_from_db()
    assert sister.address_protected
    client_services.representative_save(actor=contact, client=adult, today=TODAY, representative=sister,
                                        address_protected=False, reason="Turvakielto päättyi.", **values)
    correction = Correction.objects.get(representative=sister)
    assert (correction.field, correction.reason) == ("representative.address_protected", "Turvakielto päättyi.")
