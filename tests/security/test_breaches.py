"""Breach register (GDPR Art 33/34; seed 001 "Tietoturvaloukkaus"): the breach with its affected
clients, the 72-hour clock to the supervisory authority, and notices to the clients in their
own language, as email text and as a PDF letter."""

import datetime
import io

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from clients.constants import AccessKind
from clients.models import AccessEntry, Breach, BreachNotice
from clients.selectors.breaches import breach_countdown
from clients.services import breaches as services
from tests.conftest import make_client

# Five days ago, on the minute: long past the 72 hours.
DISCOVERED = (timezone.now() - datetime.timedelta(days=5)).replace(second=0, microsecond=0)


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def breach(contact, client_a, client_b) -> Breach:
    client_b.preferred_language = "sv"
    client_b.save()
    return services.breach_create(actor=contact, title="Kadonnut muistitikku", discovered_at=DISCOVERED,
                                  description="Työntekijän muistitikku katosi bussissa.",
                                  affected_data="Nimet ja osoitteet", consequences="Osoitetietojen leviäminen",
                                  measures="Salasanat vaihdettu", clients=[client_a, client_b])


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_72_hour_countdown(breach):
    left = breach_countdown(breach, now=DISCOVERED + datetime.timedelta(hours=1, minutes=30))
    assert (left.overdue, left.hours, left.minutes) == (False, 70, 30)
    with translation.override("en"):
        assert left.text == "70 h 30 min left"
    with translation.override("fi"):
        assert left.text == "70 h 30 min jäljellä"
    late = breach_countdown(breach, now=DISCOVERED + datetime.timedelta(hours=75, minutes=5))
    assert (late.overdue, late.hours, late.minutes) == (True, 3, 5)
    with translation.override("en"):
        assert late.text == "Overdue by 3 h 5 min"
    assert breach.authority_deadline == DISCOVERED + datetime.timedelta(hours=72)


def test_the_register_contact_records_a_breach_with_affected_clients(en, contact, client_a, client_b):
    en.force_login(contact)
    discovered = timezone.localtime() - datetime.timedelta(hours=2)
    response = en.post("/clients/breaches/new/", {
        "title": "Väärä vastaanottaja", "discovered_at": discovered.strftime("%Y-%m-%dT%H:%M"),
        "description": "Kirje lähti väärään osoitteeseen.", "affected_data": "Palvelusuunnitelma",
        "affected": f"{client_a.identity_code}\n{client_b.pk}\n",
    })
    assert response.status_code == 302, response.content.decode()
    breach = Breach.objects.get()
    assert set(breach.affected_clients.all()) == {client_a, client_b}
    assert breach.created_by == contact
    page = en.get(response.url).content.decode()
    assert "69 h" in page and "min left" in page
    assert client_a.display_name in page
    assert client_a.identity_code not in page  # masked
    assert "Overdue" not in en.get("/clients/breaches/").content.decode()


def test_an_overdue_breach_says_so_until_reported(en, contact, breach):
    en.force_login(contact)
    assert "Overdue by" in en.get("/clients/breaches/").content.decode()
    response = en.post(f"/clients/breaches/{breach.pk}/authority/", {
        "reported_at": local_input(DISCOVERED + datetime.timedelta(hours=30)), "reference": "TSV/123/2026",
    })
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.reported_to_authority_at is not None
    assert breach.authority_reference == "TSV/123/2026"
    page = en.get(f"/clients/breaches/{breach.pk}/").content.decode()
    assert "Overdue" not in page
    assert "Reported in time." in page
    assert "TSV/123/2026" in page


def test_a_report_before_discovery_or_in_the_future_is_refused(en, contact, breach):
    en.force_login(contact)
    for when in [local_input(DISCOVERED - datetime.timedelta(hours=1)),
                 local_input(timezone.now() + datetime.timedelta(days=1))]:
        response = en.post(f"/clients/breaches/{breach.pk}/authority/", {"reported_at": when})
        assert response.status_code == 200
    breach.refresh_from_db()
    assert breach.reported_to_authority_at is None


