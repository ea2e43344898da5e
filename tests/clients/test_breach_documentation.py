"""Documenting a personal data breach (GDPR Art 33-34, issue 20): the reasons for a late
notification, the risk assessment, the decisions whether to notify the authority and the clients
with their reasons (or the Art 34(3) exception), the clients' notice due date on the task list and
each client's notice status, and the breach's own documentation as a PDF (Art 33(5))."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader

from clients.models import Breach, BreachAuthorityDecision, BreachRiskLevel, BreachSubjectsDecision
from clients.selectors.breaches import breach_countdown
from clients.services import breaches as services

pytestmark = pytest.mark.django_db

# Five days ago, on the minute: long past the 72 hours.
DISCOVERED = (timezone.now() - datetime.timedelta(days=5)).replace(second=0, microsecond=0)


def local_input(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def section(html: str, anchor: str) -> str:
    part = html[html.index(f'id="{anchor}"'):]
    return part[:part.index("</section>")]


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def breach(contact, client_a, client_b) -> Breach:
    return services.breach_create(actor=contact, title="Kadonnut muistitikku", discovered_at=DISCOVERED,
                                  description="Työntekijän muistitikku katosi bussissa.",
                                  affected_data="Nimet ja osoitteet", clients=[client_a, client_b])


def decide(contact, breach, **given) -> Breach:
    decision = {"authority_decision": BreachAuthorityDecision.NOTIFY,
                "authority_reasons": "Osoitetiedot voivat levitä.",
                "subjects_decision": BreachSubjectsDecision.NOTIFY,
                "subjects_reasons": "Turvakieltoisen asiakkaan osoite voi paljastua.",
                "notice_due": timezone.localdate() + datetime.timedelta(days=3), **given}
    return services.breach_decision_record(actor=contact, breach=breach, **decision)


def test_a_notification_later_than_72_hours_is_refused_without_the_reasons_for_the_delay(contact, breach):
    """Art 33(1): "Where the notification to the supervisory authority is not made within 72 hours,
    it shall be accompanied by reasons for the delay." """
    at_the_deadline = DISCOVERED + datetime.timedelta(hours=72)
    late = at_the_deadline + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError) as refused:
        services.breach_authority_report(actor=contact, breach=breach, reported_at=late)
    assert refused.value.code == "late_without_reasons"
    with pytest.raises(ValidationError):
        services.breach_authority_report(actor=contact, breach=breach, reported_at=late, late_reasons="   ")
    breach.refresh_from_db()
    assert breach.reported_to_authority_at is None

    # At exactly 72 hours the notification is in time: no reasons asked.
    services.breach_authority_report(actor=contact, breach=breach, reported_at=at_the_deadline)
    breach.refresh_from_db()
    assert not breach.is_late() and breach.late_reasons == ""
    assert breach.authority_decision == BreachAuthorityDecision.NOTIFY  # reporting is the decision

    services.breach_authority_report(actor=contact, breach=breach, reported_at=late,
                                     late_reasons="Laajuus selvisi vasta lokeista.")
    breach.refresh_from_db()
    assert breach.is_late() and breach.late_reasons == "Laajuus selvisi vasta lokeista."


def test_the_late_notification_form_asks_for_the_reasons_and_the_page_shows_them(en, contact, breach):
    en.force_login(contact)
    late = local_input(DISCOVERED + datetime.timedelta(hours=80))
    response = en.post(f"/clients/breaches/{breach.pk}/authority/", {"reported_at": late, "reference": "TSV/1"})
    assert response.status_code == 200
    assert "record the reasons for the delay" in response.content.decode()
    breach.refresh_from_db()
    assert breach.reported_to_authority_at is None

    response = en.post(f"/clients/breaches/{breach.pk}/authority/", {
        "reported_at": late, "reference": "TSV/1", "late_reasons": "Tikun sisältö selvisi vasta maanantaina."})
    assert response.status_code == 302
    page = en.get(f"/clients/breaches/{breach.pk}/").content.decode()
    assert "Reported late, after the 72-hour deadline." in page
    assert "Reasons for the delay" in page and "Tikun sisältö selvisi vasta maanantaina." in page


