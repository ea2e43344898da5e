"""The consents section of the client file and its forms, as a caseworker uses them."""

import datetime

import pytest
from django.utils import timezone

from clients.models import AccessEntry, Representative
from consents import services
from consents.constants import ConsentMethod, GivenBy, ProhibitionKind
from consents.models import Consent, Prohibition
from consents.selectors import use_decision
from tests.conftest import make_client
from tests.fixtures import at

D = datetime.date


def now_field() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def test_client_file_shows_consents_with_history_and_todays_answers(caseworker_browser, caseworker,
                                                                    client_a, purposes):
    old = services.consent_give(actor=caseworker, client=client_a, purpose=purposes["newsletter"],
                                given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL, given_at=at(D(2025, 3, 1)))
    services.consent_withdraw(actor=caseworker, consent=old, note="Asiakas soitti.")
    services.prohibition_add(actor=caseworker, client=client_a, kind=ProhibitionKind.MARKET_RESEARCH)
    html = caseworker_browser.get(f"/clients/{client_a.pk}/consents/").content.decode()
    assert "Consents" in html and "Uutiskirje" in html
    assert "Withdrawn" in html and "Asiakas soitti." in html  # withdrawn ones stay visible
    assert "Market and opinion research" in html
    assert "May the data be used on" in html
    assert "Allowed unless the client prohibits it" in html  # address lists, not prohibited


def test_give_a_consent_from_the_client_file(caseworker_browser, client_a, purposes):
    form = caseworker_browser.get(f"/consents/clients/{client_a.pk}/consents/new/")
    assert form.status_code == 200
    response = caseworker_browser.post(f"/consents/clients/{client_a.pk}/consents/new/", {
        "purpose": purposes["email_marketing"].pk, "given_by": "client", "method": "written",
        "given_at": now_field(), "evidence_note": "Allekirjoitettu lomake kansiossa.",
    })
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client_a.pk}/consents/"
    consent = Consent.objects.get()
    assert consent.method == "written" and consent.withdrawn_at is None
    assert use_decision(client=client_a, purpose="email_marketing", on=timezone.localdate()).allowed


def test_guardian_for_a_client_who_has_turned_18_is_refused_in_the_form(caseworker_browser, caseworker,
                                                                       register, purposes):
    grown = make_client(caseworker, register, first_names="Onni", born=D(2007, 1, 15), sign="A")
    mother = Representative.objects.create(client=grown, role="guardian", first_names="Anna",
                                           last_name="Mäkinen", valid_from=D(2007, 1, 15))
    response = caseworker_browser.post(f"/consents/clients/{grown.pk}/consents/new/", {
        "purpose": purposes["fetch_from_other_controllers"].pk, "given_by": "guardian",
        "given_by_representative": mother.pk, "method": "oral", "given_at": now_field(),
    })
    assert response.status_code == 200
    assert "A guardian cannot consent on behalf of a client who has turned 18" in response.content.decode()
    assert not Consent.objects.exists()


def test_withdraw_is_one_confirmation_away_and_takes_effect_at_once(caseworker_browser, caseworker,
                                                                   client_a, purposes):
    consent = services.consent_give(actor=caseworker, client=client_a, purpose=purposes["newsletter"],
                                    given_by=GivenBy.CLIENT, method=ConsentMethod.ELECTRONIC,
                                    given_at=at(D(2026, 1, 1)))
    url = f"/consents/clients/{client_a.pk}/consents/{consent.pk}/withdraw/"
    assert url in caseworker_browser.get(f"/clients/{client_a.pk}/consents/").content.decode()
    confirm = caseworker_browser.get(url)
    assert confirm.status_code == 200 and "The withdrawal takes effect at once" in confirm.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None  # the confirmation page changes nothing

    response = caseworker_browser.post(url, {"note": ""})

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_by == caseworker
    assert not use_decision(client=client_a, purpose="newsletter", on=timezone.localdate()).allowed
    html = caseworker_browser.get(f"/clients/{client_a.pk}/consents/").content.decode()
    assert "Withdrawn" in html and url not in html


