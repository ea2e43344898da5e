"""Issue 19: "unless one of Art 18(2)'s grounds is recorded for that act (the client's consent,
legal claims, another person's rights such as a child-welfare notification, important public
interest)". The client's consent is a ground only when it is recorded: staff who pick it for an
edit or an output of a restricted client are refused unless a consent of the client given after
the restriction began is in force (the rule `consents.selectors.use_decision` applies to a use by
purpose). The other grounds are recorded as the worker states them, as before."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clients import services as client_services
from clients.constants import AccessKind, Art18Ground
from clients.models import AccessEntry, Client, ServiceEntry
from clients.services import file as file_services
from consents import services as consent_services
from consents.constants import ConsentMethod, GivenBy
from tests.conftest import make_client
from tests.fixtures import at

D = datetime.date
RESTRICTED_ON = D(2026, 3, 1)
TODAY = D(2026, 11, 21)


@pytest.fixture
def restricted(caseworker, contact, register):
    """Restricted on 1.3.2026 (the restriction's start is what the rule reads)."""
    person = make_client(caseworker, register, last_name="Rajattu")
    client_services.client_restrict(actor=contact, client=person, reason="Tietojen oikeellisuus kiistetty")
    Client.objects.filter(pk=person.pk).update(restricted_at=at(RESTRICTED_ON, 12))
    person.refresh_from_db()
    return person


def give(actor, client, purpose, on):
    return consent_services.consent_give(actor=actor, client=client, purpose=purpose, given_by=GivenBy.CLIENT,
                                         method=ConsentMethod.WRITTEN, given_at=at(on, 14),
                                         evidence_note="Lomake.")


def entry_with_consent_ground(caseworker, client):
    return file_services.entry_record(actor=caseworker, client=client, date=TODAY, content="Käynti",
                                      restriction_ground=Art18Ground.CONSENT)


def logged_grounds(client):
    return AccessEntry.objects.filter(client=client, kind=AccessKind.CLIENT_EDIT,
                                      purpose__startswith="GDPR Art 18(2)").count()


def test_the_consent_ground_is_refused_when_no_consent_is_recorded(caseworker, restricted):
    with pytest.raises(ValidationError) as refused:
        entry_with_consent_ground(caseworker, restricted)
    assert "no consent recorded after the restriction" in str(refused.value)
    assert not ServiceEntry.objects.filter(client=restricted).exists()
    assert logged_grounds(restricted) == 0


def test_a_consent_from_before_the_restriction_is_not_the_ground(caseworker, contact, restricted, purposes):
    give(contact, restricted, purposes["newsletter"], D(2026, 1, 10))  # in force, but before 1.3.2026
    with pytest.raises(ValidationError) as refused:
        entry_with_consent_ground(caseworker, restricted)
    assert "no consent recorded after the restriction" in str(refused.value)
    assert not ServiceEntry.objects.filter(client=restricted).exists()


def test_a_withdrawn_consent_given_after_the_restriction_is_not_the_ground(
        caseworker, contact, restricted, purposes):
    consent = give(contact, restricted, purposes["newsletter"], D(2026, 4, 2))
    consent_services.consent_withdraw(actor=contact, consent=consent, when=at(D(2026, 5, 2), 9))
    with pytest.raises(ValidationError):
        entry_with_consent_ground(caseworker, restricted)


def test_a_consent_given_after_the_restriction_is_the_ground_and_is_logged(
        caseworker, contact, restricted, purposes):
    give(contact, restricted, purposes["newsletter"], D(2026, 4, 2))
    entry = entry_with_consent_ground(caseworker, restricted)
    assert entry.pk
    assert logged_grounds(restricted) == 1


@pytest.mark.parametrize("ground", [g for g in Art18Ground.values if g != Art18Ground.CONSENT])
def test_the_other_grounds_need_no_consent(caseworker, restricted, ground):
    entry = file_services.entry_record(actor=caseworker, client=restricted, date=TODAY, content="Käynti",
                                       restriction_ground=ground)
    assert entry.pk
    assert logged_grounds(restricted) == 1


def test_the_client_file_pdf_with_the_consent_ground_says_why_in_the_users_language(
        client, caseworker, contact, restricted, purposes):
    client.force_login(caseworker)
    url = reverse("clients:client_pdf", args=[restricted.pk])
    refused = client.post(url, {"restriction_ground": Art18Ground.CONSENT})
    assert refused.status_code == 403
    # Finnish, the user's language: "no consent recorded after the restriction began"
    assert "rajoituksen alkamisen jälkeen" in refused.content.decode()

    give(contact, restricted, purposes["newsletter"], D(2026, 4, 2))
    granted = client.post(url, {"restriction_ground": Art18Ground.CONSENT})
    assert granted.status_code == 200
    body = b"".join(granted.streaming_content) if granted.streaming else granted.content
    assert body.startswith(b"%PDF-")