def test_a_client_of_another_organisation_cannot_be_added(en, contact, other_contact, other_register, breach):
    stranger = make_client(other_contact, other_register, last_name="Ulkopuolinen")
    en.force_login(contact)
    response = en.post(f"/clients/breaches/{breach.pk}/clients/", {"affected": stranger.identity_code})
    assert response.status_code == 200
    assert "No client of yours matches" in response.content.decode()
    assert not breach.affected_clients.filter(pk=stranger.pk).exists()
    with pytest.raises(PermissionError):
        services.breach_clients_add(actor=contact, breach=breach, clients=[stranger])


def test_notices_in_the_clients_own_language_email_and_pdf(en, contact, breach, client_a, client_b):
    en.force_login(contact)
    finnish = en.get(f"/clients/breaches/{breach.pk}/notices/{client_a.pk}/").content.decode()
    assert "Kadonnut muistitikku" in finnish or "muistitikku katosi" in finnish
    swedish = en.get(f"/clients/breaches/{breach.pk}/notices/{client_b.pk}/")
    assert swedish.status_code == 200
    assert 'lang="sv"' in swedish.content.decode()
    pdf = en.get(f"/clients/breaches/{breach.pk}/notices/{client_b.pk}/pdf/")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    text = text_of(pdf.content)
    assert "Virtanen Aino" in text
    assert "Työntekijän muistitikku katosi bussissa." in text
    # Each look at a client's data for the notice is access-logged.
    assert AccessEntry.objects.filter(client=client_b, user=contact, kind=AccessKind.EXPORT).count() == 2
    response = en.post(f"/clients/breaches/{breach.pk}/notices/{client_b.pk}/", {"channel": "letter"})
    assert response.status_code == 302
    notice = BreachNotice.objects.get()
    assert (notice.client, notice.language, notice.channel, notice.recorded_by) == (
        client_b, "sv", "letter", contact)
    assert "Letter" in en.get(f"/clients/breaches/{breach.pk}/").content.decode()


def test_caseworkers_and_other_organisations_see_no_breaches(client, caseworker, other_contact, breach,
                                                            client_a):
    client.force_login(caseworker)
    for url in ["/clients/breaches/", "/clients/breaches/new/", f"/clients/breaches/{breach.pk}/"]:
        assert client.get(url).status_code == 403, url
    client.force_login(other_contact)
    assert breach.title not in client.get("/clients/breaches/").content.decode()
    for url in [f"/clients/breaches/{breach.pk}/", f"/clients/breaches/{breach.pk}/notices/{client_a.pk}/",
                f"/clients/breaches/{breach.pk}/notices/{client_a.pk}/pdf/"]:
        assert client.get(url).status_code == 404, url
    response = client.post(f"/clients/breaches/{breach.pk}/authority/",
                           {"reported_at": local_input(timezone.now())})
    assert response.status_code == 404
    breach.refresh_from_db()
    assert breach.reported_to_authority_at is None


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_letter_pdf_is_rendered_in_the_clients_language(breach, client_a, language, monkeypatch):
    """The letter is rendered with the client's preferred language active (the Finnish and
    Swedish wording comes with the translations)."""
    from django.utils import translation

    from clients.selectors.breaches import breach_notice_email, breach_notice_letter_pdf

    client_a.preferred_language = language
    seen = []
    original = translation.override.__enter__

    def spy(self):
        seen.append(self.language)
        return original(self)

    monkeypatch.setattr(translation.override, "__enter__", spy)
    email = breach_notice_email(breach, client_a)
    pdf = breach_notice_letter_pdf(breach, client_a, today=datetime.date(2026, 11, 21))
    assert seen.count(language) >= 2
    assert email["language"] == language
    text = text_of(pdf)
    assert client_a.display_name in text
    assert "21.11.2026" in text
    if language == "en":
        assert "personal data breach" in text
        assert "Data Protection Ombudsman" in text
        assert "personal data breach" in email["body"]