def test_the_risk_assessment_is_recorded_by_the_acting_user_and_shown_on_the_breach_page(en, contact, breach):
    en.force_login(contact)
    response = en.post(f"/clients/breaches/{breach.pk}/assessment/", {
        "likelihood": BreachRiskLevel.MEDIUM, "severity": BreachRiskLevel.HIGH,
        "people_categories": "Kotihoidon asiakkaat", "people_count": "120", "records_count": "340",
        "consequences": "Osoitteet voivat päätyä sivullisille.",
    })
    assert response.status_code == 302, response.content.decode()
    breach.refresh_from_db()
    assert (breach.likelihood, breach.severity, breach.people_count, breach.records_count) == (
        BreachRiskLevel.MEDIUM, BreachRiskLevel.HIGH, 120, 340)
    assert breach.assessed_by == contact and breach.assessed_at is not None
    change = LogEntry.objects.get_for_object(breach).latest("timestamp")
    assert change.actor == contact and "likelihood" in change.changes_dict
    page = section(en.get(f"/clients/breaches/{breach.pk}/").content.decode(), "breach-assessment")
    assert "Medium" in page and "High" in page and "Kotihoidon asiakkaat" in page
    assert "120" in page and "340" in page

    # Likelihood and severity are the assessment: without them nothing is recorded.
    response = en.post(f"/clients/breaches/{breach.pk}/assessment/", {"people_count": "5"})
    assert response.status_code == 200
    breach.refresh_from_db()
    assert breach.people_count == 120


def test_each_decision_needs_its_reasons_and_notifying_the_clients_a_due_date(contact, breach):
    with pytest.raises(ValidationError) as refused:
        services.breach_decision_record(actor=contact, breach=breach, authority_decision="notify",
                                        authority_reasons="", subjects_decision="notify",
                                        subjects_reasons="", notice_due=None)
    assert set(refused.value.message_dict) == {
        "authority_decision_reasons", "subjects_decision_reasons", "subjects_notice_due"}
    breach.refresh_from_db()
    assert breach.decided_at is None

    # An Art 34(3) exception instead of notices: reasons, no due date.
    decide(contact, breach, subjects_decision=BreachSubjectsDecision.EXCEPTION_PROTECTED,
           subjects_reasons="Tikku oli salattu, avain tallessa.")
    breach.refresh_from_db()
    assert breach.subjects_decision == BreachSubjectsDecision.EXCEPTION_PROTECTED
    assert breach.subjects_notice_due is None and breach.decided_by == contact


def test_deciding_not_to_notify_the_authority_stops_the_72_hour_clock_with_its_reasons(en, contact, breach):
    decide(contact, breach, authority_decision=BreachAuthorityDecision.NOT_NOTIFY,
           authority_reasons="Salattu laite, ei riskiä.", subjects_decision=BreachSubjectsDecision.NO_HIGH_RISK,
           subjects_reasons="Ei riskiä.")
    breach.refresh_from_db()
    clock = breach_countdown(breach, now=timezone.now())
    assert not clock.overdue
    en.force_login(contact)
    html = en.get("/").content.decode()
    assert 'id="task-breaches"' not in html
    page = en.get(f"/clients/breaches/{breach.pk}/").content.decode()
    assert "the decision is that the breach is unlikely to result in a risk" in page
    assert "Salattu laite, ei riskiä." in page
    # The authority is not notified against the recorded decision, nor the decision reversed
    # once notified.
    with pytest.raises(ValidationError):
        services.breach_authority_report(actor=contact, breach=breach, reported_at=timezone.now(),
                                         late_reasons="Myöhässä")


def test_a_decision_not_to_notify_the_authority_is_refused_once_it_was_notified(contact, breach):
    services.breach_authority_report(actor=contact, breach=breach,
                                     reported_at=DISCOVERED + datetime.timedelta(hours=10))
    with pytest.raises(ValidationError) as refused:
        decide(contact, breach, authority_decision=BreachAuthorityDecision.NOT_NOTIFY)
    assert "authority_decision" in refused.value.message_dict


