"""Giving, withdrawing and replacing consents; prohibitions; disclosures that rest on consent."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from clients import services as client_services
from clients.models import Disclosure, Representative
from consents import services
from consents.constants import ConsentMethod, GivenBy, ProhibitionKind
from consents.models import Consent, Prohibition
from consents.selectors import use_decision
from tests.conftest import make_client
from tests.fixtures import at

D = datetime.date
NOW = at(D(2026, 11, 21), 14)


def give(actor, client, purpose, **kwargs):
    values = {"given_by": GivenBy.CLIENT, "method": ConsentMethod.WRITTEN, "given_at": at(D(2026, 1, 5)),
              "evidence_note": "Allekirjoitettu lomake asiakaskansiossa.", "now": NOW}
    values.update(kwargs)
    return services.consent_give(actor=actor, client=client, purpose=purpose, **values)


@pytest.fixture
def child(contact, register):
    """Born 10.3.2008: a minor until 9.3.2026, an adult from 10.3.2026."""
    return make_client(contact, register, first_names="Onni", born=D(2008, 3, 10), sign="A")


@pytest.fixture
def guardian(child):
    return Representative.objects.create(client=child, role="guardian", first_names="Anna",
                                         last_name="Mäkinen", valid_from=D(2008, 3, 10))


def test_guardian_cannot_consent_for_a_client_who_has_turned_18(contact, child, guardian, purposes):
    """DESIGN.md: "A minor becomes an adult on their 18th birthday: guardian rights end then.\""""
    with pytest.raises(services.ConsentRefused) as refused:
        give(contact, child, purposes["fetch_from_other_controllers"], given_by=GivenBy.GUARDIAN,
             given_by_representative=guardian, given_at=at(D(2026, 3, 10), 9))
    message = refused.value.message_dict["given_by_representative"][0]
    assert "A guardian cannot consent on behalf of a client who has turned 18" in message
    assert "10.03.2026" in message
    assert not Consent.objects.exists()
    # The day before the 18th birthday the guardian still could.
    consent = give(contact, child, purposes["fetch_from_other_controllers"], given_by=GivenBy.GUARDIAN,
                   given_by_representative=guardian, given_at=at(D(2026, 3, 9), 9))
    assert consent.given_by_representative == guardian


def test_consent_by_a_person_who_is_not_a_valid_representative_that_day_is_refused(
    contact, client_a, purposes
):
    edunvalvoja = Representative.objects.create(
        client=client_a, role="legal_representative", first_names="Eero", last_name="Edunvalvoja",
        valid_from=D(2026, 2, 1), valid_until=D(2026, 8, 31))
    for day in (D(2026, 1, 31), D(2026, 9, 1)):
        with pytest.raises(services.ConsentRefused) as refused:
            give(contact, client_a, purposes["fetch_from_other_controllers"],
                 given_by=GivenBy.LEGAL_REPRESENTATIVE, given_by_representative=edunvalvoja, given_at=at(day))
        assert refused.value.message_dict["given_by_representative"] == [
            f"Eero Edunvalvoja is not a valid legal representative of the client on {day:%d.%m.%Y} "
            "(in force 01.02.2026 – 31.08.2026)."]
    assert not Consent.objects.exists()


def test_next_of_kin_and_other_clients_people_cannot_consent_for_the_client(
    contact, client_a, client_b, purposes
):
    relative = Representative.objects.create(client=client_a, role="next_of_kin", first_names="Liisa",
                                             last_name="Mäkinen", valid_from=D(2024, 1, 1))
    strangers_guardian = Representative.objects.create(client=client_b, role="legal_representative",
                                                       first_names="Vieras", last_name="Henkilö",
                                                       valid_from=D(2024, 1, 1))
    with pytest.raises(services.ConsentRefused, match="Next of kin cannot consent"):
        give(contact, client_a, purposes["newsletter"], given_by=GivenBy.GUARDIAN,
             given_by_representative=relative)
    with pytest.raises(services.ConsentRefused, match="client's own guardians and legal representatives"):
        give(contact, client_a, purposes["newsletter"], given_by=GivenBy.LEGAL_REPRESENTATIVE,
             given_by_representative=strangers_guardian)
    assert not Consent.objects.exists()


def test_email_marketing_needs_written_permission_with_evidence(contact, client_a, purposes):
    """Seed 003: "Asiakkaalta pyydetään kirjallinen lupa, että yritys saa lähettää sähköpostin
    välityksellä myös suoramarkkinointi-, suoramainonta-, mielipide-, markkinointitutkimusmateriaalia"."""
    with pytest.raises(services.ConsentRefused) as refused:
        give(contact, client_a, purposes["email_marketing"], method=ConsentMethod.ORAL)
    assert refused.value.message_dict["method"] == ["“Sähköpostimarkkinointi” needs written consent."]
    with pytest.raises(services.ConsentRefused) as refused:
        give(contact, client_a, purposes["email_marketing"], evidence_note="")
    assert "evidence_note" in refused.value.message_dict
    assert not Consent.objects.exists()
    assert give(contact, client_a, purposes["email_marketing"]).method == ConsentMethod.WRITTEN


