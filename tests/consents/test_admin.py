"""Admin for the consents models: purposes are managed here; consents and prohibitions are shown
read-only (withdrawing and lifting are actions through the services); scoped and logged."""

import datetime

import pytest
from django.contrib.auth.models import Group

from clients.models import AccessEntry
from consents import services
from consents.constants import ConsentMethod, GivenBy, ProhibitionKind
from consents.models import Consent, ConsentPurpose, EmailSubscriber
from core.roles import Role
from tests.conftest import make_user
from tests.fixtures import at


@pytest.fixture
def admin_browser(browser, admin_user):
    browser.force_login(admin_user)
    return browser


@pytest.fixture
def given(caseworker, client_a, purposes) -> Consent:
    return services.consent_give(actor=caseworker, client=client_a, purpose=purposes["newsletter"],
                                 given_by=GivenBy.CLIENT, method=ConsentMethod.ELECTRONIC,
                                 given_at=at(datetime.date(2026, 1, 1)))


@pytest.mark.parametrize("model", ["consentpurpose", "consent", "prohibition", "emailsubscriber",
                                   "marketingexport"])
def test_every_model_has_an_admin_list(admin_browser, given, model):
    assert admin_browser.get(f"/admin/consents/{model}/").status_code == 200


def test_consent_change_page_is_read_only_and_access_logged(admin_browser, admin_user, given, client_a):
    response = admin_browser.get(f"/admin/consents/consent/{given.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="method"' not in html and 'name="given_at"' not in html  # nothing to edit
    assert AccessEntry.objects.filter(client=client_a, user=admin_user, kind="admin_change").exists()
    assert admin_browser.post(f"/admin/consents/consent/{given.pk}/change/",
                              {"method": "oral"}).status_code == 403
    given.refresh_from_db()
    assert given.method == ConsentMethod.ELECTRONIC
    assert admin_browser.get("/admin/consents/consent/add/").status_code == 403


def test_withdraw_action_goes_through_the_service(admin_browser, admin_user, given):
    response = admin_browser.post("/admin/consents/consent/", {
        "action": "withdraw", "_selected_action": [given.pk]})
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.withdrawn_by == admin_user and given.withdrawal_note == "Withdrawn in the admin."


def test_lift_action_goes_through_the_service(admin_browser, admin_user, caseworker, client_a, purposes):
    prohibition = services.prohibition_add(actor=caseworker, client=client_a,
                                           kind=ProhibitionKind.DIRECT_MARKETING)
    admin_browser.post("/admin/consents/prohibition/", {"action": "lift", "_selected_action": [prohibition.pk]})
    prohibition.refresh_from_db()
    assert prohibition.lifted_by == admin_user


def test_admin_manages_purposes_of_own_registers_only(admin_browser, register, other_register):
    response = admin_browser.post("/admin/consents/consentpurpose/add/", {
        "register": register.pk, "code": "newsletter", "name": "Uutiskirje", "is_marketing": "on",
        "active": "on", "consent_required": "on"})
    assert response.status_code == 302
    assert ConsentPurpose.objects.get().register == register
    response = admin_browser.post("/admin/consents/consentpurpose/add/", {
        "register": other_register.pk, "code": "x", "name": "X", "active": "on"})
    assert response.status_code == 200 and "register" in response.context["adminform"].form.errors


def test_admin_of_another_organisation_sees_none_of_our_consents(browser, other_provider, given):
    stranger = make_user(Role.ADMIN, other_provider)
    browser.force_login(stranger)
    assert browser.get(f"/admin/consents/consent/{given.pk}/change/").status_code in (302, 404)
    html = browser.get("/admin/consents/consent/").content.decode()
    assert "Uutiskirje" not in html


def test_subscriber_added_in_the_admin_gets_a_working_unsubscribe_link(admin_browser, purposes):
    response = admin_browser.post("/admin/consents/emailsubscriber/add/", {
        "purpose": purposes["newsletter"].pk, "email": "tilaaja@example.fi"})
    assert response.status_code == 302
    subscriber = EmailSubscriber.objects.get()
    page = admin_browser.get(f"/admin/consents/emailsubscriber/{subscriber.pk}/change/").content.decode()
    assert f"/consents/unsubscribe/{purposes['newsletter'].pk}/" in page
    again = admin_browser.post("/admin/consents/emailsubscriber/add/", {
        "purpose": purposes["newsletter"].pk, "email": "TILAAJA@example.fi"})
    assert again.status_code == 200 and "This address is already on the list." in again.content.decode()


def test_roles_have_the_consents_permissions(db):
    caseworker = Group.objects.get(name="caseworker")
    codenames = set(caseworker.permissions.filter(content_type__app_label="consents")
                    .values_list("codename", flat=True))
    assert {"add_consent", "view_consent", "add_prohibition", "view_prohibition"} <= codenames
    assert "change_consent" not in codenames and "delete_consent" not in codenames
    admin = Group.objects.get(name="admin")
    assert admin.permissions.filter(codename="change_consentpurpose").exists()