def test_add_and_lift_a_prohibition(caseworker_browser, caseworker, client_a, purposes):
    response = caseworker_browser.post(f"/consents/clients/{client_a.pk}/prohibitions/new/", {
        "kind": "direct_marketing", "given_at": now_field(), "note": "Puhelimitse."})
    assert response.status_code == 302
    prohibition = Prohibition.objects.get()
    again = caseworker_browser.post(f"/consents/clients/{client_a.pk}/prohibitions/new/", {
        "kind": "direct_marketing", "given_at": now_field()})
    assert "This prohibition is already in force" in again.content.decode()
    lift = f"/consents/clients/{client_a.pk}/prohibitions/{prohibition.pk}/lift/"
    assert caseworker_browser.post(lift, {"note": ""}).status_code == 302
    prohibition.refresh_from_db()
    assert prohibition.lifted_by == caseworker


@pytest.mark.parametrize("path", [
    "/consents/clients/{client}/consents/new/",
    "/consents/clients/{client}/consents/{consent}/withdraw/",
    "/consents/clients/{client}/prohibitions/new/",
    "/consents/clients/{client}/prohibitions/{prohibition}/lift/",
])
def test_another_caseworkers_client_is_404_and_logged(caseworker_browser, caseworker, caseworker_b, client_b,
                                                      purposes, path):
    consent = services.consent_give(actor=caseworker_b, client=client_b, purpose=purposes["newsletter"],
                                    given_by=GivenBy.CLIENT, method=ConsentMethod.ELECTRONIC,
                                    given_at=at(D(2026, 1, 1)))
    prohibition = services.prohibition_add(actor=caseworker_b, client=client_b,
                                           kind=ProhibitionKind.DIRECT_MARKETING)
    url = path.format(client=client_b.pk, consent=consent.pk, prohibition=prohibition.pk)
    assert caseworker_browser.get(url).status_code == 404
    assert caseworker_browser.post(url, {"note": "", "kind": "market_research",
                                         "given_at": now_field()}).status_code == 404
    consent.refresh_from_db()
    prohibition.refresh_from_db()
    assert consent.withdrawn_at is None and prohibition.lifted_at is None
    assert Prohibition.objects.count() == 1 and Consent.objects.count() == 1
    assert AccessEntry.objects.filter(client=client_b, user=caseworker, granted=False).exists()


def test_a_consent_of_another_client_is_404_under_my_client(caseworker_browser, caseworker_b, client_a,
                                                            client_b, purposes):
    consent = services.consent_give(actor=caseworker_b, client=client_b, purpose=purposes["newsletter"],
                                    given_by=GivenBy.CLIENT, method=ConsentMethod.ELECTRONIC,
                                    given_at=at(D(2026, 1, 1)))
    url = f"/consents/clients/{client_a.pk}/consents/{consent.pk}/withdraw/"
    assert caseworker_browser.post(url, {"note": ""}).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_signed_out_users_are_sent_to_sign_in(browser, client_a):
    response = browser.get(f"/consents/clients/{client_a.pk}/consents/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_client_file_query_count_does_not_grow_with_consents(caseworker_browser, caseworker, client_a,
                                                             purposes):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert caseworker_browser.get(f"/clients/{client_a.pk}/consents/").status_code == 200
        return len(captured)

    relative = Representative.objects.create(client=client_a, role="next_of_kin", first_names="Liisa",
                                             last_name="Mäkinen", valid_from=D(2024, 1, 1))

    def add(n: int) -> None:
        purpose = purposes["next_of_kin_disclosure"] if n % 2 else purposes["satisfaction_survey"]
        services.consent_give(actor=caseworker, client=client_a, purpose=purpose, given_by=GivenBy.CLIENT,
                              method=ConsentMethod.ORAL, given_at=at(D(2025, 2, 1 + n)),
                              recipient_representative=relative if n % 2 else None)
        if n < 3:
            services.prohibition_add(actor=caseworker, client=client_a, kind=ProhibitionKind.values[n],
                                     given_at=at(D(2025, 3, 1 + n)))

    # A few of every kind of row first (who recorded or withdrew them is looked up by key, one
    # query per kind of person, however many rows), then many more rows: no more queries.
    for n in range(4):
        add(n)
    queries()
    before = queries()
    for n in range(4, 16):
        add(n)
    assert queries() == before
