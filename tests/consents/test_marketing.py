"""The marketing email list: export and unsubscribe.

Seed 003: "Sähköpostilistaan kerätään ainoastaan asiakkaan sähköpostiosoite. Sähköpostilistalle
liittynyt käyttäjä voi milloin tahansa pyytää tietojensa poistamista sähköpostilistalta ..."
"""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from clients import services as client_services
from clients.models import AccessEntry
from consents import services
from consents.constants import ConsentMethod, GivenBy, ProhibitionKind
from consents.models import EmailSubscriber, MarketingExport
from consents.selectors import unsubscribe_url
from tests.conftest import make_client
from tests.fixtures import at

D = datetime.date


def consent(actor, client, purpose, method=ConsentMethod.WRITTEN, **kwargs):
    return services.consent_give(
        actor=actor, client=client, purpose=purpose, given_by=GivenBy.CLIENT, method=method,
        given_at=at(D(2026, 2, 1)), evidence_note="Lomake kansiossa." if method == "written" else "", **kwargs)


def export_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def people(contact, register):
    def person(last, email, **extra):
        return make_client(contact, register, last_name=last, email=email, **extra)
    return person


def test_no_marketing_export_for_a_client_without_written_consent(contact_browser, contact, people, purposes):
    """Seed 003: "Asiakkaalta pyydetään kirjallinen lupa, että yritys saa lähettää sähköpostin
    välityksellä myös suoramarkkinointi-, suoramainonta-, mielipide-, markkinointitutkimusmateriaalia"."""
    written = people("Kirjallinen", "kirjallinen@example.fi")
    consent(contact, written, purposes["email_marketing"])
    people("Eisuostumusta", "ei.suostumusta@example.fi")
    oral = people("Suullinen", "suullinen@example.fi")
    consent(contact, oral, purposes["newsletter"], method=ConsentMethod.ORAL)  # another list only
    withdrawn = people("Peruttu", "peruttu@example.fi")
    services.consent_withdraw(actor=contact, consent=consent(contact, withdrawn, purposes["email_marketing"]))
    prohibited = people("Kielto", "kielto@example.fi")
    consent(contact, prohibited, purposes["email_marketing"])
    services.prohibition_add(actor=contact, client=prohibited, kind=ProhibitionKind.DIRECT_MARKETING)
    restricted = people("Rajoitettu", "rajoitettu@example.fi")
    consent(contact, restricted, purposes["email_marketing"])
    client_services.client_restrict(actor=contact, client=restricted, reason="Art 18 -pyyntö")

    response = contact_browser.post("/consents/export/", {"purpose": purposes["email_marketing"].pk})

    assert export_rows(response) == [["email"], ["kirjallinen@example.fi"]]
    assert "attachment" in response["Content-Disposition"]


def test_export_holds_only_email_addresses_and_is_logged_without_them(contact_browser, contact, people,
                                                                      purposes):
    client = people("Mäkinen", "matti@example.fi", phone="040 1234567", street_address="Kotikatu 1")
    consent(contact, client, purposes["email_marketing"])
    response = contact_browser.post("/consents/export/", {"purpose": purposes["email_marketing"].pk})
    body = response.content.decode()
    assert export_rows(response) == [["email"], ["matti@example.fi"]]
    for personal in ("Mäkinen", "Matti", "040 1234567", "Kotikatu", client.identity_code):
        assert personal not in body
    export = MarketingExport.objects.get()
    assert (export.exported_by, export.purpose, export.count, export.client_count) == (
        contact, purposes["email_marketing"], 1, 1)
    assert "matti@example.fi" not in str([getattr(export, f.attname) for f in export._meta.fields])
    entry = AccessEntry.objects.get(client=client, kind="export")
    assert entry.user == contact


def test_export_covers_only_the_users_own_organisation(browser, other_contact, contact, people, purposes):
    client = people("Mäkinen", "matti@example.fi")
    consent(contact, client, purposes["email_marketing"])
    browser.force_login(other_contact)
    response = browser.post("/consents/export/", {"purpose": purposes["email_marketing"].pk})
    assert response.status_code == 200  # the form again: that list is not theirs to choose
    assert "purpose" in response.context["form"].errors
    assert not MarketingExport.objects.exists()


def test_caseworkers_do_not_export(caseworker_browser, purposes):
    response = caseworker_browser.get("/consents/export/")
    assert response.status_code == 403
    assert "Only register contacts and admins export email lists." in response.content.decode()
    assert caseworker_browser.post("/consents/export/",
                                   {"purpose": purposes["newsletter"].pk}).status_code == 403
    assert not MarketingExport.objects.exists()


