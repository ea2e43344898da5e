"""Logs outlive the client, without the person (issue 18): data-subject requests (type, dates,
outcome), Art 19 notifications, emergency accesses and their reviews, breach links and notices
stay after the purge with the client replaced by the purge record's reference; each kind has a
default rule that states its source (or that the period could not be confirmed), and the
nightly run removes them when their own period has run out. The purge record answers "who
looked at this client's data and on what grounds" without the client's identity."""

import datetime
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from clients.models import AccessEntry, BreachClientLink, BreachNotice, EmergencyAccess
from clients.selectors.breaches import breach_documentation_pdf, breach_notice_summary
from clients.services.breaches import (
    breach_assessment_record,
    breach_create,
    breach_decision_record,
    breach_notice_record,
)
from clients.services.emergency import emergency_access_open, emergency_access_review
from core.roles import Role
from requests import services as request_services
from requests.constants import Outcome, RequestType
from requests.models import Art19Notification, DataSubjectRequest
from retention.constants import LOG_KINDS, RecordKind
from retention.models import PurgeRecord, RetentionRule
from retention.selectors import purge_record_kept_logs
from tests.conftest import make_user

from .conftest import due_statutory_client, retention_run

D = datetime.date
pytestmark = pytest.mark.django_db


def purged_client_with_every_log(caseworker, contact, register):
    """A client due on 2022-01-15 with a completed rectification request notified to a
    recipient, an emergency access reviewed by the contact, and a breach that listed them."""
    client, _file = due_statutory_client(caseworker, register, last_name="Jälkinen", first_names="Jaana")
    request = request_services.request_register(
        actor=contact, client=client, type=RequestType.RECTIFICATION, received_on=D(2022, 6, 1),
        channel="in_person", requester_name="Jaana Jälkinen", submission_key=uuid.uuid4(),
        description="Jaana Jälkinen pyytää korjaamaan osoitteen", today=D(2022, 6, 1))
    request_services.request_verify_identity(actor=contact, request=request, method="photo_id")
    request_services.art19_notify(actor=contact, request=request, disclosure=None,
                                  recipient_name="Kunnan sosiaalitoimi", method="kirje", notified_on=D(2022, 6, 10))
    request_services.request_decide(actor=contact, request=request, outcome=Outcome.GRANTED,
                                    decision="Osoite korjattu (Jaana Jälkinen)")
    stranger = make_user(Role.CASEWORKER, register.controller, username="paivystaja")
    _client, (grant, *_rest) = emergency_access_open(actor=stranger, lookup=client.identity_code,
                                                     reason="Yöpäivystys: Jälkinen kaatui", now=timezone.now())
    emergency_access_review(actor=contact, access=grant, note="Aiheellinen", now=timezone.now())
    breach = breach_create(actor=contact, clients=[client], **{
        "title": "Kadonnut kansio", "discovered_at": timezone.now(), "description": "Kansio katosi",
        "affected_data": "Nimet"})
    breach_notice_record(actor=contact, breach=breach, client=client, channel="letter", now=timezone.now())
    return client, request, grant, breach


