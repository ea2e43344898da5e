"""The client's sign-in against the attacks a public door invites: repeated starts and callbacks
from one address, and a session store read by someone who should not learn identity codes."""

import datetime
import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client as DjangoClient
from django.utils import timezone

from clients.constants import RepresentativeRole
from clients.models import Representative
from portal.session import SESSION_KEY
from tests.conftest import make_client

pytestmark = pytest.mark.django_db


def test_the_session_keeps_no_identity_code_in_clear(browser, sign_in, caseworker, register):
    client = make_client(caseworker, register)
    sign_in(browser, client.identity_code)
    stored = browser.session[SESSION_KEY]
    assert client.identity_code not in json.dumps(stored)
    for row in Session.objects.all():
        assert client.identity_code not in json.dumps(row.get_decoded())
    assert client.last_name in browser.get(f"/oma/{client.pk}/").content.decode()


def test_a_guardianship_that_ends_while_signed_in_ends_the_view(browser, sign_in, caseworker, register):
    child = make_client(caseworker, register, last_name="Lapsi", first_names="Pieni",
                        born=timezone.localdate() - datetime.timedelta(days=365 * 10), sign="A")
    guardian_code = "010180-123A"
    Representative.objects.create(client=child, role=RepresentativeRole.GUARDIAN, first_names="Huoltaja",
                                  last_name="Lapsi", identity_code=guardian_code, valid_from=datetime.date(2020, 1, 1))
    assert sign_in(browser, guardian_code).status_code == 302
    assert browser.get(f"/oma/{child.pk}/").status_code == 200
    Representative.objects.filter(client=child).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert browser.get(f"/oma/{child.pk}/").status_code == 404


def test_an_address_starting_sign_ins_over_and_over_is_slowed_down(browser, broker, settings):
    settings.PORTAL_SIGN_IN_STARTS_PER_WINDOW = 3
    for _ in range(3):
        assert browser.get("/oma/login/mock/").status_code == 302
    refused = browser.get("/oma/login/mock/")
    assert refused.status_code == 429
    assert "Too many sign-in attempts" in refused.content.decode()


def test_an_address_failing_callbacks_is_locked_out_even_for_a_good_sign_in(browser, broker, sign_in, settings,
                                                                             caseworker, register):
    client = make_client(caseworker, register)
    for _ in range(settings.PORTAL_SIGN_IN_FAILURE_LIMIT):
        assert browser.get("/oma/callback/?state=forged&code=guess").status_code == 400
    start = browser.get("/oma/login/mock/")
    assert start.status_code == 429
    assert SESSION_KEY not in browser.session
    elsewhere = DjangoClient(REMOTE_ADDR="192.0.2.10")  # the limits are per address
    elsewhere.cookies["django_language"] = "en"
    assert sign_in(elsewhere, client.identity_code).status_code == 302


def test_a_successful_sign_in_clears_the_failures(browser, broker, sign_in, settings, caseworker, register):
    client = make_client(caseworker, register)
    for _ in range(settings.PORTAL_SIGN_IN_FAILURE_LIMIT - 1):
        browser.get("/oma/callback/?state=forged&code=guess")
    assert sign_in(browser, client.identity_code).status_code == 302
    browser.post("/oma/logout/")
    browser.get("/oma/callback/?state=forged&code=guess")
    assert sign_in(browser, client.identity_code).status_code == 302