def test_export_includes_subscribers_who_have_not_unsubscribed(contact_browser, contact, people, purposes):
    newsletter = purposes["newsletter"]
    client = people("Mäkinen", "Matti@Example.fi")
    consent(contact, client, newsletter, method=ConsentMethod.ELECTRONIC)
    services.subscriber_add(actor=contact, purpose=newsletter, email="tilaaja@example.fi")
    services.subscriber_add(actor=contact, purpose=newsletter, email="matti@example.fi")  # same person
    gone = services.subscriber_add(actor=contact, purpose=newsletter, email="lahtenyt@example.fi")
    services.subscriber_unsubscribe(subscriber=gone, actor=contact)
    rows = export_rows(contact_browser.post("/consents/export/", {"purpose": newsletter.pk}))
    assert rows == [["email"], ["Matti@Example.fi"], ["tilaaja@example.fi"]]
    assert MarketingExport.objects.get().subscriber_count == 2


def test_subscribers_are_never_added_to_a_list_that_needs_written_consent(contact, purposes):
    with pytest.raises(services.ConsentRefused):
        services.subscriber_add(actor=contact, purpose=purposes["email_marketing"], email="x@example.fi")
    services.subscriber_add(actor=contact, purpose=purposes["newsletter"], email="x@example.fi")
    with pytest.raises(services.ConsentRefused, match="already on the list"):
        services.subscriber_add(actor=contact, purpose=purposes["newsletter"], email="X@example.fi")


def test_unsubscribe_link_works_without_signing_in_and_takes_effect_at_once(browser, contact, purposes):
    subscriber = services.subscriber_add(actor=contact, purpose=purposes["newsletter"], email="a@example.fi")
    url = unsubscribe_url(subscriber)
    page = browser.get(url)
    assert page.status_code == 200 and "Uutiskirje" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is None  # looking at the page (or a mail scanner) changes nothing

    done = browser.post(url)

    assert done.status_code == 200
    assert "You will receive no more messages from this list." in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None and subscriber.unsubscribed_by is None
    assert not services.marketing_export(actor=contact, purpose=purposes["newsletter"]).emails
    assert browser.post(url).status_code == 200  # twice is harmless


def test_tampered_unsubscribe_token_is_refused_and_changes_nothing(browser, contact, purposes):
    newsletter = purposes["newsletter"]
    mine = services.subscriber_add(actor=contact, purpose=newsletter, email="mina@example.fi")
    other = services.subscriber_add(actor=contact, purpose=newsletter, email="toinen@example.fi")
    url = unsubscribe_url(mine)
    token = url.rstrip("/").rsplit("/", 1)[1]
    payload, rest = token.split(":", 1)
    forged_payload = payload.replace(payload[-2:], "xx")  # another subscription, no valid signature
    tampered = [
        url.replace(token, f"{forged_payload}:{rest}"),
        url.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B")),
        url.replace(token, "not-a-token"),
        url.replace(f"/unsubscribe/{newsletter.pk}/", f"/unsubscribe/{purposes['email_marketing'].pk}/"),
    ]
    for bad in tampered:
        assert browser.get(bad).status_code == 400
        response = browser.post(bad)
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert EmailSubscriber.objects.filter(unsubscribed_at__isnull=True).count() == 2
    with pytest.raises(services.InvalidToken):
        services.unsubscribe_with_token(purpose_pk=newsletter.pk, token=token[:-1] + "x")
    other.refresh_from_db()
    assert other.unsubscribed_at is None


def test_export_decides_many_clients_in_a_fixed_number_of_queries(contact, register, purposes,
                                                                  django_assert_max_num_queries):
    for n in range(30):
        client = make_client(contact, register, last_name=f"Asiakas{n}", email=f"a{n}@example.fi")
        consent(contact, client, purposes["email_marketing"])
        if n % 3 == 0:
            services.prohibition_add(actor=contact, client=client, kind=ProhibitionKind.DIRECT_MARKETING,
                                     given_at=timezone.now() - datetime.timedelta(days=1))
    from consents.selectors import marketing_list

    with django_assert_max_num_queries(12):
        found = marketing_list(user=contact, purpose=purposes["email_marketing"], on=timezone.localdate())
    assert len(found.emails) == 20