def test_requests_notifications_emergency_accesses_and_breach_links_outlive_the_purged_client(
        caseworker, contact, register):
    client, request, grant, breach = purged_client_with_every_log(caseworker, contact, register)
    code = client.identity_code

    assert retention_run("2026-11-21").json["purged"] == 1

    record = PurgeRecord.objects.get()
    ref = f"{record.reference}:1"
    kept_request = DataSubjectRequest.objects.get(pk=request.pk)
    assert kept_request.client_id is None and kept_request.purged_client_ref == ref
    # Type, dates and outcome stay; the texts about the person do not.
    assert (kept_request.type, kept_request.received_on, kept_request.outcome) == (
        RequestType.RECTIFICATION, D(2022, 6, 1), Outcome.GRANTED)
    assert kept_request.decided_at is not None
    assert "Jälkinen" not in f"{kept_request.requester_name} {kept_request.description} {kept_request.decision}"
    notification = Art19Notification.objects.get(request=kept_request)
    assert notification.recipient_name == "Kunnan sosiaalitoimi" and notification.notified_on == D(2022, 6, 10)
    kept_grant = EmergencyAccess.objects.get(pk=grant.pk)
    assert kept_grant.client_id is None and kept_grant.purged_client_ref == ref
    assert kept_grant.reviewed_by == contact and "Jälkinen" not in kept_grant.reason
    link = BreachClientLink.objects.get(breach=breach)
    assert link.client_id is None and link.purged_client_ref == ref
    assert BreachNotice.objects.get(breach=breach).purged_client_ref == ref
    # Nothing in the kept rows names the client; their register stays (row-level security).
    rows = purge_record_kept_logs(record)
    assert "Jälkinen" not in str(rows) and code not in str(rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("requests_datasubjectrequest", "requests_art19notification", "clients_emergencyaccess",
                          "clients_breachnotice", "clients_breach_affected_clients"):
                cursor.execute(f"SELECT DISTINCT rls_register_id FROM {table}")  # noqa: S608
                assert cursor.fetchall() == [(register.pk,)], table


def test_the_purge_record_answers_who_looked_at_the_clients_data_and_on_what_grounds(
        caseworker, contact, register, admin_user, client):
    """The register contact's question after the purge, answered from the purge record alone."""
    purged_client_with_every_log(caseworker, contact, register)
    retention_run("2026-11-21")
    record = PurgeRecord.objects.get()

    kept = purge_record_kept_logs(record)
    looks = kept[str(AccessEntry._meta.verbose_name_plural)]
    assert any(e.user.username == "paivystaja" and e.purpose for e in looks)
    assert [g.user.username for g in kept[str(EmergencyAccess._meta.verbose_name_plural)]] == ["paivystaja"]
    assert len(kept[str(DataSubjectRequest._meta.verbose_name_plural)]) == 1

    client.force_login(admin_user)
    page = client.get(f"/admin/retention/purgerecord/{record.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "paivystaja" in text and "Kunnan sosiaalitoimi" in text and "Kadonnut kansio" in text
    assert "Jälkinen" not in text


def test_every_log_kind_has_a_default_rule_that_states_its_source_or_that_it_is_unconfirmed():
    for kind in LOG_KINDS:
        rule = RetentionRule.objects.get(record_kind=kind, statutory=True, code__startswith="log-")
        assert rule.period_years > 0 and rule.legal_reference
        assert "Finlex" in rule.legal_reference or "703/2023" in rule.legal_reference


def test_the_nightly_run_removes_kept_logs_when_their_own_period_has_run_out(caseworker, contact, register):
    _client, request, grant, breach = purged_client_with_every_log(caseworker, contact, register)
    retention_run("2026-11-21")
    assert DataSubjectRequest.objects.filter(pk=request.pk).exists()

    # Requests and Art 19 notifications: 5 years from their own dates (received 2022-06-01).
    retention_run("2027-05-31")
    assert DataSubjectRequest.objects.filter(pk=request.pk).exists()
    result = retention_run("2027-06-01")
    assert not DataSubjectRequest.objects.filter(pk=request.pk).exists()
    assert not Art19Notification.objects.exists()
    assert "of purged clients (rule log-requests)" in result.out + result.err
    # The emergency access (12 years) and the breach link (5 years from now) still stay.
    assert EmergencyAccess.objects.filter(pk=grant.pk).exists()
    assert BreachClientLink.objects.filter(breach=breach).exists()
    later = (timezone.localdate() + datetime.timedelta(days=366 * 5 + 2)).isoformat()
    retention_run(later)
    assert not BreachClientLink.objects.filter(breach=breach).exists()
    assert not BreachNotice.objects.filter(breach=breach).exists()


def test_a_kept_log_rule_of_one_organisation_never_removes_another_organisations_kept_logs(
        caseworker, contact, register, other_register):
    _client, request, _grant, _breach = purged_client_with_every_log(caseworker, contact, register)
    retention_run("2026-11-21")
    RetentionRule.objects.filter(code="log-requests").update(active=False)
    own = RetentionRule.objects.create(
        code="other-requests", name="Toisen pyynnöt vuosi", controller=other_register.controller,
        record_kind=RecordKind.REQUEST_RECORDS, start_event="document_date", period_years=1)
    own.registers.add(other_register)
    retention_run("2026-11-22")
    assert DataSubjectRequest.objects.filter(pk=request.pk).exists()


def test_the_handlers_internal_notes_go_with_the_purged_client(caseworker, contact, register):
    """A request outlives its client without the person; the handlers' free-text notes on it are
    about the person ("Jaana soitti ..."), so they and their change history go with the client."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from requests.models import RequestNote

    client, request, _grant, _breach = purged_client_with_every_log(caseworker, contact, register)
    note = request_services.request_note_add(actor=contact, request=request,
                                             text="Jaana Jälkinen soitti: uusi osoite Kuusikatu 3")
    note_type = ContentType.objects.get_for_model(RequestNote)
    assert LogEntry.objects.filter(content_type=note_type, object_pk=str(note.pk)).exists()

    assert retention_run("2026-11-21").json["purged"] == 1

    assert DataSubjectRequest.objects.filter(pk=request.pk).exists()
    assert not RequestNote.objects.filter(pk=note.pk).exists()
    assert not LogEntry.objects.filter(content_type=note_type, object_pk=str(note.pk)).exists()
    assert not LogEntry.objects.filter(changes_text__contains="Kuusikatu").exists()


def test_the_breach_documentation_outlives_the_purged_client_without_naming_them(caseworker, contact, register):
    """Issue 20: "breach records survive a client's purge without the client's identity" — the risk
    assessment, the decisions with their reasons and the counts of clients and notices stay, and
    the breach's own documentation (Art 33(5)) still counts the purged client, never naming them."""
    import io

    from django.utils import translation
    from pypdf import PdfReader

    client, _request, _grant, breach = purged_client_with_every_log(caseworker, contact, register)
    breach_assessment_record(actor=contact, breach=breach, likelihood="medium", severity="high",
                             people_categories="Kotihoidon asiakkaat", people_count=1, records_count=3)
    breach_decision_record(actor=contact, breach=breach, authority_decision="notify",
                           authority_reasons="Terveystietoja kansiossa.", subjects_decision="notify",
                           subjects_reasons="Korkea riski.", notice_due=D(2026, 11, 1))

    assert retention_run("2026-11-21").json["purged"] == 1

    breach.refresh_from_db()
    assert (breach.likelihood, breach.severity, breach.people_count) == ("medium", "high", 1)
    assert breach.authority_decision_reasons == "Terveystietoja kansiossa." and breach.decided_by == contact
    summary = breach_notice_summary(breach)
    assert (summary.affected, summary.notified, summary.purged) == (1, 1, 1)
    with translation.override("en"):
        pdf = breach_documentation_pdf(breach, now=timezone.now())
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Affected clients: 1, notified: 1, of them removed from the register: 1." in text
    assert "Jälkinen" not in text and client.identity_code not in text
