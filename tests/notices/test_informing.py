"""Informing clients of the privacy notice (issue 20): the first-visit informing recorded on the
client's file with the notice version, and after a material change the clients still to inform
listed for the register contact, with their letters in their own language."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from clients.models import InformingMethod, NoticeInforming, PrivacyNotice
from clients.selectors.informing import clients_still_to_inform, informing_status
from clients.services.informing import client_informed, informing_letters_produce
from clients.services.notices import notice_publish
from tests.conftest import make_client, make_register

# Seed 003, "REKISTERÖIDYN INFORMOINTI":
FIRST_VISIT_PROMISE = ("Tietojen rekisteröinnistä kerrotaan myös suullisesti asiakaspalvelutilanteessa "
                       "asiakkaan ensikäynnin yhteydessä.")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def complete_register(provider, register):
    """`register` (the caseworkers' clients' register) with everything a notice must say."""
    provider.street_address, provider.postal_code, provider.city = "Hämeenkatu 12", "33100", "Tampere"
    provider.contact_person_name, provider.email = "Sirpa Mäkelä", "toimisto@hoivapolku.example.fi"
    provider.save()
    register.purpose = "Sosiaalihuollon palvelujen järjestäminen ja toteutus."
    register.legal_bases = ["6.1.c", "9.2.h"]
    register.data_content = "Nimi, henkilötunnus, yhteystiedot, palvelusuunnitelma."
    register.sources = "Asiakas itse ja palvelun tilaaja."
    register.recipients = "Tietoja ei luovuteta ilman lakiin perustuvaa oikeutta tai suostumusta."
    register.save()
    return register


def publish(register, actor, *, material: bool = False, summary: str = ""):
    notices = notice_publish(actor=actor, controller=register.controller, register=register,
                             material_change=material, change_summary=summary)
    return next(n for n in notices if n.language == "fi")


def test_the_attack_another_organisations_contact_and_a_caseworker_get_nothing(
    client, complete_register, admin_user, caseworker, other_contact, client_a
):
    """Another organisation's register contact and a caseworker of the organisation itself: the
    list of clients to inform is a 404, a forged POST for the letters is a 404 and records nothing,
    and the service refuses the caseworker."""
    notice = publish(complete_register, admin_user, material=True, summary="Uusi vastaanottaja: Kela.")
    for intruder in (other_contact, caseworker):
        client.force_login(intruder)
        assert client.get(f"/clients/notices/{notice.pk}/informing/").status_code == 404
        forged = client.post(f"/clients/notices/{notice.pk}/informing/letters/", {"client": [client_a.pk]})
        assert forged.status_code == 404
        # The public page offers them no way there either.
        page = client.get(f"/notices/{complete_register.controller.slug}/{complete_register.slug}/").content.decode()
        assert f"/clients/notices/{notice.pk}/informing/" not in page
    client.force_login(other_contact)  # nor record an informing on a client it does not keep
    forged = client.post(f"/clients/{client_a.pk}/informing/", {"method": "letter",
                                                                "informed_on": f"{timezone.localdate():%Y-%m-%d}"})
    assert forged.status_code == 404
    with pytest.raises(PermissionDenied):
        client_informed(actor=other_contact, client=client_a, notice=notice, how=InformingMethod.LETTER,
                        on=timezone.localdate())
    with pytest.raises(PermissionDenied):
        informing_letters_produce(actor=caseworker, notice=notice, clients=[client_a], today=timezone.localdate())
    assert not NoticeInforming.objects.exists()


def test_the_story_a_material_change_lists_the_clients_and_their_letters_inform_them(
    client, complete_register, admin_user, contact, caseworker, client_a, other_register
):
    """Publish a material change; the register contact finds the clients whose relationship is in
    force, produces one PDF for printing, each letter in the client's own language; the clients
    are then recorded as informed by letter and the list is empty. A client who wants no letters
    home is listed apart and left out of the batch; a protected address is printed only on the
    client's own letter, never on the list."""
    swede = make_client(caseworker, complete_register, last_name="Åberg", first_names="Anna",
                        preferred_language="sv", street_address="Strandvägen 1", postal_code="00100",
                        city="Helsingfors")
    hidden = make_client(caseworker, complete_register, last_name="Piilonen", first_names="Pirjo",
                         address_protected=True, street_address="Salainen tie 9", postal_code="33500",
                         city="Salakylä")
    no_letters = make_client(caseworker, complete_register, last_name="Kirjeetön", first_names="Kalle",
                             no_letters_home=True)
    ended = make_client(caseworker, complete_register, last_name="Päättynyt", first_names="Pekka",
                        relationship_ended=datetime.date(2024, 6, 30))
    stranger = make_client(caseworker, other_register, last_name="Vieras", first_names="Ville")
    notice = publish(complete_register, admin_user, material=True, summary="Uusi vastaanottaja: Kela.")

    client.force_login(contact)
    public = client.get(f"/notices/{complete_register.controller.slug}/{complete_register.slug}/").content.decode()
    assert f"/clients/notices/{notice.pk}/informing/" in public
    page = client.get(f"/clients/notices/{notice.pk}/informing/").content.decode()
    for person in (client_a, swede, hidden, no_letters):
        assert person.display_name in page
    for person in (ended, stranger):
        assert person.display_name not in page
    assert "Salakylä" not in page and "Salainen tie" not in page
    assert "Ei kirjeitä kotiosoitteeseen" in page  # the no-letters-home clients, listed apart

    response = client.post(f"/clients/notices/{notice.pk}/informing/letters/",
                           {"client": [client_a.pk, swede.pk, hidden.pk, no_letters.pk]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 3
    text = flat(pdf_text(content))
    assert flat("Hyvä Mäkinen Matti,") in text and flat("Tietosuojaselosteemme on muuttunut") in text
    assert flat("Bästa Åberg Anna,") in text and flat("Vår dataskyddsbeskrivning har ändrats") in text
    assert flat("Uusi vastaanottaja: Kela.") in text
    assert flat(f"/notices/{complete_register.controller.slug}/{complete_register.slug}/") in text
    assert flat("Salainen tie 9") in text  # on Pirjo's own letter: the letter goes to her only
    assert "Kirjeetön" not in text

    informed = NoticeInforming.objects.filter(notice__version=notice.version)
    assert {(i.client_id, i.method, i.recorded_by_id) for i in informed} == {
        (client_a.pk, InformingMethod.LETTER, contact.pk), (swede.pk, InformingMethod.LETTER, contact.pk),
        (hidden.pk, InformingMethod.LETTER, contact.pk)}
    assert informed.get(client=swede).notice.language == "sv"

    page = client.get(f"/clients/notices/{notice.pk}/informing/").content.decode()
    assert client_a.display_name not in page and swede.display_name not in page
    assert "Kirjelistalla ei ole enää ketään informoitavaa." in page
    assert list(clients_still_to_inform(notice, user=contact, today=timezone.localdate())) == [no_letters]
    again = client.post(f"/clients/notices/{notice.pk}/informing/letters/", {"client": [client_a.pk]})
    assert again.status_code == 302  # nobody left to print: nothing produced, nothing recorded twice
    assert informed.filter(client=client_a).count() == 1


def test_one_letter_per_client_as_its_own_pdf(client, complete_register, admin_user, contact, client_a, client_b):
    notice = publish(complete_register, admin_user, material=True, summary="Uusi käyttötarkoitus.")
    client.force_login(contact)
    response = client.post(f"/clients/notices/{notice.pk}/informing/letters/", {"client": [client_b.pk]})
    assert response.status_code == 200
    text = flat(pdf_text(response.content))
    assert flat(client_b.display_name) in text and flat(client_a.display_name) not in text
    assert f"client-{client_b.pk}" in response["Content-Disposition"]
    assert list(NoticeInforming.objects.values_list("client_id", flat=True)) == [client_b.pk]


def test_first_visit_informing_is_recorded_on_the_file(
    client, complete_register, admin_user, caseworker, caseworker_b, client_a
):
    """Seed 003: "Tietojen rekisteröinnistä kerrotaan myös suullisesti asiakaspalvelutilanteessa
    asiakkaan ensikäynnin yhteydessä." The worker serving the client records it on the file, with
    the notice version; a worker who does not serve the client cannot."""
    assert "ensikäynnin yhteydessä" in FIRST_VISIT_PROMISE
    notice = publish(complete_register, admin_user)
    client.force_login(caseworker)
    file = client.get(f"/clients/{client_a.pk}/").content.decode()
    assert "Ei vielä informoitu voimassa olevasta selosteesta" in file
    assert f'action="/clients/{client_a.pk}/informing/"' in file

    client.force_login(caseworker_b)
    refused = client.post(f"/clients/{client_a.pk}/informing/", {"method": "first_visit",
                                                                 "informed_on": f"{timezone.localdate():%Y-%m-%d}"})
    assert refused.status_code == 404
    assert not NoticeInforming.objects.exists()

    client.force_login(caseworker)
    assert client.get(f"/clients/{client_a.pk}/informing/").status_code == 405  # a link records nothing
    today = timezone.localdate()
    response = client.post(f"/clients/{client_a.pk}/informing/", {"method": "first_visit",
                                                                  "informed_on": f"{today:%Y-%m-%d}"})
    assert response.status_code == 302
    record = NoticeInforming.objects.get(client=client_a)
    assert (record.notice, record.method, record.recorded_by, record.informed_on) == (
        notice, InformingMethod.FIRST_VISIT, caseworker, today)
    file = client.get(f"/clients/{client_a.pk}/").content.decode()
    assert f"Informoitu tietosuojaselosteen versiosta 1 {today:%-d.%-m.%Y} (Annettu ensikäynnillä)." in file
    assert "Ei vielä informoitu" not in file
    # The trail: the change history names the recorder.
    entry = LogEntry.objects.get_for_object(record).get()
    assert entry.actor == caseworker


def test_a_newer_version_makes_the_client_not_yet_informed_again(
    client, complete_register, admin_user, caseworker, client_a
):
    first = publish(complete_register, admin_user)
    today = timezone.localdate()
    client_informed(actor=caseworker, client=client_a, notice=first, how=InformingMethod.FIRST_VISIT, on=today)
    assert informing_status(client_a).informed is not None

    second = publish(complete_register, admin_user, material=True, summary="Uusi vastaanottaja: Kela.")
    status = informing_status(client_a)
    assert status.current == second and status.informed is None and status.last.notice == first
    client.force_login(caseworker)
    file = client.get(f"/clients/{client_a.pk}/").content.decode()
    assert "Ei vielä informoitu voimassa olevasta selosteesta" in file
    assert f"Viimeksi informoitu versiosta 1 {today:%-d.%-m.%Y}." in file
    # Informed of the new version by letter: the file says so.
    informing_letters_produce(actor=admin_user, notice=second, clients=[client_a], today=today)
    file = client.get(f"/clients/{client_a.pk}/").content.decode()
    assert f"Informoitu tietosuojaselosteen versiosta 2 {today:%-d.%-m.%Y} (Kirje)." in file


def test_a_notice_of_another_register_cannot_be_recorded(complete_register, admin_user, caseworker, client_a,
                                                         provider):
    other = make_register(provider)
    for field, value in (("purpose", "Muu"), ("data_content", "Nimi"), ("sources", "Asiakas"),
                         ("recipients", "Ei luovuteta")):
        setattr(other, field, value)
    other.legal_bases = ["6.1.c"]
    other.save()
    notice = publish(other, admin_user)
    with pytest.raises(ValidationError):
        client_informed(actor=caseworker, client=client_a, notice=notice, how=InformingMethod.FIRST_VISIT,
                        on=timezone.localdate())


def test_publishing_a_material_change_in_the_admin_leads_to_the_clients_to_inform(
    client, complete_register, admin_user, client_a
):
    client.force_login(admin_user)
    form = {"action": "publish_notice", "_selected_action": [complete_register.pk], "confirm": "yes"}
    response = client.post("/admin/clients/register/", {**form, "material_change": "on",
                                                        "change_summary": "Uusi vastaanottaja: Kela."}, follow=True)
    notice = PrivacyNotice.objects.get(register=complete_register, language="fi")
    assert notice.material_change
    assert f'href="/clients/notices/{notice.pk}/informing/"' in response.content.decode()
    page = client.get(f"/clients/notices/{notice.pk}/informing/").content.decode()
    assert client_a.display_name in page
