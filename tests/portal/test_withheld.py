"""Where a part of the client's data is withheld from their own pages by law (a register
contact's decision recorded per client), the page says that something is withheld, on what
ground and how to ask; never what."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.models import Withholding
from portal.services import withholding_end, withholding_record
from tests.conftest import make_client

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
