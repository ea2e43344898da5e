"""Data-subject requests: registration, identity, deadlines, decisions and holds."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clients import services as client_services
from clients.constants import RecipientKind
from clients.models import AccessEntry
from requests import selectors, services
from requests.constants import Outcome, RequesterRole, RequestType, Status
from requests.models import DataSubjectRequest, add_months
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)


def register_request(actor, person, *, type=RequestType.ACCESS, received_on=TODAY, **extra):
    extra.setdefault("channel", "in_person")
    return services.request_register(actor=actor, client=person, type=type, received_on=received_on,
                                     submission_key=uuid.uuid4(), today=TODAY, **extra)


@pytest.mark.parametrize("received,due", [
    (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
    (datetime.date(2028, 1, 31), datetime.date(2028, 2, 29)),
    (datetime.date(2026, 3, 31), datetime.date(2026, 4, 30)),
    (datetime.date(2026, 12, 15), datetime.date(2027, 1, 15)),
    (datetime.date(2026, 2, 28), datetime.date(2026, 3, 28)),
])
def test_a_request_is_due_one_month_from_receipt_or_on_the_months_last_day(received, due):
    """GDPR Art 12(3): without undue delay and in any event within one month of receipt."""
    assert add_months(received, 1) == due


def test_extension_adds_two_months_only_with_reasons_told_within_the_first_month(db, contact, client_a):
    dsr = register_request(contact, client_a, received_on=datetime.date(2026, 1, 31))
    assert dsr.due_on == datetime.date(2026, 2, 28)
    with pytest.raises(ValidationError):
        services.request_extend(actor=contact, request=dsr, reason="Laaja aineisto",
                                notified_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.request_extend(actor=contact, request=dsr, reason=" ", notified_on=datetime.date(2026, 2, 20))
    services.request_extend(actor=contact, request=dsr, reason="Laaja aineisto useasta vuodesta",
                            notified_on=datetime.date(2026, 2, 20))
    assert dsr.due_on == datetime.date(2026, 4, 30)
    with pytest.raises(ValidationError):
        services.request_extend(actor=contact, request=dsr, reason="Uudestaan", notified_on=datetime.date(2026, 2, 21))


def test_queue_sorts_by_urgency_and_flags_overdue_and_due_soon(db, contact, client_a):
    fresh = register_request(contact, client_a, received_on=datetime.date(2026, 11, 20))
    late = register_request(contact, client_a, received_on=datetime.date(2026, 10, 1))
    soon = register_request(contact, client_a, received_on=datetime.date(2026, 10, 25))
    rows = selectors.request_queue(contact, today=TODAY)
    assert [row.request for row in rows] == [late, soon, fresh]
    assert rows[0].overdue and not rows[0].due_soon
    assert rows[1].due_soon and not rows[1].overdue
    assert not rows[2].due_soon and not rows[2].overdue


def test_queue_page_shows_counts_and_is_scoped(client, contact, other_contact, client_a):
    register_request(contact, client_a, received_on=datetime.date(2026, 10, 1))
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    html = client.get("/requests/").content.decode()
    assert "1 overdue" in html and client_a.display_name in html
    client.force_login(other_contact)
    assert client_a.display_name not in client.get("/requests/").content.decode()


def test_an_open_request_is_a_legal_hold_on_the_client(db, contact, client_a, client_b):
    dsr = register_request(contact, client_a)
    assert list(selectors.clients_with_open_requests()) == [client_a]
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Raportti annettu",
                            no_redactions_needed=True)
    assert not selectors.clients_with_open_requests().exists()


def test_request_cannot_be_completed_without_identity_verification(db, contact, client_a):
    """Seed 001: "Ennen tietojen luovutusta asiakkaan henkilöllisyys tarkastetaan kuvallisesta
    henkilöllisyystodistuksesta" """
    dsr = register_request(contact, client_a)
    with pytest.raises(ValidationError) as err:
        services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="")
    assert "identity" in str(err.value).lower() or "henkilöllisyys" in str(err.value).lower()
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    dsr = services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="OK",
                                  no_redactions_needed=True)
    assert dsr.status == Status.COMPLETED and dsr.verified_by == contact