def test_consent_in_the_future_or_for_another_register_is_refused(contact, client_a, other_register):
    from consents.models import ConsentPurpose

    foreign = ConsentPurpose.objects.create(register=other_register, code="newsletter", name="Uutiskirje",
                                            is_marketing=True)
    with pytest.raises(services.ConsentRefused) as refused:
        give(contact, client_a, foreign, given_at=NOW + datetime.timedelta(hours=1))
    assert set(refused.value.message_dict) == {"purpose", "given_at"}


def test_withdrawal_takes_effect_at_once_and_stays_in_history(contact, client_a, purposes):
    """Seed 001: "oikeus peruuttaa suostumus (esimerkiksi suostumuksen peruuttaminen
    markkinointiin)". DESIGN.md: "Withdrawal is always possible and as easy as giving.\""""
    consent = give(contact, client_a, purposes["email_marketing"])
    today = timezone.localdate()
    assert use_decision(client=client_a, purpose="email_marketing", on=today).allowed

    services.consent_withdraw(actor=contact, consent=consent, note="Asiakas soitti.")

    decision = use_decision(client=client_a, purpose="email_marketing", on=today)
    assert not decision.allowed
    assert f"was withdrawn on {today:%d.%m.%Y}" in decision.reason
    consent.refresh_from_db()
    assert consent.withdrawn_by == contact and consent.withdrawal_note == "Asiakas soitti."
    assert Consent.objects.filter(pk=consent.pk).exists()
    # The past is still answerable: on the day it was given it was in force.
    assert use_decision(client=client_a, purpose="email_marketing", on=D(2026, 1, 5)).allowed
    with pytest.raises(services.ConsentRefused, match="already withdrawn"):
        services.consent_withdraw(actor=contact, consent=consent)
    entry = LogEntry.objects.get_for_object(consent).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == contact and "withdrawn_at" in entry.changes_dict


def test_a_change_is_a_withdrawal_plus_a_new_consent(contact, client_a, purposes):
    old = give(contact, client_a, purposes["newsletter"], method=ConsentMethod.ORAL, evidence_note="")
    new = give(contact, client_a, purposes["newsletter"], method=ConsentMethod.ELECTRONIC,
               given_at=at(D(2026, 4, 1)))
    old.refresh_from_db()
    assert old.withdrawn_at == new.given_at and "Replaced by a new consent" in old.withdrawal_note
    assert new.replaces == old and new.withdrawn_at is None
    assert Consent.objects.filter(client=client_a).count() == 2
    with pytest.raises(services.ConsentRefused, match="A later consent"):
        give(contact, client_a, purposes["newsletter"], method=ConsentMethod.ORAL, evidence_note="",
             given_at=at(D(2026, 3, 1)))


def test_consents_for_different_relatives_do_not_replace_each_other(contact, client_a, purposes):
    liisa, pekka = (Representative.objects.create(client=client_a, role="next_of_kin", first_names=name,
                                                  last_name="Mäkinen", valid_from=D(2024, 1, 1))
                    for name in ("Liisa", "Pekka"))
    give(contact, client_a, purposes["next_of_kin_disclosure"], recipient_representative=liisa)
    give(contact, client_a, purposes["next_of_kin_disclosure"], recipient_representative=pekka)
    assert Consent.objects.filter(withdrawn_at__isnull=True).count() == 2


def test_prohibitions_apply_from_the_day_given_and_lifting_keeps_history(contact, client_a, purposes):
    """Seed 000: "Asiakkaalla on oikeus kieltää tietojen julkaiseminen ilmoittamalla siitä yrityksen
    asiakaspalveluun" and "oikeus kieltää tietojensa luovuttaminen ja käsittely suoramainontaa ja
    muuta markkinointia varten"."""
    give(contact, client_a, purposes["email_marketing"])
    today = timezone.localdate()
    prohibition = services.prohibition_add(actor=contact, client=client_a,
                                           kind=ProhibitionKind.DIRECT_MARKETING, note="Puhelimitse.")
    decision = use_decision(client=client_a, purpose="email_marketing", on=today)
    assert not decision.allowed and decision.prohibition == prohibition
    # Seed 000's address lists are "postitustarroja suoramainoksiin": direct marketing too.
    assert not use_decision(client=client_a, purpose="address_list_publication", on=today).allowed
    with pytest.raises(services.ConsentRefused, match="already in force"):
        services.prohibition_add(actor=contact, client=client_a, kind=ProhibitionKind.DIRECT_MARKETING)

    services.prohibition_lift(actor=contact, prohibition=prohibition)
    # Lifted today: from today the prohibition no longer applies; the row stays.
    assert use_decision(client=client_a, purpose="email_marketing", on=today).allowed
    assert Prohibition.objects.get().lifted_by == contact


