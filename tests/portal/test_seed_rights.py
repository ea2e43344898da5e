"""Each right a seed promises that the client's own pages serve, exercised online by the client
after strong identification. The seed's sentence is quoted in each test."""

import datetime

import pytest
from django.utils import timezone

from clients.constants import RepresentativeRole
from clients.models import Representative
from consents.constants import ConsentMethod, GivenBy, ProhibitionKind
from consents.models import Consent, EmailSubscriber, Prohibition
from consents.services import consent_give
from requests.constants import Channel, RequestType, VerificationMethod
from requests.models import DataSubjectRequest
from tests.conftest import make_client

pytestmark = pytest.mark.django_db


def _file(browser, client, type_):
    page = browser.get(f"/oma/{client.pk}/requests/new/").content.decode()
    key = page.split('name="submission_key" value="', 1)[1].split('"', 1)[0]
    return browser.post(f"/oma/{client.pk}/requests/new/", {"type": type_, "description": "", "submission_key": key})


def test_seed_001_the_client_gets_access_to_their_own_data(browser, sign_in, caseworker, register):
    """Seed 001: "Asiakkaalla on oikeus saada pääsy omiin rekisterissä oleviin tietoihinsa." """
    mine = make_client(caseworker, register, first_names="Aino", last_name="Asiakas")
    sign_in(browser, mine.identity_code)
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert "Asiakas Aino" in page and mine.identity_code in page
    assert _file(browser, mine, RequestType.ACCESS).status_code == 302
    request = DataSubjectRequest.objects.get(client=mine, type=RequestType.ACCESS)
    assert request.channel == Channel.ELECTRONIC
    assert request.verification_method == VerificationMethod.STRONG_ELECTRONIC


def test_seed_002_the_client_asks_for_erasure_online(browser, sign_in, caseworker, register):
    """Seed 002: "Asiakkaalla on oikeus pyytää tietojensa poistamista, ellei poistamiselle ole
    lainsäädännöllistä estettä (EU 2016/679:n 17. artikla)." The request lands in the register
    contact's queue, who weighs the legal obstacles."""
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    assert _file(browser, mine, RequestType.ERASURE).status_code == 302
    request = DataSubjectRequest.objects.get(client=mine, type=RequestType.ERASURE)
    assert request.is_open and request.due_on <= timezone.localdate() + datetime.timedelta(days=31)


def test_seed_000_the_client_prohibits_direct_marketing(browser, sign_in, caseworker, register):
    """Seed 000: "Rekisteröidyllä on oikeus kieltää tietojensa luovuttaminen ja käsittely
    suoramainontaa ja muuta markkinointia varten" """
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    response = browser.post(f"/oma/{mine.pk}/prohibitions/", {"kind": ProhibitionKind.DIRECT_MARKETING})
    assert response.status_code == 302
    prohibition = Prohibition.objects.get(client=mine, kind=ProhibitionKind.DIRECT_MARKETING)
    assert not prohibition.is_lifted


def test_seed_001_the_client_withdraws_a_marketing_consent(browser, sign_in, caseworker, register, purposes):
    """Seed 001: "– oikeus peruuttaa suostumus (esimerkiksi suostumuksen peruuttaminen
    markkinointiin)" """
    mine = make_client(caseworker, register)
    consent = consent_give(actor=caseworker, client=mine, purpose=purposes["email_marketing"],
                           given_by=GivenBy.CLIENT, method=ConsentMethod.WRITTEN, evidence_note="Kansiossa 3",
                           given_at=timezone.now() - datetime.timedelta(days=10))
    sign_in(browser, mine.identity_code)
    assert browser.post(f"/oma/{mine.pk}/consents/{consent.pk}/withdraw/").status_code == 302
    assert Consent.objects.get(pk=consent.pk).is_withdrawn


def test_seed_003_a_subscriber_leaves_the_email_list_at_any_time(browser, sign_in, caseworker, register, purposes):
    """Seed 003: "Sähköpostilistalle liittynyt käyttäjä voi milloin tahansa pyytää tietojensa
    poistamista sähköpostilistalta ottamalla yhteyttä rekisterin ylläpitäjiin ohjeiden mukaisesti." """
    mine = make_client(caseworker, register, email="aino@example.fi")
    subscriber = EmailSubscriber.objects.create(purpose=purposes["newsletter"], email="aino@example.fi",
                                                subscribed_at=timezone.now())
    sign_in(browser, mine.identity_code)
    assert browser.post(f"/oma/{mine.pk}/email-lists/{subscriber.pk}/unsubscribe/").status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None


def test_seed_003_a_minor_who_prohibited_it_is_not_shown_to_the_guardian(browser, sign_in, caseworker, register):
    """Seed 003: "Jos alaikäinen asiakas ikäänsä ja kehitystasoonsa nähden kykenee päättämään
    asiakkuudestaan ja tiedon antamatta jättäminen ei vaaranna lapsen (psyykkistä tai fyysistä)
    kasvua ja kehitystä, hänellä on oikeus kieltää asiakkuuttansa koskevien tietojen antaminen
    huoltajalleen tai muulle lailliselle edustajalleen." """
    child = make_client(caseworker, register, last_name="Nuori", first_names="Nelli",
                        born=timezone.localdate() - datetime.timedelta(days=365 * 15), sign="A")
    Representative.objects.create(client=child, role=RepresentativeRole.GUARDIAN, first_names="Huoltaja",
                                  last_name="Nuori", identity_code="010180-123A",
                                  valid_from=datetime.date(2020, 1, 1), disclosure_prohibited=True,
                                  prohibition_assessed_by=caseworker, prohibition_assessed_on=timezone.localdate(),
                                  prohibition_reasoning="Kykenee päättämään; ei vaaranna kehitystä.")
    sign_in(browser, "010180-123A")
    overview = browser.get("/oma/").content.decode()
    assert "Nuori Nelli" not in overview and "You cannot see one child's data here." in overview
    assert browser.get(f"/oma/{child.pk}/").status_code == 404
