"""The access-log report a client gets (Act 703/2023 § 11), issue 20: consecutive views by the same
worker of the same part for the same purpose on the same basis are one row ("12.3.2026
10:02–10:41, 5 views"), by one rule tested at its boundaries; each row has a purpose and a basis
column, and where the log lacks them the row says which, in words a client understands. The
client's own "who has seen the data" page groups by the same rule."""

import datetime
import io
import uuid

import pytest
from django.utils import timezone
from pypdf import PdfReader

from clients import services as client_services
from clients.constants import AccessBasis, AccessKind
from clients.models import AccessEntry
from clients.selectors.access_groups import VIEW_GROUP_GAP, access_entries_grouped, access_rows
from clients.services import emergency as emergency_services
from portal.selectors import access_statement
from requests import outputs, selectors, services
from requests.constants import RequestType
from tests.fixtures import at

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() - datetime.timedelta(days=10)
MINUTE = datetime.timedelta(minutes=1)
SECOND = datetime.timedelta(seconds=1)


def entry(moment: datetime.datetime, *, user_id: int = 1, kind: str = AccessKind.CLIENT_FILE, detail: str = "",
          purpose: str = "", basis: str = AccessBasis.CLIENT_RELATIONSHIP) -> AccessEntry:
    return AccessEntry(user_id=user_id, at=moment, kind=kind, detail=detail, purpose=purpose, basis=basis)


def counts(entries: list[AccessEntry]) -> list[int]:
    return [group.count for group in access_entries_grouped(entries)]


def look(user, person, moment: datetime.datetime, **given) -> AccessEntry:
    """A look recorded the ordinary way, then moved to `moment`."""
    recorded = client_services.access_record(user=user, client=person, kind=given.pop("kind", AccessKind.CLIENT_FILE),
                                             **given)
    AccessEntry.objects.filter(pk=recorded.pk).update(at=moment)
    return recorded


def access_log_request(contact, person):
    dsr = services.request_register(actor=contact, client=person, type=RequestType.ACCESS_LOG,
                                    received_on=timezone.localdate(), channel="signed_letter",
                                    submission_key=uuid.uuid4(), today=timezone.localdate())
    return services.request_verify_identity(actor=contact, request=dsr, method="photo_id")


def test_a_view_exactly_the_gap_after_the_previous_one_joins_its_row_and_one_second_more_starts_a_new_one():
    start = at(DAY, 10, 2)
    assert VIEW_GROUP_GAP.total_seconds() == 30 * 60  # as the report says to the client
    assert counts([entry(start), entry(start + VIEW_GROUP_GAP)]) == [2]
    assert counts([entry(start), entry(start + VIEW_GROUP_GAP + SECOND)]) == [1, 1]


def test_the_gap_counts_from_the_previous_view_not_the_first_so_a_long_session_is_one_row():
    start = at(DAY, 10, 2)
    session = [entry(start + n * 20 * MINUTE) for n in range(5)]  # 10:02 ... 11:22
    groups = access_entries_grouped(session)
    assert [(g.first, g.last, g.count) for g in groups] == [(start, start + 80 * MINUTE, 5)]


def test_another_worker_part_purpose_or_basis_starts_a_row_of_its_own():
    start = at(DAY, 10, 2)
    for other in ({"user_id": 2}, {"kind": AccessKind.DOCUMENT}, {"detail": "Palvelusuunnitelma"},
                  {"purpose": "Kotikäynnin valmistelu"}, {"basis": AccessBasis.EMERGENCY}):
        assert counts([entry(start), entry(start + MINUTE, **other), entry(start + 2 * MINUTE)]) == [2, 1], other


def test_a_view_by_someone_else_in_between_does_not_split_a_workers_visit():
    start = at(DAY, 10, 2)
    groups = access_entries_grouped([entry(start), entry(start + MINUTE, user_id=2), entry(start + 2 * MINUTE)])
    assert [(g.sample.user_id, g.count) for g in groups] == [(1, 2), (2, 1)]


