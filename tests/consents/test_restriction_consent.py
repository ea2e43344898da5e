"""Issue 19: "unless one of Art 18(2)'s grounds is recorded for that act (the client's consent,
legal claims, another person's rights such as a child-welfare notification, important public
interest)". A restricted client's data is used for a purpose when the client's consent for it is
recorded after the restriction began; a consent from before the restriction is the one the
client has since asked to restrict, and carries nothing."""

import datetime

import pytest
from django.utils import timezone

from clients import services as client_services
from clients.constants import RecipientKind
from clients.models import Client, Disclosure, Representative
from consents import services
from consents.constants import ConsentMethod, DecisionBasis, GivenBy
from consents.selectors import marketing_list, use_decision
from tests.conftest import make_client
from tests.fixtures import at

D = datetime.date
RESTRICTED_ON = D(2026, 3, 1)


@pytest.fixture
def restricted(contact, register):
    """Restricted on 1.3.2026 (the clock is set: the restriction's start is what the rule reads)."""
    person = make_client(contact, register, email="rajoitettu@example.fi", restricted=True)
    Client.objects.filter(pk=person.pk).update(restricted_at=at(RESTRICTED_ON, 12))
    person.refresh_from_db()
    return person


def give(contact, client, purpose, on, **extra):
    return services.consent_give(actor=contact, client=client, purpose=purpose, given_by=GivenBy.CLIENT,
                                 method=ConsentMethod.WRITTEN, given_at=at(on, 14), evidence_note="Lomake.",
                                 **extra)


def test_the_restriction_records_when_it_began_and_restricting_again_keeps_it(contact, register):
    person = make_client(contact, register)
    before = timezone.now()
    client_services.client_restrict(actor=contact, client=person, reason="Kiistetty")
    assert person.restricted_at is not None and person.restricted_at >= before
    since = person.restricted_at
    client_services.client_restrict(actor=contact, client=person, reason="Kiistetty, täsmennetty")
    assert person.restricted_at == since  # restricting again does not move the start


def test_a_consent_from_before_the_restriction_does_not_carry_a_restricted_clients_data(
        contact, restricted, purposes):
    give(contact, restricted, purposes["newsletter"], D(2026, 1, 10))
    decision = use_decision(client=restricted, purpose=purposes["newsletter"], on=D(2026, 6, 1))
    assert (decision.allowed, decision.basis) == (False, DecisionBasis.RESTRICTION)
    assert "given before the restriction" in decision.reason


def test_a_consent_given_after_the_restriction_is_the_art_18_2_ground(contact, restricted, purposes):
    give(contact, restricted, purposes["newsletter"], D(2026, 1, 10))
    after = give(contact, restricted, purposes["newsletter"], D(2026, 4, 2))
    decision = use_decision(client=restricted, purpose=purposes["newsletter"], on=D(2026, 6, 1))
    assert (decision.allowed, decision.basis, decision.consent) == (True, DecisionBasis.CONSENT, after)
    assert "Art 18(2)" in decision.reason
    # ... and only on and after the day it was given.
    assert not use_decision(client=restricted, purpose=purposes["newsletter"], on=D(2026, 3, 15)).allowed


def test_the_email_list_carries_a_restricted_client_only_on_a_consent_given_after_the_restriction(
        contact, restricted, purposes):
    purpose = purposes["newsletter"]
    give(contact, restricted, purpose, D(2026, 1, 10))
    assert "rajoitettu@example.fi" not in marketing_list(user=contact, purpose=purpose, on=D(2026, 6, 1)).emails
    give(contact, restricted, purpose, D(2026, 4, 2))
    assert "rajoitettu@example.fi" in marketing_list(user=contact, purpose=purpose, on=D(2026, 6, 1)).emails


def test_a_purpose_that_asks_no_consent_stays_closed_for_a_restricted_client(restricted, purposes):
    decision = use_decision(client=restricted, purpose=purposes["address_list_publication"], on=D(2026, 6, 1))
    assert (decision.allowed, decision.basis) == (False, DecisionBasis.RESTRICTION)


def test_a_disclosure_to_next_of_kin_rests_on_the_consent_given_after_the_restriction(
        contact, restricted, purposes):
    kin = Representative.objects.create(client=restricted, role="next_of_kin", first_names="Liisa",
                                        last_name="Mäkinen", valid_from=D(2024, 1, 1))
    purpose = purposes["next_of_kin_disclosure"]
    give(contact, restricted, purpose, D(2026, 1, 10), recipient_representative=kin)
    with pytest.raises(client_services.DisclosureRefused):
        client_services.disclosure_record(
            actor=contact, client=restricted, recipient_kind=RecipientKind.NEXT_OF_KIN,
            recipient_name=kin.full_name, representative=kin, content="Vointi")
    consent = give(contact, restricted, purpose, D(2026, 4, 2), recipient_representative=kin)
    disclosure = client_services.disclosure_record(
        actor=contact, client=restricted, recipient_kind=RecipientKind.NEXT_OF_KIN,
        recipient_name=kin.full_name, representative=kin, content="Vointi")
    assert disclosure.consent_reference == consent.pk
    assert Disclosure.objects.filter(client=restricted).count() == 1