def test_double_submission_of_the_same_form_creates_one_request(client, caseworker, client_a):
    client.force_login(caseworker)
    form = {"type": "access", "requester_role": "client", "received_on": TODAY.isoformat(),
            "channel": "in_person", "submission_key": str(uuid.uuid4())}
    first = client.post(f"/requests/new/{client_a.pk}/", form)
    second = client.post(f"/requests/new/{client_a.pk}/", form)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert DataSubjectRequest.objects.count() == 1


def test_request_for_another_controllers_client_is_404(client, other_contact, contact, client_a):
    client.force_login(other_contact)
    assert client.get(f"/requests/new/{client_a.pk}/").status_code == 404
    dsr = register_request(contact, client_a)
    assert client.get(f"/requests/{dsr.pk}/").status_code == 404


def test_guardian_access_request_refused_when_the_minor_has_prohibited_it(db, contact, register):
    """Seed 003: information is not given to a guardian whom the minor, able to decide, has
    prohibited from receiving it."""
    child = make_client(contact, register, born=datetime.date(2011, 4, 4), sign="A")
    guardian = client_services.representative_save(
        actor=contact, client=child, today=TODAY,
        role="guardian", first_names="Isä", last_name="Mäkinen", valid_from=child.date_of_birth,
        disclosure_prohibited=True, prohibition_reasoning="Arvioitu tapaamisessa.")
    dsr = register_for(contact, child, guardian)
    assert selectors.requester_refusal(dsr)
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    with pytest.raises(ValidationError):
        services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="")
    dsr = services.request_decide(actor=contact, request=dsr, outcome=Outcome.REFUSED, decision="Kieltäydytään")
    assert "prohibited" in dsr.refusal_reasons or "kieltänyt" in dsr.refusal_reasons


def register_for(actor, person, representative):
    return register_request(actor, person, requester_role=representative.role, representative=representative)


def test_someone_outside_the_register_has_no_right_of_access(db, contact, register, client_a):
    """Seed 003: "Rekisterin ulkopuolisella henkilöllä ei ole tarkastusoikeutta, vaikka häntä
    koskevia tietoja voi olla tallennettuna asiakasta koskeviin tietoihin." """
    kin = client_services.representative_save(
        actor=contact, client=client_a, today=TODAY,
        role="next_of_kin", first_names="Tytär", last_name="Mäkinen", valid_from=TODAY)
    dsr = register_request(contact, client_a, requester_role=RequesterRole.GUARDIAN, representative=kin)
    assert selectors.requester_refusal(dsr)


def test_guardian_of_a_client_who_has_turned_18_is_not_a_valid_requester(db, contact, register):
    adult = make_client(contact, register, born=datetime.date(2008, 1, 1), sign="A")
    guardian = client_services.representative_save(
        actor=contact, client=adult, today=datetime.date(2020, 1, 1),
        role="guardian", first_names="Äiti", last_name="Mäkinen", valid_from=datetime.date(2008, 1, 1))
    dsr = register_for(contact, adult, guardian)
    assert "not the client's valid representative" in selectors.requester_refusal(dsr) or \
        "edustaja" in selectors.requester_refusal(dsr)


def test_one_free_access_a_year_is_counted_over_a_rolling_12_months(db, contact, client_a):
    """Seed 004: "Tarkastusoikeus on maksuton enintään kerran vuodessa toteutettuna." """
    register_request(contact, client_a, received_on=datetime.date(2025, 11, 1))
    register_request(contact, client_a, received_on=datetime.date(2026, 3, 1), type=RequestType.ERASURE)
    latest = register_request(contact, client_a, received_on=datetime.date(2026, 10, 31))
    assert selectors.access_requests_in_previous_year(latest) == 1
    later = register_request(contact, client_a, received_on=datetime.date(2026, 11, 21))
    assert selectors.access_requests_in_previous_year(later) == 1  # 1.11.2025 has dropped out


