"""Issue 17, "What was seen": an organisation admin of another organisation tried every way the
Django admin offered to take over our organisation's clients. Each attack is a test."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission, User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.models import AccessEntry, Controller, Register, SupervisoryAuthority, WorkerProfile
from clients.selectors import clients_visible_to
from core.roles import Role
from tests.conftest import make_user

from .conftest import EMERGENCY_REASON, MARKER, REQUEST_TEXT, VISIT_TEXT


def test_worker_profile_cannot_be_moved_to_another_organisation(intruder_browser, intruder, provider,
                                                                other_provider, victim):
    profile = intruder.worker_profile
    response = intruder_browser.post(f"/admin/clients/workerprofile/{profile.pk}/change/", {
        "user": intruder.pk, "controller": provider.pk, "title": "Pääkäyttäjä",
        "confidentiality_signed_on": "2026-01-01"})
    assert response.status_code in (200, 302, 403)
    profile.refresh_from_db()
    assert profile.controller == other_provider
    assert not clients_visible_to(User.objects.get(pk=intruder.pk)).filter(pk=victim.pk).exists()


def test_worker_profile_of_another_organisation_is_not_found(intruder_browser, caseworker, provider):
    profile = caseworker.worker_profile
    assert intruder_browser.get(f"/admin/clients/workerprofile/{profile.pk}/change/").status_code == 404
    intruder_browser.post(f"/admin/clients/workerprofile/{profile.pk}/change/", {
        "user": caseworker.pk, "controller": provider.pk, "title": "Vaihdettu"})
    profile.refresh_from_db()
    assert profile.title != "Vaihdettu"


def _register_form(register: Register, **changes) -> dict:
    data = {"controller": register.controller_id, "operator": register.operator_id, "name": register.name,
            "slug": register.slug, "kind": register.kind, "legal_bases": "[]", "texts_sv": "{}",
            "texts_en": "{}"}
    data.update(changes)
    return data


def test_operator_of_another_controllers_register_cannot_be_set(intruder_browser, register, provider,
                                                                other_provider, victim, intruder):
    response = intruder_browser.post(f"/admin/clients/register/{register.pk}/change/",
                                     _register_form(register, operator=other_provider.pk))
    assert response.status_code == 404
    register.refresh_from_db()
    assert register.operator == provider
    assert not clients_visible_to(User.objects.get(pk=intruder.pk)).filter(pk=victim.pk).exists()


def test_own_registers_controller_and_operator_stay_in_the_organisation(intruder_browser, intruder_register,
                                                                      provider, other_provider):
    intruder_browser.post(f"/admin/clients/register/{intruder_register.pk}/change/",
                          _register_form(intruder_register, controller=provider.pk, operator=provider.pk))
    intruder_register.refresh_from_db()
    assert intruder_register.controller == other_provider and intruder_register.operator == other_provider
    html = intruder_browser.get("/admin/clients/register/add/").content.decode()
    assert provider.name not in html


def _user_form(user: User, **changes) -> dict:
    data = {"username": user.username, "first_name": user.first_name, "last_name": user.last_name,
            "email": "", "is_active": "on", "is_staff": "on",
            "groups": [g.pk for g in user.groups.all()],
            "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00", "last_login_0": "", "last_login_1": ""}
    data.update(changes)
    return data


def test_organisation_admin_cannot_make_themselves_superuser(intruder_browser, intruder, admin_user):
    everything = list(Permission.objects.values_list("pk", flat=True))
    response = intruder_browser.post(f"/admin/auth/user/{intruder.pk}/change/", _user_form(
        intruder, is_superuser="on", user_permissions=everything))
    assert response.status_code == 302
    intruder.refresh_from_db()
    assert not intruder.is_superuser
    assert not intruder.user_permissions.exists()
    # ... and so never reaches another organisation's admin's password form.
    assert intruder_browser.get(f"/admin/auth/user/{admin_user.pk}/password/").status_code == 404
    response = intruder_browser.post(f"/admin/auth/user/{admin_user.pk}/password/", {
        "password1": "Uusi-salasana-987", "password2": "Uusi-salasana-987"})
    assert response.status_code == 404
    admin_user.refresh_from_db()
    assert admin_user.check_password("test-password-123")


def test_organisation_admin_grants_only_the_three_roles(intruder_browser, intruder, other_provider):
    worker = make_user(Role.CASEWORKER, other_provider)
    extra = Group.objects.create(name="kaikki-oikeudet")
    extra.permissions.set(Permission.objects.all())
    html = intruder_browser.get(f"/admin/auth/user/{worker.pk}/change/").content.decode()
    assert "kaikki-oikeudet" not in html and 'name="is_superuser"' not in html
    assert 'name="user_permissions"' not in html
    intruder_browser.post(f"/admin/auth/user/{worker.pk}/change/", _user_form(
        worker, groups=[extra.pk, Group.objects.get(name="caseworker").pk], is_staff="on"))
    worker.refresh_from_db()
    assert not worker.groups.filter(name="kaikki-oikeudet").exists()
    assert not worker.is_staff  # a caseworker does not work in the admin


def test_platform_administrators_account_is_out_of_reach(intruder_browser):
    platform = User.objects.create_superuser("alusta", password="test-password-123")
    assert intruder_browser.get(f"/admin/auth/user/{platform.pk}/change/").status_code == 404
    assert intruder_browser.get(f"/admin/auth/user/{platform.pk}/password/").status_code == 404
    html = intruder_browser.get("/admin/auth/user/").content.decode()
    assert "alusta" not in html


def test_user_added_by_an_organisation_admin_joins_their_organisation(intruder_browser, other_provider):
    # "Add user" is the one new-worker form (issue 21).
    assert intruder_browser.post("/admin/auth/user/add/", {"username": "uusi_tyontekija"}).status_code == 302
    assert not User.objects.filter(username="uusi_tyontekija").exists()
    response = intruder_browser.post("/admin/auth/user/new-worker/", {
        "username": "uusi_tyontekija", "first_name": "Uusi", "last_name": "Työntekijä", "email": "uusi@example.fi",
        "role": "caseworker", "password1": "Pitka-salasana-123", "password2": "Pitka-salasana-123"})
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(username="uusi_tyontekija")
    assert WorkerProfile.objects.get(user=created).controller == other_provider
    assert not created.is_staff and not created.is_superuser


def test_change_history_shows_nothing_of_another_organisation(intruder_browser, victim, victim_data):
    html = intruder_browser.get("/admin/auditlog/logentry/").content.decode()
    for secret in (MARKER, VISIT_TEXT, EMERGENCY_REASON, REQUEST_TEXT, "Kohde"):
        assert secret not in html
    html = intruder_browser.get("/admin/auditlog/logentry/?q=diabetes").content.decode()
    assert VISIT_TEXT not in html and "0 log entries" in html or "0 " in html
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(victim_data["entry"]).first()
    assert intruder_browser.get(f"/admin/auditlog/logentry/{entry.pk}/change/").status_code == 404


def test_reading_a_clients_history_is_access_logged(admin_browser, admin_user, victim, victim_data):
    from auditlog.models import LogEntry

    assert admin_browser.get(f"/admin/clients/client/{victim.pk}/auditlog/").status_code == 200
    assert AccessEntry.objects.filter(client=victim, user=admin_user, detail="history").count() == 1
    assert admin_browser.get(f"/admin/clients/client/{victim.pk}/history/").status_code == 200
    assert AccessEntry.objects.filter(client=victim, user=admin_user, detail="history").count() == 2
    entry = LogEntry.objects.get_for_object(victim_data["entry"]).first()
    response = admin_browser.get(f"/admin/auditlog/logentry/{entry.pk}/change/")
    assert response.status_code == 200 and VISIT_TEXT in response.content.decode()
    assert AccessEntry.objects.filter(client=victim, user=admin_user, detail="history").count() == 3


def test_second_factor_devices_of_another_organisation_cannot_be_deleted(intruder_browser, victim_devices):
    totp, static = victim_devices["totp"], victim_devices["static"]
    assert intruder_browser.post(f"/admin/otp_totp/totpdevice/{totp.pk}/delete/",
                                 {"post": "yes"}).status_code == 404
    assert intruder_browser.post(f"/admin/otp_static/staticdevice/{static.pk}/delete/",
                                 {"post": "yes"}).status_code == 404
    intruder_browser.post("/admin/otp_totp/totpdevice/", {
        "action": "delete_selected", "_selected_action": [totp.pk], "post": "yes"})
    intruder_browser.post("/admin/otp_static/staticdevice/", {
        "action": "delete_selected", "_selected_action": [static.pk], "post": "yes"})
    assert TOTPDevice.objects.filter(pk=totp.pk).exists()
    assert StaticDevice.objects.filter(pk=static.pk).exists()
    assert "puhelin" not in intruder_browser.get("/admin/otp_totp/totpdevice/").content.decode()


def test_lockout_of_another_organisations_account_cannot_be_lifted(intruder_browser, caseworker):
    attempt = AccessAttempt.objects.create(username=caseworker.username, ip_address="10.0.0.1",
                                           user_agent="x", failures_since_start=5, get_data="", post_data="",
                                           http_accept="", path_info="/accounts/login/")
    assert caseworker.username not in intruder_browser.get("/admin/axes/accessattempt/").content.decode()
    assert intruder_browser.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/",
                                 {"post": "yes"}).status_code == 404
    intruder_browser.post("/admin/axes/accessattempt/", {
        "action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"})
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_client_add_offers_only_own_registers_and_users(intruder_browser, register, caseworker, provider):
    html = intruder_browser.get("/admin/clients/client/add/").content.decode()
    assert register.name not in html
    assert caseworker.username not in html and caseworker.first_name not in html


def test_request_admins_raw_id_client_accepts_only_own_clients(intruder_browser, intruder, other_provider,
                                                               victim):
    from requests.models import DataSubjectRequest
    from tests.conftest import make_client
    from tests.conftest import make_register as register_make

    own_client = make_client(intruder, register_make(other_provider), last_name="Oma")
    own = DataSubjectRequest.objects.create(
        client=own_client, type="access", requester_role="client", requester_name="Oma Asiakas",
        received_on=datetime.date(2026, 1, 2), channel="in_person",
        submission_key="00000000-0000-0000-0000-000000000018",
        created_by=intruder)
    intruder_browser.post(f"/admin/requests/datasubjectrequest/{own.pk}/change/", {
        "client": victim.pk, "type": "access", "requester_role": "client", "requester_name": "Oma Asiakas",
        "received_on": "2026-01-02", "channel": "in_person", "status": "received", "created_by": intruder.pk,
        "notifications-TOTAL_FORMS": "0", "notifications-INITIAL_FORMS": "0"})
    own.refresh_from_db()
    assert own.client == own_client
    assert not DataSubjectRequest.objects.filter(client=victim).exists()


def test_another_controllers_record_is_not_editable(intruder_browser, provider):
    assert intruder_browser.get(f"/admin/clients/controller/{provider.pk}/change/").status_code == 404
    intruder_browser.post(f"/admin/clients/controller/{provider.pk}/change/", {
        "name": provider.name, "slug": provider.slug, "kind": provider.kind, "business_id": provider.business_id,
        "dpo_email": "hyokkaaja@example.com"})
    provider.refresh_from_db()
    assert provider.dpo_email != "hyokkaaja@example.com"
    assert provider.name not in intruder_browser.get("/admin/clients/controller/").content.decode()


def test_statutory_rules_and_supervisory_authority_are_read_only(intruder_browser):
    from retention.models import RetentionRule

    rule = RetentionRule.objects.filter(statutory=True, controller__isnull=True).first()
    assert rule is not None, "the data migration ships statutory default rules"
    intruder_browser.post(f"/admin/retention/retentionrule/{rule.pk}/change/", {
        "code": rule.code, "name": "Muutettu", "record_kind": rule.record_kind, "applies_to": rule.applies_to,
        "period_years": 0, "period_months": 0, "period_days": 1, "start_event": rule.start_event,
        "action": rule.action, "active": "on"})
    rule.refresh_from_db()
    assert rule.name != "Muutettu"
    response = intruder_browser.get(f"/admin/retention/retentionrule/{rule.pk}/change/")
    assert response.status_code == 200 and 'name="name"' not in response.content.decode()
    authority = SupervisoryAuthority.objects.first() or SupervisoryAuthority.objects.create(name="TSV")
    intruder_browser.post(f"/admin/clients/supervisoryauthority/{authority.pk}/change/", {
        "name": "Väärennetty", "street_address": "x", "phone": "1", "email": "a@example.com"})
    authority.refresh_from_db()
    assert authority.name != "Väärennetty"
    assert intruder_browser.get("/admin/clients/supervisoryauthority/add/").status_code == 403


@pytest.mark.parametrize("url", [
    "/admin/auditlog/logentry/?resource_type=abc",
    "/admin/clients/accessentry/?at__year=99999999999999999999",
    "/admin/clients/accessentry/?kind__exact=a%00b",
    "/admin/auditlog/logentry/?action__exact=%00",
])
def test_bad_admin_parameters_answer_400(admin_browser, url, victim):
    assert admin_browser.get(url).status_code == 400


def test_empty_to_field_on_the_client_change_page_is_not_a_server_error(admin_browser, victim):
    assert admin_browser.get(f"/admin/clients/client/{victim.pk}/change/?_to_field=").status_code in (400, 404)


@pytest.mark.parametrize("path", ["clients/client", "clients/register", "clients/workerprofile",
                                  "requests/datasubjectrequest", "auth/user"])
def test_history_of_another_organisations_object_is_404(intruder_browser, path, victim, victim_data, register,
                                                         caseworker):
    pk = {"clients/client": victim.pk, "clients/register": register.pk,
          "clients/workerprofile": caseworker.worker_profile.pk,
          "requests/datasubjectrequest": victim_data["request"].pk, "auth/user": caseworker.pk}[path]
    assert intruder_browser.get(f"/admin/{path}/{pk}/auditlog/").status_code == 404
    assert intruder_browser.get(f"/admin/{path}/{pk}/history/").status_code == 404


def test_controller_is_a_platform_record(intruder_browser, provider, other_provider):
    assert intruder_browser.get("/admin/clients/controller/add/").status_code == 403
    assert Controller.objects.count() >= 2
