"""GDPR Art 19, per corrected or erased item: whom to tell is computed from the disclosure log —
the recipients of that data before the request (never the client herself, never a recipient who
got the data only after the request) and the sources it came from — and a request cannot be
completed while any of them is neither notified nor explained."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clients import services as client_services
from clients.constants import RecipientKind, ServiceTask
from clients.models import ServiceEntry
from clients.services import file as file_services
from requests import selectors, services
from requests.constants import Outcome, RequestType
from requests.models import Art19Notification
from tests.fixtures import at

D = datetime.date
RECEIVED = D(2026, 11, 2)


def _request(actor, person, type=RequestType.RECTIFICATION):
    dsr = services.request_register(actor=actor, client=person, type=type, received_on=RECEIVED,
                                    channel="signed_letter", submission_key=uuid.uuid4(),
                                    today=timezone.localdate())
    return services.request_verify_identity(actor=actor, request=dsr, method="photo_id")


def _disclose(actor, person, name, day, kind=RecipientKind.AUTHORITY, direction="out", **extra):
    return client_services.disclosure_record(
        actor=actor, client=person, recipient_kind=kind, recipient_name=name, content="Käyntitiedot",
        legal_basis=extra.pop("legal_basis", "Laki 703/2023"), direction=direction, when=at(day, 12), **extra)


@pytest.fixture
def corrected_visit(contact, client_a):
    """A visit recorded on 1.10.2026, disclosed and received as the story below says, then
    corrected on the client's rectification request received on 2.11.2026."""
    case = file_services.case_open(actor=contact, client=client_a, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito", opened_on=D(2026, 1, 2))
    file_services.granted_service_add(actor=contact, case=case, content="Käynnit", valid_from=D(2026, 1, 2))
    entry = file_services.entry_record(actor=contact, client=client_a, date=D(2026, 10, 1),
                                       duration_minutes=45, content="Kotikäynti, kaatuminen")
    ServiceEntry.objects.filter(pk=entry.pk).update(created_at=at(D(2026, 10, 1), 15))
    _disclose(contact, client_a, "Kunnan sosiaalitoimi", D(2026, 9, 1), direction="in")  # the source
    _disclose(contact, client_a, "Lastenneuvola", D(2026, 9, 15))  # before the visit existed
    _disclose(contact, client_a, "Kela", D(2026, 10, 15))  # got the visit before the request
    _disclose(contact, client_a, client_a.display_name, D(2026, 10, 20), kind=RecipientKind.CLIENT,
              legal_basis="GDPR 15 art.")  # the client's own copy
    _disclose(contact, client_a, "Sisä-Suomen poliisilaitos", D(2026, 11, 10), kind=RecipientKind.POLICE,
              legal_basis="Poliisilaki 4:2")  # only after the request
    dsr = _request(contact, client_a)
    entry.refresh_from_db()
    file_services.correction_record(actor=contact, entry=entry, field="content", value="Kotikäynti",
                                    reason="Asiakkaan oikaisupyyntö")
    return dsr


def test_the_art19_list_of_a_corrected_visit_names_its_recipients_before_the_request_and_its_source(
    db, corrected_visit
):
    """Seed 000: "Virheen korjaamisesta ilmoitetaan sille, jolta virheelliset tiedot on saatu tai
    jolle tiedot on luovutettu." Issue 19: the list offered the client herself, listed a recipient
    that got data only after the request and left out the source."""
    (item,) = selectors.art19_items(corrected_visit)
    assert [d.recipient_name for d in item.recipients] == ["Kela"]
    assert [d.recipient_name for d in item.sources] == ["Kunnan sosiaalitoimi"]
    names = {d.recipient_name for d in selectors.art19_recipients(corrected_visit)}
    assert names == {"Kela", "Kunnan sosiaalitoimi"}


def test_a_rectification_cannot_be_completed_while_a_recipient_is_neither_notified_nor_explained(
    db, contact, corrected_visit
):
    """GDPR Art 19: the controller communicates the rectification to each recipient, unless this
    proves impossible or involves disproportionate effort."""
    with pytest.raises(ValidationError) as refused:
        services.request_decide(actor=contact, request=corrected_visit, outcome=Outcome.GRANTED,
                                decision="Korjattu")
    assert "Kela" in str(refused.value) and "Kunnan sosiaalitoimi" in str(refused.value)
    kela, source = sorted(selectors.art19_recipients(corrected_visit), key=lambda d: d.recipient_name)
    services.art19_notify(actor=contact, request=corrected_visit, disclosure=kela, recipient_name="Kela",
                          method="Kirje", notified_on=D(2026, 11, 20))
    with pytest.raises(ValidationError):
        services.request_decide(actor=contact, request=corrected_visit, outcome=Outcome.GRANTED,
                                decision="Korjattu")
    services.art19_notify(actor=contact, request=corrected_visit, disclosure=source,
                          recipient_name=source.recipient_name, method="", notified_on=D(2026, 11, 20),
                          explanation="Sosiaalitoimi on lakkautettu; tehtävät siirtyneet hyvinvointialueelle.")

    done = services.request_decide(actor=contact, request=corrected_visit, outcome=Outcome.GRANTED,
                                   decision="Korjattu")

    assert done.status == "completed"
    assert Art19Notification.objects.get(request=done, recipient_name="Kunnan sosiaalitoimi").explained


def test_a_notification_needs_either_how_or_why_not_and_the_client_is_no_recipient(
    db, contact, client_a, corrected_visit
):
    kela = next(d for d in selectors.art19_recipients(corrected_visit) if d.recipient_name == "Kela")
    with pytest.raises(ValidationError):
        services.art19_notify(actor=contact, request=corrected_visit, disclosure=kela, recipient_name="Kela",
                              method="", notified_on=D(2026, 11, 20))
    own_copy = client_a.disclosures.get(recipient_kind=RecipientKind.CLIENT)
    with pytest.raises(ValidationError):
        services.art19_notify(actor=contact, request=corrected_visit, disclosure=own_copy,
                              recipient_name=own_copy.recipient_name, method="Kirje", notified_on=D(2026, 11, 20))


def test_a_refused_rectification_notifies_nobody_and_completes(db, contact, corrected_visit):
    done = services.request_decide(actor=contact, request=corrected_visit, outcome=Outcome.REFUSED,
                                   decision="Ei korjata", refusal_reasons="Tieto on oikein.")
    assert done.status == "completed"


def test_the_handler_explains_a_recipient_on_the_request_page(db, client, contact, corrected_visit):
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{corrected_visit.pk}/").content.decode()
    assert "Per corrected or erased item" in page and "Sisä-Suomen poliisilaitos" not in page
    source = next(d for d in selectors.art19_recipients(corrected_visit)
                  if d.recipient_name == "Kunnan sosiaalitoimi")
    response = client.post(f"/requests/{corrected_visit.pk}/art19/", {
        "disclosure": source.pk, "notified_on": "2026-11-20", "method": "",
        "explanation": "Lähettäjää ei enää ole."})
    assert response.status_code == 302
    page = client.get(f"/requests/{corrected_visit.pk}/").content.decode()
    assert "Lähettäjää ei enää ole." in page
    assert f'id="id_art19_{source.pk}_explanation"' not in page  # explained: no form left for it


def test_an_erasures_recipients_are_everyone_before_the_request(db, contact, client_a):
    _disclose(contact, client_a, "Kela", D(2026, 10, 15))
    _disclose(contact, client_a, "Poliisi", D(2026, 11, 10), kind=RecipientKind.POLICE, legal_basis="Poliisilaki")
    dsr = _request(contact, client_a, type=RequestType.ERASURE)
    assert [d.recipient_name for d in selectors.art19_recipients(dsr)] == ["Kela"]
