"""What the signed-in client sees and does on their own pages, and what they never reach."""

import datetime

import pytest
from django.utils import timezone

from clients.constants import AccessKind, RepresentativeRole
from clients.models import AccessEntry, Representative
from clients.services import access_record
from consents.constants import ConsentMethod, GivenBy, ProhibitionKind
from consents.models import Consent, Prohibition
from consents.services import consent_give
from requests.constants import Channel, RequestType, VerificationMethod
from requests.models import DataSubjectRequest
from tests.conftest import make_client, make_register

pytestmark = pytest.mark.django_db


def test_the_client_sees_each_register_separately_with_its_controller(browser, sign_in, caseworker, register,
                                                                       other_contact, other_register):
    mine = make_client(caseworker, register)
    elsewhere = make_client(other_contact, other_register, identity_code=mine.identity_code)
    sign_in(browser, mine.identity_code)
    page = browser.get("/oma/").content.decode()
    for record in (mine, elsewhere):
        assert record.register.name in page and record.register.controller.name in page
        assert f"/notices/{record.register.controller.slug}/{record.register.slug}/" in page
    assert AccessEntry.objects.filter(client=elsewhere, kind=AccessKind.OWN_PAGES).exists()


def test_nothing_of_another_client_is_reachable(browser, sign_in, caseworker, register, client_b):
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    assert client_b.last_name not in browser.get("/oma/").content.decode()
    for url in (f"/oma/{client_b.pk}/", f"/oma/{client_b.pk}/log/", f"/oma/{client_b.pk}/requests/new/"):
        assert browser.get(url).status_code == 404
    assert not AccessEntry.objects.filter(client=client_b).exists()


def test_every_page_is_an_access_log_entry_of_the_client_themself(browser, sign_in, caseworker, register):
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    browser.get(f"/oma/{mine.pk}/")
    browser.get(f"/oma/{mine.pk}/log/")
    entries = AccessEntry.objects.filter(client=mine)
    assert {e.kind for e in entries} == {AccessKind.OWN_PAGES}
    assert entries.count() == 2
    assert all(not e.user.is_active and not e.user.is_staff for e in entries)


def test_the_log_reads_like_a_statement_of_who_looked(browser, sign_in, caseworker, register):
    """Seed: "Asiakkaalla on oikeus tarkastaa ... lokitiedot" — Act 703/2023 § 11."""
    mine = make_client(caseworker, register)
    access_record(user=caseworker, client=mine, kind=AccessKind.CLIENT_FILE, detail="Basic data")
    old = access_record(user=caseworker, client=mine, kind=AccessKind.DOCUMENT, detail="Very old look")
    AccessEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=800))
    sign_in(browser, mine.identity_code)
    page = browser.get(f"/oma/{mine.pk}/log/").content.decode()
    assert caseworker.get_full_name() in page
    assert register.controller.name in page and "Caseworker" in page and "Basic data" in page
    assert "Very old look" not in page


def test_the_client_withdraws_a_consent(browser, sign_in, caseworker, register, purposes):
    mine = make_client(caseworker, register)
    consent = consent_give(actor=caseworker, client=mine, purpose=purposes["satisfaction_survey"],
                           given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                           given_at=timezone.now() - datetime.timedelta(days=3))
    sign_in(browser, mine.identity_code)
    response = browser.post(f"/oma/{mine.pk}/consents/{consent.pk}/withdraw/")
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by.username.startswith("oma-")