def test_next_of_kin_receive_nothing_without_consent(contact, client_a, purposes):
    """Seed 003: "Asiakkaan huoltaja, muu laillinen edustaja sekä asiakkaan lähiomainen voivat saada
    tietoja, jos asiakas on antanut tähän suostumuksensa.\""""
    liisa = Representative.objects.create(client=client_a, role="next_of_kin", first_names="Liisa",
                                          last_name="Mäkinen", relationship="tytär", valid_from=D(2024, 1, 1))
    with pytest.raises(client_services.DisclosureRefused,
                       match="Next of kin receive information only with the client's consent"):
        services.disclosure_with_consent(actor=contact, client=client_a, purpose="next_of_kin_disclosure",
                                         recipient=liisa, content="Palvelusuunnitelma", when=NOW)
    # Nor through the client register's own log directly: it refuses relatives without consent.
    with pytest.raises(client_services.DisclosureRefused):
        client_services.disclosure_record(actor=contact, client=client_a, recipient_kind="next_of_kin",
                                          recipient_name="Liisa Mäkinen", representative=liisa,
                                          content="Palvelusuunnitelma", legal_basis="Ei mitään", when=NOW)
    assert not Disclosure.objects.exists()

    consent = give(contact, client_a, purposes["next_of_kin_disclosure"], recipient_representative=liisa,
                   method=ConsentMethod.ORAL, evidence_note="")
    disclosure = services.disclosure_with_consent(
        actor=contact, client=client_a, purpose="next_of_kin_disclosure", recipient=liisa,
        content="Palvelusuunnitelma", when=NOW)
    assert disclosure.consent_reference == consent.pk
    assert disclosure.representative == liisa and disclosure.recipient_kind == "next_of_kin"


def test_law_based_disclosure_goes_through_the_same_function(contact, client_a, purposes):
    disclosure = services.disclosure_with_consent(
        actor=contact, client=client_a, purpose="authority_disclosure", recipient="Kunnan sosiaalitoimi",
        legal_basis="Sosiaalihuoltolaki 1301/2014 35 §", content="Yhteenveto", when=NOW)
    assert disclosure.consent_reference is None
    assert disclosure.legal_basis == "Sosiaalihuoltolaki 1301/2014 35 §"


def test_restricted_client_is_excluded_from_every_consent_based_use(contact, client_a, purposes):
    """DESIGN.md: "a restricted client is shown with a banner and excluded from marketing and
    disclosures" (GDPR Art 18)."""
    liisa = Representative.objects.create(client=client_a, role="next_of_kin", first_names="Liisa",
                                          last_name="Mäkinen", valid_from=D(2024, 1, 1))
    for code in ("email_marketing", "newsletter", "satisfaction_survey", "fetch_from_other_controllers"):
        give(contact, client_a, purposes[code])
    give(contact, client_a, purposes["next_of_kin_disclosure"], recipient_representative=liisa)
    give(contact, client_a, purposes["authority_disclosure"], recipient_name="Kunnan sosiaalitoimi")
    client_services.client_restrict(actor=contact, client=client_a, reason="Art 18 -pyyntö")
    today = timezone.localdate()
    questions = [(code, None) for code in ("email_marketing", "newsletter", "satisfaction_survey",
                                           "fetch_from_other_controllers", "address_list_publication")]
    questions += [("next_of_kin_disclosure", liisa), ("authority_disclosure", "Kunnan sosiaalitoimi")]
    for code, recipient in questions:
        decision = use_decision(client=client_a, purpose=code, recipient=recipient, on=today)
        assert not decision.allowed and decision.basis == "restriction", code
    with pytest.raises(client_services.DisclosureRefused, match="GDPR Art 18"):
        services.disclosure_with_consent(actor=contact, client=client_a, purpose="next_of_kin_disclosure",
                                         recipient=liisa, content="x", when=timezone.now())
    assert not Disclosure.objects.exists()


def test_no_consent_is_recorded_for_a_use_the_client_may_only_prohibit(contact, client_a, purposes):
    """Seed 000: address lists are published "ellei asiakas sitä erityisesti kiellä": a prohibition,
    not a consent, is what the client gives there."""
    with pytest.raises(services.ConsentRefused) as refused:
        give(contact, client_a, purposes["address_list_publication"])
    assert refused.value.message_dict["purpose"] == [
        "This use needs no consent: the client may only prohibit it."]


def test_data_fetched_from_other_controllers_only_with_the_clients_consent(contact, client_a, purposes):
    """Seed 001: "Asiakas voi antaa erikseen suostumuksensa häntä koskevien tietojen hakemiseen muilta
    rekisterinpitäjiltä, kuten muilta asiakkaalle palveluita tuottaneilta/tuottavilta toimijoilta.\""""
    fetch = {"actor": contact, "client": client_a, "purpose": "fetch_from_other_controllers",
             "recipient": "Terapiakeskus Oy", "content": "Aiemmat palvelusuunnitelmat", "direction": "in",
             "when": NOW}
    with pytest.raises(client_services.DisclosureRefused, match="No consent"):
        services.disclosure_with_consent(**fetch)
    consent = give(contact, client_a, purposes["fetch_from_other_controllers"])
    received = services.disclosure_with_consent(**fetch)
    assert (received.direction, received.consent_reference) == ("in", consent.pk)
    assert received.recipient_name == "Terapiakeskus Oy"
