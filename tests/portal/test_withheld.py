"""Where a part of the client's data is withheld from their own pages by law (a register
contact's decision recorded per client), the page says that something is withheld, on what
ground and how to ask; never what."""

import datetime
import uuid

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.models import Withholding
from portal.services import withholding_end, withholding_record
from requests import services as request_services
from tests.conftest import VerifiedClient, make_client

pytestmark = pytest.mark.django_db

GROUND = "Lastensuojelulaki 417/2007 § 11"


def test_the_client_is_told_that_part_is_withheld_and_how_to_ask(browser, sign_in, caseworker, contact, register):
    mine = make_client(caseworker, register)
    withholding_record(actor=contact, client=mine, part="Lastensuojeluilmoitus 3.2.2026", legal_ground=GROUND,
                       today=timezone.localdate())
    sign_in(browser, mine.identity_code)
    for url in (f"/oma/{mine.pk}/", f"/oma/{mine.pk}/log/", f"/oma/{mine.pk}/requests/new/"):
        page = browser.get(url).content.decode()
        assert "Part of your data is not shown on these pages." in page and GROUND in page
        assert "To ask about it" in page
        assert "Lastensuojeluilmoitus" not in page  # that something is withheld, never what


def test_an_ended_withholding_is_no_longer_mentioned(browser, sign_in, caseworker, contact, register):
    mine = make_client(caseworker, register)
    decision = withholding_record(actor=contact, client=mine, part="Lausunto", legal_ground=GROUND,
                                  today=timezone.localdate() - datetime.timedelta(days=30))
    withholding_end(actor=contact, withholding=decision, today=timezone.localdate())
    sign_in(browser, mine.identity_code)
    assert "Part of your data is not shown" not in browser.get(f"/oma/{mine.pk}/").content.decode()


def test_a_caseworker_cannot_decide_a_withholding(caseworker, register):
    mine = make_client(caseworker, register)
    with pytest.raises(ValidationError):
        withholding_record(actor=caseworker, client=mine, part="Lausunto", legal_ground=GROUND,
                           today=timezone.localdate())
    assert not Withholding.objects.exists()


# The register contact's screen (from the client file and the request page) -------------------

def _staff(user):
    staff = VerifiedClient()
    staff.cookies["django_language"] = "en"
    staff.force_login(user)
    return staff


def test_the_register_contact_records_a_withholding_from_the_client_file_and_the_client_is_told(
        browser, sign_in, caseworker, contact, register):
    mine = make_client(caseworker, register)
    staff = _staff(contact)
    screen = f"/clients/{mine.pk}/own-pages/withholdings/"
    assert screen in staff.get(f"/clients/{mine.pk}/").content.decode()
    response = staff.post(screen, {"part": "Lastensuojeluilmoitus 3.2.2026", "legal_ground": GROUND})
    assert response.status_code == 302
    decision = Withholding.objects.get(client=mine)
    assert decision.decided_by == contact and decision.decided_on == timezone.localdate()
    assert LogEntry.objects.get_for_object(decision).filter(actor=contact).exists()

    sign_in(browser, mine.identity_code)
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert "Part of your data is not shown on these pages." in page and GROUND in page
    assert "Lastensuojeluilmoitus" not in page


def test_the_register_contact_lifts_a_withholding_and_who_lifted_it_stays(browser, sign_in, caseworker, contact,
                                                                          register):
    mine = make_client(caseworker, register)
    decision = withholding_record(actor=contact, client=mine, part="Lausunto", legal_ground=GROUND,
                                  today=timezone.localdate() - datetime.timedelta(days=30))
    staff = _staff(contact)
    assert staff.post(f"/clients/{mine.pk}/own-pages/withholdings/{decision.pk}/lift/").status_code == 302
    decision.refresh_from_db()
    assert decision.ended_on == timezone.localdate() and decision.ended_by == contact
    assert LogEntry.objects.get_for_object(decision).filter(actor=contact, action=LogEntry.Action.UPDATE).exists()
    assert "Lifted" in staff.get(f"/clients/{mine.pk}/own-pages/withholdings/").content.decode()
    with pytest.raises(ValidationError):  # lifted once
        withholding_end(actor=contact, withholding=decision, today=timezone.localdate())

    sign_in(browser, mine.identity_code)
    assert "Part of your data is not shown" not in browser.get(f"/oma/{mine.pk}/").content.decode()


def test_the_request_page_leads_to_the_screen(caseworker, contact, register):
    mine = make_client(caseworker, register)
    dsr = request_services.request_register(actor=contact, client=mine, type="access",
                                            received_on=timezone.localdate(), channel="signed_letter",
                                            submission_key=uuid.uuid4(), today=timezone.localdate())
    page = _staff(contact).get(f"/requests/{dsr.pk}/").content.decode()
    assert f"/clients/{mine.pk}/own-pages/withholdings/" in page


def test_a_caseworker_reads_the_screen_but_neither_records_nor_lifts(caseworker, contact, register):
    """Separation of duties: only the register contact or an admin decides what is withheld."""
    mine = make_client(caseworker, register)
    decision = withholding_record(actor=contact, client=mine, part="Lausunto", legal_ground=GROUND,
                                  today=timezone.localdate())
    staff = _staff(caseworker)
    page = staff.get(f"/clients/{mine.pk}/own-pages/withholdings/").content.decode()
    assert GROUND in page and 'name="legal_ground"' not in page and "/lift/" not in page
    assert staff.post(f"/clients/{mine.pk}/own-pages/withholdings/",
                      {"part": "Muu", "legal_ground": GROUND}).status_code == 403
    assert staff.post(f"/clients/{mine.pk}/own-pages/withholdings/{decision.pk}/lift/").status_code == 403
    decision.refresh_from_db()
    assert Withholding.objects.filter(client=mine).count() == 1 and decision.ended_on is None


def test_another_organisations_contact_finds_no_such_client(caseworker, contact, register, other_contact):
    mine = make_client(caseworker, register)
    decision = withholding_record(actor=contact, client=mine, part="Lausunto", legal_ground=GROUND,
                                  today=timezone.localdate())
    staff = _staff(other_contact)
    assert staff.get(f"/clients/{mine.pk}/own-pages/withholdings/").status_code == 404
    assert staff.post(f"/clients/{mine.pk}/own-pages/withholdings/{decision.pk}/lift/").status_code == 404
    decision.refresh_from_db()
    assert decision.ended_on is None
