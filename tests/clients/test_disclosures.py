"""The disclosure log's own rules (luovutusloki): what the register may disclose on its own
authority, before any consent is asked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

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


# The client file's action "record a disclosure" and "record data received" -------------------

def _post(client, path, **data):
    client.cookies["django_language"] = "en"
    return client.post(path, {"on": timezone.localdate().isoformat(), **data})


def test_a_caseworker_records_a_call_to_the_police_on_the_law_and_it_shows_in_the_client_file(
    db, client, caseworker, client_a
):
    """Issue 19: "No page records an ordinary disclosure: ... a request from Kela, the police or a
    court". The caseworker records one, with the law it rests on; the log shows who and what."""
    client.force_login(caseworker)
    response = _post(client, reverse("clients:disclosure_create", args=[client_a.pk]),
                     recipient_kind="police", recipient_name="Sisä-Suomen poliisilaitos",
                     content="Asiakkaan yhteystiedot", legal_basis="Sosiaalihuoltolaki 1301/2014 35 §")
    assert response.status_code == 302
    disclosure = Disclosure.objects.get(client=client_a)
    assert (disclosure.recipient_kind, disclosure.recipient_name, disclosure.recorded_by, disclosure.direction) == (
        "police", "Sisä-Suomen poliisilaitos", caseworker, "out")
    page = client.get(reverse("clients:disclosures", args=[client_a.pk])).content.decode()
    assert "Sisä-Suomen poliisilaitos" in page and "Asiakkaan yhteystiedot" in page
    assert "Sosiaalihuoltolaki 1301/2014 35 §" in page


def test_a_call_to_next_of_kin_without_the_clients_consent_is_refused_with_the_reason(
    db, client, caseworker, client_a
):
    """Seed 003: "Asiakkaan huoltaja, muu laillinen edustaja sekä asiakkaan lähiomainen voivat
    saada tietoja, jos asiakas on antanut tähän suostumuksensa." Naming a law does not help."""
    kin = services.representative_save(actor=caseworker, client=client_a, today=TODAY, role="next_of_kin",
                                       first_names="Tytär", last_name="Mäkinen", valid_from=TODAY)
    client.force_login(caseworker)
    response = _post(client, reverse("clients:disclosure_create", args=[client_a.pk]),
                     recipient_kind="next_of_kin", representative=kin.pk, content="Vointi",
                     legal_basis="Sosiaalihuoltolaki")
    assert response.status_code == 400
    assert "consent" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_a_restricted_clients_disclosure_to_a_court_needs_an_art_18_2_ground_recorded_for_it(
    db, client, caseworker, contact, client_a
):
    """GDPR Art 18(2): restricted data is disclosed only on one of its grounds, recorded per act."""
    restricted = services.client_restrict(actor=contact, client=client_a, reason="Kiistää tiedot")
    client.force_login(caseworker)
    path = reverse("clients:disclosure_create", args=[restricted.pk])
    data = {"recipient_kind": "court", "recipient_name": "Käräjäoikeus", "content": "Asiakirjat",
            "legal_basis": "Oikeudenkäymiskaari 17:18"}
    refused = _post(client, path, **data)
    assert refused.status_code == 400 and "restricted" in refused.content.decode().lower()
    assert _post(client, path, restriction_ground="legal_claims", **data).status_code == 302
    assert Disclosure.objects.get(client=restricted).recipient_name == "Käräjäoikeus"


def test_data_received_from_another_authority_is_recorded_as_a_source(db, client, caseworker, client_a):
    """Seed 000: "Virheen korjaamisesta ilmoitetaan sille, jolta virheelliset tiedot on saatu":
    the source must be on record first."""
    client.force_login(caseworker)
    response = _post(client, reverse("clients:received_create", args=[client_a.pk]),
                     recipient_kind="authority", recipient_name="Kunnan sosiaalitoimi",
                     content="Palvelutarpeen arvio", legal_basis="Laki 703/2023")
    assert response.status_code == 302
    received = Disclosure.objects.get(client=client_a)
    assert (received.direction, received.recipient_name) == ("in", "Kunnan sosiaalitoimi")


def test_another_caseworkers_client_gets_no_disclosure_form(db, client, caseworker_b, client_a):
    client.force_login(caseworker_b)
    response = _post(client, reverse("clients:disclosure_create", args=[client_a.pk]),
                     recipient_kind="police", recipient_name="Poliisi", content="x", legal_basis="Laki")
    assert response.status_code == 404
    assert not Disclosure.objects.exists()


def test_every_path_that_hands_data_out_records_it_through_the_one_decision():
    """Issue 19: every path that hands data out (PDFs, exports, summaries, request outputs,
    handoffs, letters) goes through `disclosure_record`, which asks `use_decision`: no other
    module writes a disclosure-log row, and the decision installed is the consents app's."""
    from pathlib import Path

    from consents.selectors import disclosure_decider
    from core.disclosures import disclosure_decider as installed

    root = Path(__file__).resolve().parents[2]
    writers = sorted(p.relative_to(root).as_posix()
                     for app in ("clients", "consents", "requests", "retention", "portal", "core", "config")
                     for p in (root / app).rglob("*.py")
                     if "Disclosure.objects.create(" in p.read_text(encoding="utf-8")
                     or "Disclosure.objects.bulk_create(" in p.read_text(encoding="utf-8"))
    assert writers == ["clients/services/disclosures.py"]
    assert installed() is disclosure_decider