def test_a_client_cannot_withdraw_another_clients_consent(browser, sign_in, caseworker, register, client_b,
                                                          purposes):
    mine = make_client(caseworker, register)
    theirs = consent_give(actor=caseworker, client=client_b, purpose=purposes["satisfaction_survey"],
                          given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                          given_at=timezone.now() - datetime.timedelta(days=3))
    sign_in(browser, mine.identity_code)
    assert browser.post(f"/oma/{mine.pk}/consents/{theirs.pk}/withdraw/").status_code == 404
    assert browser.post(f"/oma/{client_b.pk}/consents/{theirs.pk}/withdraw/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None


def test_the_client_sets_and_lifts_a_marketing_prohibition(browser, sign_in, caseworker, register):
    """Seed 000: "Asiakkaalla on oikeus kieltää tietojensa käyttö suoramarkkinointiin"."""
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    browser.post(f"/oma/{mine.pk}/prohibitions/", {"kind": ProhibitionKind.DIRECT_MARKETING})
    prohibition = Prohibition.objects.get(client=mine, kind=ProhibitionKind.DIRECT_MARKETING)
    assert prohibition.lifted_at is None
    browser.post(f"/oma/{mine.pk}/prohibitions/{prohibition.pk}/lift/")
    prohibition.refresh_from_db()
    assert prohibition.lifted_at is not None


def test_the_client_files_an_access_request_verified_by_the_sign_in(browser, sign_in, caseworker, register):
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    form = browser.get(f"/oma/{mine.pk}/requests/new/")
    key = form.context["form"].initial["submission_key"]
    response = browser.post(f"/oma/{mine.pk}/requests/new/", {"type": RequestType.ACCESS, "description": "",
                                                               "submission_key": key})
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get(client=mine)
    assert request.channel == Channel.ELECTRONIC
    assert request.verification_method == VerificationMethod.STRONG_ELECTRONIC and request.verified
    assert request.status == "received"  # in the register contact's queue
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert "Access (GDPR Art 15)" in page and request.due_on.strftime("%-d.%-m.%Y") in page


# Guardians ------------------------------------------------------------------------------------

def _child(caseworker, register, **extra):
    return make_client(caseworker, register, last_name="Lapsi", first_names="Pieni",
                       born=timezone.localdate() - datetime.timedelta(days=365 * 10), sign="A", **extra)


def _guardian(child, identity_code, **extra):
    return Representative.objects.create(client=child, role=RepresentativeRole.GUARDIAN, first_names="Huoltaja",
                                         last_name="Lapsi", identity_code=identity_code,
                                         valid_from=datetime.date(2020, 1, 1), **extra)


def test_a_guardian_sees_and_acts_for_the_child(browser, sign_in, caseworker, register):
    parent = make_client(caseworker, make_register(register.controller))
    child = _child(caseworker, register)
    _guardian(child, parent.identity_code)
    sign_in(browser, parent.identity_code)
    assert "Lapsi Pieni" in browser.get("/oma/").content.decode()
    assert browser.get(f"/oma/{child.pk}/").status_code == 200
    entry = AccessEntry.objects.filter(client=child).latest("at")
    assert entry.kind == AccessKind.REPRESENTATIVE_PAGES


def test_a_guardian_who_is_a_client_nowhere_signs_in_for_the_child(browser, sign_in, caseworker, register):
    child = _child(caseworker, register)
    _guardian(child, "010180-123A")
    assert sign_in(browser, "010180-123A").status_code == 302
    assert browser.get(f"/oma/{child.pk}/").status_code == 200


@pytest.mark.parametrize("blocked_by", ["prohibition", "address_protection"])
def test_a_guardian_sees_nothing_of_a_child_who_prohibited_it_or_is_address_protected(
        browser, sign_in, caseworker, register, blocked_by):
    """Seed 003: a minor able to decide may prohibit disclosure to a guardian."""
    parent = make_client(caseworker, make_register(register.controller))
    child = _child(caseworker, register, address_protected=blocked_by == "address_protection")
    _guardian(child, parent.identity_code, disclosure_prohibited=blocked_by == "prohibition")
    sign_in(browser, parent.identity_code)
    page = browser.get("/oma/").content.decode()
    assert "Lapsi Pieni" not in page
    assert "You cannot see one child's data here." in page
    assert browser.get(f"/oma/{child.pk}/").status_code == 404


def test_a_guardian_sees_nothing_of_an_adult_child(browser, sign_in, caseworker, register):
    parent = make_client(caseworker, make_register(register.controller))
    adult = make_client(caseworker, register, last_name="Aikuinen", born=datetime.date(2000, 1, 1), sign="A")
    _guardian(adult, parent.identity_code)
    sign_in(browser, parent.identity_code)
    assert "Aikuinen" not in browser.get("/oma/").content.decode()
    assert browser.get(f"/oma/{adult.pk}/").status_code == 404


def test_a_guardian_withdraws_the_childs_consent(browser, sign_in, caseworker, register, purposes):
    parent = make_client(caseworker, make_register(register.controller))
    child = _child(caseworker, register)
    _guardian(child, parent.identity_code)
    consent = consent_give(actor=caseworker, client=child, purpose=purposes["satisfaction_survey"],
                           given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                           given_at=timezone.now() - datetime.timedelta(days=3))
    sign_in(browser, parent.identity_code)
    browser.post(f"/oma/{child.pk}/consents/{consent.pk}/withdraw/")
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None


@pytest.mark.parametrize("role", ["caseworker", "contact", "admin_user"])
def test_staff_signed_in_get_no_client_data_on_the_clients_pages(request, client, role, caseworker, register,
                                                                 purposes):
    """A staff sign-in is not a client's: every page of /oma/ sends them to the client sign-in."""
    target = make_client(caseworker, register)
    consent = consent_give(actor=caseworker, client=target, purpose=purposes["satisfaction_survey"],
                           given_by=GivenBy.CLIENT, method=ConsentMethod.ORAL,
                           given_at=timezone.now() - datetime.timedelta(days=3))
    client.force_login(request.getfixturevalue(role))
    for url in (f"/oma/{target.pk}/", f"/oma/{target.pk}/log/", f"/oma/{target.pk}/requests/new/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/oma/"
    assert client.post(f"/oma/{target.pk}/consents/{consent.pk}/withdraw/").status_code == 302
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
    assert target.last_name not in client.get("/oma/").content.decode()
