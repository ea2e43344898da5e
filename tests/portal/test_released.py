"""The documents released to the person, downloaded again on the client's own pages: exactly the
bytes that were released (kept, never made again), only one's own (a guardian's for the child
they asked for), each download an access-log entry, another's a 404."""

import datetime
import hashlib
import uuid

import pytest
from django.utils import timezone

from clients.constants import AccessKind, RepresentativeRole
from clients.models import AccessEntry, Representative
from requests import outputs, services
from requests.constants import Outcome, RequesterRole, RequestType
from requests.models import Release, ReleasedCopy
from retention.models import RetentionRule
from retention.services.purge import clients_purge
from tests.conftest import make_client, make_register

pytestmark = pytest.mark.django_db


def _released(contact, client, *, requester_role=RequesterRole.CLIENT, representative=None) -> Release:
    """An access request decided and its report handed out by the register contact."""
    dsr = services.request_register(actor=contact, client=client, type=RequestType.ACCESS,
                                    received_on=timezone.localdate(), channel="signed_letter",
                                    submission_key=uuid.uuid4(), today=timezone.localdate(),
                                    requester_role=requester_role, representative=representative)
    dsr = services.request_verify_identity(actor=contact, request=dsr, method="photo_id")
    services.request_decide(actor=contact, request=dsr, outcome=Outcome.GRANTED, decision="Tiedot annetaan.",
                            no_redactions_needed=True)
    outputs.access_report_pdf(actor=contact, request=dsr)
    return Release.objects.get(request=dsr)


def _child(caseworker, register):
    return make_client(caseworker, register, last_name="Lapsi", first_names="Pieni",
                       born=timezone.localdate() - datetime.timedelta(days=365 * 10), sign="A")


def _guardian(child, identity_code):
    return Representative.objects.create(client=child, role=RepresentativeRole.GUARDIAN, first_names="Huoltaja",
                                         last_name="Lapsi", identity_code=identity_code,
                                         valid_from=datetime.date(2020, 1, 1))


def test_the_client_downloads_exactly_the_document_released_to_them(browser, sign_in, caseworker, contact,
                                                                    register):
    mine = make_client(caseworker, register)
    release = _released(contact, mine)
    sign_in(browser, mine.identity_code)
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    url = f"/oma/{mine.pk}/released/{release.pk}/"
    assert url in page and "Access report (PDF)" in page

    response = browser.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert hashlib.sha256(response.content).hexdigest() == release.sha256  # what was released, not made anew
    entry = AccessEntry.objects.filter(client=mine).latest("pk")
    assert entry.kind == AccessKind.OWN_PAGES and "Access report" in entry.detail
    assert entry.user.username.startswith("oma-")


def test_a_released_document_is_kept_not_made_again(contact, caseworker, register):
    """A report made anew would carry today's data and time: the kept bytes are what was released."""
    mine = make_client(caseworker, register)
    release = _released(contact, mine)
    copy = ReleasedCopy.objects.get(release=release)
    assert copy.client == mine and hashlib.sha256(bytes(copy.content)).hexdigest() == release.sha256
    assert len(bytes(copy.content)) == release.size_bytes


def test_another_clients_released_document_is_a_404(browser, sign_in, caseworker, contact, register, client_b):
    mine = make_client(caseworker, register)
    theirs = _released(contact, client_b)
    sign_in(browser, mine.identity_code)
    assert browser.get(f"/oma/{mine.pk}/released/{theirs.pk}/").status_code == 404
    assert browser.get(f"/oma/{client_b.pk}/released/{theirs.pk}/").status_code == 404
    assert not AccessEntry.objects.filter(client=client_b, kind=AccessKind.OWN_PAGES).exists()


def test_a_document_whose_kept_bytes_changed_is_not_served(browser, sign_in, caseworker, contact, register):
    mine = make_client(caseworker, register)
    release = _released(contact, mine)
    ReleasedCopy.objects.filter(release=release).update(content=b"%PDF-1.4 something else")
    sign_in(browser, mine.identity_code)
    assert browser.get(f"/oma/{mine.pk}/released/{release.pk}/").status_code == 404


def test_a_guardian_downloads_what_was_released_to_them_for_the_child(browser, sign_in, caseworker, contact,
                                                                      register):
    parent = make_client(caseworker, make_register(register.controller))
    child = _child(caseworker, register)
    guardian = _guardian(child, parent.identity_code)
    to_guardian = _released(contact, child, requester_role=RequesterRole.GUARDIAN, representative=guardian)
    sign_in(browser, parent.identity_code)
    response = browser.get(f"/oma/{child.pk}/released/{to_guardian.pk}/")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == to_guardian.sha256
    assert AccessEntry.objects.filter(client=child).latest("pk").kind == AccessKind.REPRESENTATIVE_PAGES


def test_a_guardian_never_gets_what_was_released_to_the_child_or_another_guardian(
        browser, sign_in, caseworker, contact, register):
    parent = make_client(caseworker, make_register(register.controller))
    child = _child(caseworker, register)
    _guardian(child, parent.identity_code)
    other = _guardian(child, "010180-123A")
    to_child = _released(contact, child)
    to_other = _released(contact, child, requester_role=RequesterRole.GUARDIAN, representative=other)
    sign_in(browser, parent.identity_code)
    page = browser.get(f"/oma/{child.pk}/").content.decode()
    assert "No documents have been released to you yet." in page
    for release in (to_child, to_other):
        assert browser.get(f"/oma/{child.pk}/released/{release.pk}/").status_code == 404


def test_a_guardian_whose_guardianship_ended_gets_nothing(browser, sign_in, caseworker, contact, register):
    parent = make_client(caseworker, make_register(register.controller))
    child = _child(caseworker, register)
    guardian = _guardian(child, parent.identity_code)
    release = _released(contact, child, requester_role=RequesterRole.GUARDIAN, representative=guardian)
    sign_in(browser, parent.identity_code)
    Representative.objects.filter(pk=guardian.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert browser.get(f"/oma/{child.pk}/released/{release.pk}/").status_code == 404


def test_a_document_released_before_copies_were_kept_says_whom_to_ask(browser, sign_in, caseworker, contact,
                                                                      register):
    mine = make_client(caseworker, register)
    release = _released(contact, mine)
    ReleasedCopy.objects.filter(release=release).delete()
    sign_in(browser, mine.identity_code)
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert "Not kept here: ask the register's contact person for a copy." in page
    assert browser.get(f"/oma/{mine.pk}/released/{release.pk}/").status_code == 404


def test_the_kept_copy_goes_with_the_purged_client_and_the_release_record_stays(caseworker, contact, register):
    mine = make_client(caseworker, register)
    release = _released(contact, mine)
    rule = RetentionRule.objects.create(code="released-copy", name="Sääntö", start_event="relationship_ended")
    clients_purge(client_ids=[mine.pk], rule=rule, action="purge", today=timezone.localdate(), run=None)
    assert not ReleasedCopy.objects.filter(release_id=release.pk).exists()
    assert Release.objects.filter(pk=release.pk).exists()  # the record of the hand-out outlives the client
