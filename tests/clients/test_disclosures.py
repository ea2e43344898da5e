"""The disclosure log's own rules (luovutusloki): what the register may disclose on its own
authority, before any consent is asked."""

import datetime

import pytest

from clients import services
from clients.constants import RecipientKind
from clients.models import Disclosure
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)


def guardian_of(actor, child, **extra):
    return services.representative_save(actor=actor, client=child, today=TODAY, role="guardian", first_names="Äiti",
                                        last_name="Mäkinen", valid_from=child.date_of_birth, **extra)


def test_disclosure_to_a_guardian_the_minor_has_prohibited_is_refused_with_the_reason(db, contact, register):
    """Seed 003: the guardian is not informed if the minor, able to decide, has prohibited it."""
    child = make_client(contact, register, born=datetime.date(2011, 4, 4), sign="A")
    guardian = guardian_of(contact, child, disclosure_prohibited=True, prohibition_reasoning="Arvioitu.")
    with pytest.raises(services.DisclosureRefused) as err:
        services.disclosure_record(actor=contact, client=child, recipient_kind=RecipientKind.GUARDIAN,
                                   recipient_name=guardian.full_name, representative=guardian,
                                   content="Palvelusuunnitelma", legal_basis="Laki 812/2000")
    assert "21.11.2026" in str(err.value)
    assert not Disclosure.objects.exists()


def test_next_of_kin_needs_consent_and_law_based_recipients_need_a_law(db, contact, client_a):
    """Seed 003: next of kin receive information only with the client's consent."""
    kin = services.representative_save(actor=contact, client=client_a, today=TODAY, role="next_of_kin",
                                       first_names="Tytär", last_name="Mäkinen", valid_from=TODAY)
    with pytest.raises(services.DisclosureRefused):
        services.disclosure_record(actor=contact, client=client_a, recipient_kind=RecipientKind.NEXT_OF_KIN,
                                   recipient_name=kin.full_name, representative=kin, content="Vointi")
    with pytest.raises(services.DisclosureRefused):
        services.disclosure_record(actor=contact, client=client_a, recipient_kind=RecipientKind.AUTHORITY,
                                   recipient_name="Kela", content="Päätös")
    services.disclosure_record(actor=contact, client=client_a, recipient_kind=RecipientKind.AUTHORITY,
                               recipient_name="Kela", content="Päätös", legal_basis="Laki 703/2023 17 §")
    assert Disclosure.objects.get().recorded_by == contact


def test_restriction_stops_disclosures_to_others_but_not_to_the_client_or_their_representative(
    db, contact, register
):
    """GDPR Art 18 restricts processing; the client's own access (also through a guardian or a
    legal representative) goes on."""
    child = make_client(contact, register, born=datetime.date(2015, 1, 1), sign="A")
    guardian = guardian_of(contact, child)
    services.client_restrict(actor=contact, client=child, reason="Kiistää tiedot")
    with pytest.raises(services.DisclosureRefused):
        services.disclosure_record(actor=contact, client=child, recipient_kind=RecipientKind.AUTHORITY,
                                   recipient_name="Kela", content="Päätös", legal_basis="Laki")
    services.disclosure_record(actor=contact, client=child, recipient_kind=RecipientKind.GUARDIAN,
                               recipient_name=guardian.full_name, representative=guardian,
                               content="Tarkastusraportti", legal_basis="EU:n tietosuoja-asetus 15 artikla")
    assert Disclosure.objects.filter(recipient_kind=RecipientKind.GUARDIAN).count() == 1