def test_the_report_shows_five_consecutive_views_as_one_row_with_their_span(client, contact, caseworker, client_a):
    for minute in (2, 10, 25, 33, 41):
        look(caseworker, client_a, at(DAY, 10, minute))
    look(caseworker, client_a, at(DAY, 11, 12))  # 31 minutes after 10:41: a row of its own
    rows = access_rows(AccessEntry.objects.filter(client=client_a))
    assert [row.group.count for row in rows] == [5, 1]

    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{access_log_request(contact, client_a).pk}/access-log/").content.decode()
    day = f"{DAY.day}.{DAY.month}.{DAY.year}"
    assert f"{day} 10:02–10:41, 5 views" in page
    assert f"{day} 11:12<" in page  # one view: its time alone, no count
    assert "Purpose" in page and "Basis" in page and "A worker serving the client" in page


def test_each_look_records_its_basis(contact, caseworker, caseworker_b, client_a):
    assert look(caseworker, client_a, at(DAY, 9)).basis == AccessBasis.CLIENT_RELATIONSHIP
    assert look(contact, client_a, at(DAY, 9)).basis == AccessBasis.REGISTER_CONTACT
    emergency_services.emergency_access_open(actor=caseworker_b, lookup=client_a.identity_code,
                                            reason="Sijaisuus", now=timezone.now())
    assert look(caseworker_b, client_a, at(DAY, 9)).basis == AccessBasis.EMERGENCY
    assert client_services.access_record(user=caseworker_b, client=client_a, kind=AccessKind.DENIED,
                                         granted=False).basis == ""


def test_none_recorded_is_split_into_no_purpose_no_basis_and_neither(client, contact, caseworker, client_a):
    look(caseworker, client_a, at(DAY, 8))  # the basis, no purpose
    old = look(caseworker, client_a, at(DAY, 12), purpose="Kotikäynnin valmistelu")
    AccessEntry.objects.filter(pk=old.pk).update(basis="")  # an entry older than the basis field
    older = look(caseworker, client_a, at(DAY, 16))
    AccessEntry.objects.filter(pk=older.pk).update(basis="")  # neither

    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{access_log_request(contact, client_a).pk}/access-log/").content.decode()
    assert "Why your data was looked at was not recorded in the log." in page
    assert "On what ground the worker could see your data was not recorded in the log." in page
    assert "Neither why your data was looked at nor on what ground was recorded in the log." in page
    assert "Kotikäynnin valmistelu" in page
    assert page.count('colspan="2"') == 1  # only "neither" spans both columns

    # The client reads the PDF in their own language: Finnish.
    dsr = access_log_request(contact, client_a)
    services.request_decide(actor=contact, request=dsr, outcome="granted", decision="Annettu",
                            no_redactions_needed=True)
    pdf = outputs.access_log_pdf(actor=contact, request=dsr)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Lokiin ei ole kirjattu, miksi tietojasi katsottiin." in text
    assert "Lokiin ei ole kirjattu, millä perusteella työntekijä sai nähdä tietosi." in text
    assert "Lokiin ei ole kirjattu, miksi tietojasi katsottiin eikä millä perusteella." in text
    assert "Peruste" in text and "Asiakasta palveleva työntekijä" in text


def test_the_clients_own_page_groups_views_by_the_same_rule(contact, caseworker, client_a):
    for minute in (2, 10, 25, 33, 41):
        look(caseworker, client_a, at(DAY, 10, minute))
    look(caseworker, client_a, at(DAY, 11, 12))
    report = selectors.access_log_report(access_log_request(contact, client_a), now=timezone.now())
    statement = access_statement(client_a, today=timezone.localdate())
    portal_rows = [(line.group.first, line.group.count) for month in statement.months for line in month.looks
                   if line.group.sample.user_id == caseworker.pk]
    report_rows = [(row.group.first, row.group.count) for row in report.rows
                   if row.entry.user_id == caseworker.pk]
    assert sorted(portal_rows) == sorted(report_rows) == [(at(DAY, 10, 2), 5), (at(DAY, 11, 12), 1)]