def test_the_clients_notice_due_date_is_on_the_task_list_until_every_client_is_notified(
        en, contact, breach, client_a, client_b):
    en.force_login(contact)
    due = timezone.localdate() + datetime.timedelta(days=2)
    response = en.post(f"/clients/breaches/{breach.pk}/decision/", {
        "authority_decision": "notify", "authority_decision_reasons": "Riski asiakkaille.",
        "subjects_decision": "notify", "subjects_decision_reasons": "Korkea riski: osoitteet.",
        "subjects_notice_due": due.isoformat(),
    })
    assert response.status_code == 302, response.content.decode()
    tasks = section(en.get("/").content.decode(), "task-breach_notices")
    assert "Kadonnut muistitikku" in tasks and f"due {due:%-d.%-m.%Y}" in tasks
    assert "2 clients not yet notified" in tasks

    page = en.get(f"/clients/breaches/{breach.pk}/").content.decode()
    assert page.count(f"To be notified by {due:%d.%m.%Y}") == 2

    services.breach_notice_record(actor=contact, breach=breach, client=client_a, channel="phone",
                                  now=timezone.now())
    tasks = section(en.get("/").content.decode(), "task-breach_notices")
    assert "1 client not yet notified" in tasks
    page = en.get(f"/clients/breaches/{breach.pk}/").content.decode()
    assert f"Notified on {timezone.localdate():%d.%m.%Y} (phone call)" in page

    services.breach_notice_record(actor=contact, breach=breach, client=client_b, channel="letter",
                                  now=timezone.now())
    assert 'id="task-breach_notices"' not in en.get("/").content.decode()


def test_a_passed_notice_due_date_shows_as_overdue(en, contact, breach):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    decide(contact, breach, notice_due=yesterday)
    en.force_login(contact)
    tasks = section(en.get("/").content.decode(), "task-breach_notices")
    assert "1 overdue" in tasks and f"was due {yesterday:%-d.%-m.%Y}" in tasks
    page = en.get(f"/clients/breaches/{breach.pk}/").content.decode()
    assert f"Overdue: to be notified by {yesterday:%d.%m.%Y}" in page


def test_the_decision_form_refuses_missing_reasons_and_records_nothing(en, contact, breach):
    en.force_login(contact)
    response = en.post(f"/clients/breaches/{breach.pk}/decision/", {
        "authority_decision": "notify", "subjects_decision": "notify"})
    assert response.status_code == 200
    assert "Give the reasons for the decision." in response.content.decode()
    breach.refresh_from_db()
    assert breach.decided_at is None and breach.authority_decision == ""


def test_only_the_register_contact_and_admins_document_a_breach(client, caseworker, breach):
    with pytest.raises(PermissionError):
        services.breach_assessment_record(actor=caseworker, breach=breach, likelihood="low", severity="low",
                                          people_categories="", people_count=None, records_count=None)
    with pytest.raises(PermissionError):
        decide(caseworker, breach)
    client.force_login(caseworker)
    assert client.post(f"/clients/breaches/{breach.pk}/decision/", {}).status_code in (403, 404)
    assert client.get(f"/clients/breaches/{breach.pk}/pdf/").status_code in (403, 404)


def test_the_documentation_pdf_has_the_assessment_and_decisions_and_counts_the_clients_without_naming_them(
        en, contact, breach, client_a):
    """Art 33(5): "document any personal data breaches, comprising the facts relating to the personal
    data breach, its effects and the remedial action taken"."""
    services.breach_assessment_record(actor=contact, breach=breach, likelihood="high", severity="medium",
                                      people_categories="Kotihoidon asiakkaat", people_count=2, records_count=7)
    decide(contact, breach)
    services.breach_notice_record(actor=contact, breach=breach, client=client_a, channel="letter",
                                  now=timezone.now())
    en.force_login(contact)
    response = en.get(f"/clients/breaches/{breach.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Documentation of a personal data breach" in text
    assert "Kotihoidon asiakkaat" in text and "Turvakieltoisen asiakkaan osoite voi paljastua." in text
    assert "Affected clients: 2, notified: 1" in text
    assert client_a.last_name not in text and client_a.identity_code not in text


def test_the_breach_page_speaks_finnish_by_default(client, contact, breach):
    decide(contact, breach)
    client.force_login(contact)
    page = client.get(f"/clients/breaches/{breach.pk}/").content.decode()
    assert "Riskinarvio" in page and "Päätökset ilmoittamisesta" in page
    with translation.override("sv"):
        assert str(BreachRiskLevel.HIGH.label) == "Hög"
