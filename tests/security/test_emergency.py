"""Emergency access ("break-the-glass", DESIGN.md: "Emergency access to an unassigned client with
a mandatory reason, logged and reported to the register contact")."""

import datetime

import pytest
from django.utils import timezone

from clients.constants import AccessKind
from clients.models import AccessEntry, EmergencyAccess
from clients.selectors import clients_visible_to
from clients.services import emergency as services
from tests.conftest import make_client

REASON = "Sijaistan sairastunutta kollegaa, asiakkaan lääkitys on tarkistettava tänään."


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def test_an_unassigned_client_is_404_until_emergency_access_with_a_reason(en, caseworker, client_b):
    en.force_login(caseworker)
    assert en.get(f"/clients/{client_b.pk}/").status_code == 404
    response = en.post("/clients/emergency/", {"client": client_b.identity_code, "reason": REASON})
    assert response.status_code == 302
    assert response.url == f"/clients/{client_b.pk}/"
    page = en.get(response.url)
    assert page.status_code == 200
    assert "Virtanen" in page.content.decode()
    access = EmergencyAccess.objects.get(user=caseworker, client=client_b)
    assert access.reason == REASON
    assert access.expires_at - access.started_at == datetime.timedelta(hours=4)
    # The grant is in the access log with the reason as its purpose, and the views after it too.
    granted = AccessEntry.objects.get(user=caseworker, client=client_b, detail="emergency access granted")
    assert granted.purpose == REASON
    assert granted.granted is True
    assert AccessEntry.objects.filter(user=caseworker, client=client_b, kind=AccessKind.CLIENT_FILE,
                                      granted=True).count() == 2


def test_a_reason_is_mandatory(en, caseworker, client_b):
    en.force_login(caseworker)
    for reason in ["", "   ", "koska"]:
        response = en.post("/clients/emergency/", {"client": client_b.identity_code, "reason": reason})
        assert response.status_code == 200
    assert not EmergencyAccess.objects.exists()
    with pytest.raises(services.EmergencyAccessRefused):
        services.emergency_access_open(actor=caseworker, lookup=str(client_b.pk), reason=" ",
                                       now=timezone.now())


def test_the_client_number_works_as_well_as_the_identity_code(en, caseworker, client_b):
    en.force_login(caseworker)
    response = en.post("/clients/emergency/", {"client": str(client_b.pk), "reason": REASON})
    assert response.status_code == 302
    assert clients_visible_to(caseworker).filter(pk=client_b.pk).exists()


def test_emergency_access_ends_after_four_hours(caseworker, client_b):
    now = timezone.now()
    services.emergency_access_open(actor=caseworker, lookup=client_b.identity_code, reason=REASON,
                                   now=now - datetime.timedelta(hours=4, minutes=1))
    assert not clients_visible_to(caseworker).filter(pk=client_b.pk).exists()
    services.emergency_access_open(actor=caseworker, lookup=client_b.identity_code, reason=REASON,
                                   now=now - datetime.timedelta(hours=3, minutes=59))
    assert clients_visible_to(caseworker).filter(pk=client_b.pk).exists()


def test_emergency_access_adds_no_duplicate_rows_to_the_list(caseworker, caseworker_b, client_a, client_b):
    client_a.assigned_workers.add(caseworker_b)
    services.emergency_access_open(actor=caseworker, lookup=client_b.identity_code, reason=REASON,
                                   now=timezone.now())
    visible = list(clients_visible_to(caseworker).values_list("pk", flat=True))
    assert sorted(visible) == sorted([client_a.pk, client_b.pk])


def test_another_controllers_client_is_never_opened_and_the_attempt_is_logged(
    en, caseworker, other_register, other_contact
):
    stranger = make_client(other_contact, other_register, last_name="Ulkopuolinen")
    en.force_login(caseworker)
    for lookup in (stranger.identity_code, str(stranger.pk)):
        response = en.post("/clients/emergency/", {"client": lookup, "reason": REASON})
        assert response.status_code == 200
        assert "No client of your organisation matches" in response.content.decode()
        assert "Ulkopuolinen" not in response.content.decode()
    assert not EmergencyAccess.objects.exists()
    assert en.get(f"/clients/{stranger.pk}/").status_code == 404
    denied = AccessEntry.objects.filter(user=caseworker, client=stranger, granted=False)
    assert denied.filter(detail="emergency access").count() == 2


def test_an_unknown_client_reads_the_same_as_another_organisations(en, caseworker):
    en.force_login(caseworker)
    response = en.post("/clients/emergency/", {"client": "010101-123N", "reason": REASON})
    assert "No client of your organisation matches" in response.content.decode()


def test_the_register_contact_reviews_emergency_accesses(en, contact, caseworker, client_b):
    services.emergency_access_open(actor=caseworker, lookup=client_b.identity_code, reason=REASON,
                                   now=timezone.now())
    access = EmergencyAccess.objects.get()
    en.force_login(contact)
    assert "1 waiting for review" in en.get("/clients/security/").content.decode()
    page = en.get("/clients/emergency/review/").content.decode()
    assert REASON in page
    assert caseworker.get_full_name() in page
    assert "Mark reviewed" in page
    response = en.post(f"/clients/emergency/{access.pk}/review/", {"note": "Perusteltu, sovittu tiimissä."})
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.reviewed_by == contact
    assert access.reviewed_at is not None
    assert access.review_note == "Perusteltu, sovittu tiimissä."
    assert "0 waiting for review" in en.get("/clients/security/").content.decode()


def test_caseworkers_and_other_organisations_cannot_review(client, caseworker, caseworker_b, other_contact,
                                                           client_b):
    services.emergency_access_open(actor=caseworker, lookup=client_b.identity_code, reason=REASON,
                                   now=timezone.now())
    access = EmergencyAccess.objects.get()
    client.force_login(caseworker_b)
    assert client.get("/clients/emergency/review/").status_code == 403
    assert client.post(f"/clients/emergency/{access.pk}/review/", {"note": "x"}).status_code == 403
    client.force_login(other_contact)
    assert REASON not in client.get("/clients/emergency/review/").content.decode()
    assert client.post(f"/clients/emergency/{access.pk}/review/", {"note": "x"}).status_code == 404
    access.refresh_from_db()
    assert access.reviewed_at is None


def test_a_register_contact_needs_no_emergency_access(en, contact, client_b):
    en.force_login(contact)
    response = en.post("/clients/emergency/", {"client": client_b.identity_code, "reason": REASON})
    assert response.status_code == 302
    assert not EmergencyAccess.objects.exists()
