"""Separation of duties (DESIGN.md: "Caseworkers register requests; the register contact decides
them"). A caseworker registers a request a client makes at the desk; only the register contact
and the organisation admin verify, extend, decide, answer, erase, notify recipients and set or
lift a restriction — on the request page and in every service behind it."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied

from clients import services as client_services
from requests import outputs, services
from requests.constants import Outcome, RequestType
from requests.models import DataSubjectRequest

TODAY = datetime.date(2026, 11, 21)


def desk_request(actor, person, type=RequestType.RESTRICTION):
    return services.request_register(actor=actor, client=person, type=type, received_on=TODAY,
                                     channel="in_person", submission_key=uuid.uuid4(), today=TODAY,
                                     description="Asiakas kiistää merkinnän oikeellisuuden")


def test_the_attack_a_caseworker_verifies_decides_and_lifts_a_restriction(client, caseworker, contact, client_a):
    """Seen: a caseworker verified and decided a restriction request and then lifted the
    restriction. Now the page offers them none of it and a forged POST changes nothing."""
    dsr = desk_request(caseworker, client_a)  # registering at the desk is the caseworker's job
    client.force_login(caseworker)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert 'value="verify"' not in page and 'value="decide"' not in page
    forged = client.post(f"/requests/{dsr.pk}/", {"action": "verify", "verify-verification_method": "photo_id"})
    assert forged.status_code == 403
    forged = client.post(f"/requests/{dsr.pk}/", {
        "action": "decide", "decide-outcome": Outcome.GRANTED, "decide-decision": "Rajoitetaan"})
    assert forged.status_code == 403
    dsr.refresh_from_db()
    assert not dsr.verified and dsr.is_open
    client_a.refresh_from_db()
    assert not client_a.restricted

    # The register contact decides; the restriction is set.
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Käsittelyä rajoitetaan")
    client_a.refresh_from_db()
    assert client_a.restricted
    with pytest.raises(PermissionDenied):
        client_services.client_restriction_lift(actor=caseworker, client=client_a)
    client_a.refresh_from_db()
    assert client_a.restricted
    client_services.restriction_lift_letter(actor=contact, client=client_a)  # GDPR Art 18(3) first
    client_services.client_restriction_lift(actor=contact, client=client_a)
    client_a.refresh_from_db()
    assert not client_a.restricted


def test_every_request_service_refuses_a_caseworker(caseworker, contact, client_a):
    dsr = desk_request(caseworker, client_a, type=RequestType.ACCESS)
    with pytest.raises(PermissionDenied):
        services.request_verify_identity(actor=caseworker, request=dsr, method="photo_id")
    with pytest.raises(PermissionDenied):
        services.request_extend(actor=caseworker, request=dsr, reason="Laaja aineisto", notified_on=TODAY)
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    with pytest.raises(PermissionDenied):
        services.request_decide(actor=caseworker, request=dsr, outcome=Outcome.GRANTED, decision="Annetaan")
    with pytest.raises(PermissionDenied):
        outputs.access_report_pdf(actor=caseworker, request=dsr)
    with pytest.raises(PermissionDenied):
        outputs.portability_zip(actor=caseworker, request=dsr)
    with pytest.raises(PermissionDenied):
        outputs.letter_pdf(actor=caseworker, request=dsr, kind="acknowledgement")
    with pytest.raises(PermissionDenied):
        outputs.letter_email(actor=caseworker, request=dsr, kind="acknowledgement")
    with pytest.raises(PermissionDenied):
        client_services.client_restrict(actor=caseworker, client=client_a, reason="Kiista")
    erasure = desk_request(caseworker, client_a, type=RequestType.ERASURE)
    services.request_verify_identity(actor=contact, request=erasure, method="photo_id")
    with pytest.raises(PermissionDenied):
        services.request_erasure_carry_out(actor=caseworker, request=erasure)
    assert DataSubjectRequest.objects.filter(pk=dsr.pk, outcome="").exists()


def test_the_register_contact_sees_the_forms_the_caseworker_does_not(client, caseworker, contact, client_a):
    dsr = desk_request(caseworker, client_a)
    client.force_login(contact)
    page = client.get(f"/requests/{dsr.pk}/").content.decode()
    assert 'value="verify"' in page and 'value="decide"' in page