def test_granted_restriction_sets_the_clients_flag(db, contact, client_a):
    """Seed 003: "Rekisteröidyllä asiakkaalla on oikeus vaatia tiedon oikaisemista, poistamista tai
    käsittelyn rajoittamista." """
    dsr = register_request(contact, client_a, type=RequestType.RESTRICTION, description="Kiistää tiedot")
    services.request_verify_identity(actor=contact, request=dsr, method="known_in_person")
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED,
                            decision="Käsittelyä rajoitetaan oikaisupyynnön ajaksi")
    client_a.refresh_from_db()
    assert client_a.restricted
    assert client_a.restriction_reason == "Käsittelyä rajoitetaan oikaisupyynnön ajaksi"


def test_refusal_needs_reasons(db, contact, client_a):
    dsr = register_request(contact, client_a, type=RequestType.ERASURE)
    services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    with pytest.raises(ValidationError):
        services.request_decide(actor=contact, request=dsr, outcome=Outcome.PARTIALLY_REFUSED, decision="")


def test_access_log_report_lists_views_and_disclosures_and_hides_old_entries_without_reason(
    db, contact, caseworker, client_a
):
    now = timezone.now()
    client_services.access_record(user=caseworker, client=client_a, kind="client_file")
    old = client_services.access_record(user=caseworker, client=client_a, kind="client_file")
    AccessEntry.objects.filter(pk=old.pk).update(at=now.replace(year=now.year - 3))
    client_services.disclosure_record(actor=contact, client=client_a, recipient_kind=RecipientKind.AUTHORITY,
                                      recipient_name="Kela", content="Päätös", legal_basis="Laki 703/2023")
    dsr = register_request(contact, client_a, type=RequestType.ACCESS_LOG)
    report = selectors.access_log_report(dsr, now=now)
    assert len(report.entries) == 1 and [d.recipient_name for d in report.disclosures] == ["Kela"]
    dsr.old_logs_reason = "Asiakas epäilee väärinkäyttöä vuonna 2023"
    assert len(selectors.access_log_report(dsr, now=now).entries) == 2


def test_request_detail_flow_verify_extend_decide(client, contact, client_a):
    dsr = register_request(contact, client_a, received_on=datetime.date(2026, 11, 1))
    client.force_login(contact)
    page = f"/requests/{dsr.pk}/"
    assert client.post(page, {"action": "decide", "decide-outcome": "granted"}).status_code == 200
    assert client.post(page, {"action": "verify", "verify-verification_method": "photo_id"}).status_code == 302
    response = client.post(page, {"action": "extend", "extend-extension_reason": "Laaja aineisto",
                                   "extend-extension_notified_on": "2026-11-20"})
    assert response.status_code == 302, response.context["forms"]["extend"].errors
    assert client.post(page, {"action": "decide", "decide-outcome": "granted",
                              "decide-decision": "Tiedot annettu"}).status_code == 200  # redactions?
    assert client.post(page, {"action": "decide", "decide-outcome": "granted", "decide-decision": "Tiedot annettu",
                              "decide-no_redactions_needed": "on"}).status_code == 302
    dsr.refresh_from_db()
    assert dsr.status == Status.COMPLETED and dsr.due_on == datetime.date(2027, 2, 1)


def test_dashboard_shows_requests_due_this_week_and_the_contacts_work(client, contact, caseworker, client_a):
    late = register_request(contact, client_a, received_on=datetime.date(2026, 10, 1))
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert f"/requests/{late.pk}/" in html and "overdue" in html
    assert "/retention/forecast/" in html and "/consents/export/" in html
    client.force_login(caseworker)
    html = client.get("/").content.decode()
    assert "/consents/export/" not in html
