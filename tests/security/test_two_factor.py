"""Two-factor sign-in (DESIGN.md: "two-factor (TOTP) for every account that sees client data"):
a password alone reaches no client data and no admin page."""

import re

import pytest
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import Role
from tests.conftest import PRODUCTION_ENV, make_user, run_manage

from .conftest import code_for, enrolled, sign_in, sign_in_fully


def client_data_urls(client_a) -> list[str]:
    return ["/", "/clients/", f"/clients/{client_a.pk}/", f"/clients/{client_a.pk}/edit/",
            "/clients/security/", "/clients/emergency/", "/admin/", "/admin/clients/client/",
            f"/admin/clients/client/{client_a.pk}/change/"]


def test_a_password_without_a_second_factor_reaches_no_client_data(plain, admin_user, client_a):
    """The admin (who sees every client and the Django admin) signs in with the right password
    but has set up no second factor: every client-data page sends them to enrolment or the
    code page, and nothing of the client is shown."""
    response = sign_in(plain, admin_user)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/setup/")
    for url in client_data_urls(client_a):
        response = plain.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        assert final.startswith("/accounts/two-factor/"), (url, response.redirect_chain)
        assert client_a.last_name not in response.content.decode()
    followed = plain.get(f"/clients/{client_a.pk}/", follow=True)
    assert client_a.last_name not in followed.content.decode()
    assert client_a.identity_code not in followed.content.decode()


def test_a_user_with_an_app_must_enter_the_code_before_client_data(plain, caseworker, client_a):
    device = enrolled(caseworker)
    response = sign_in(plain, caseworker, next_url=f"/clients/{client_a.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/?next=")
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 302
    wrong = plain.post(response.url, {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert "The code was not accepted" in wrong.content.decode()
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 302
    # Throttled after a failure: the next try must wait a second or so, so guessing is slow.
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttling_failure_timestamp = None
    device.save()
    right = plain.post(response.url, {"token": code_for(device)})
    assert right.status_code == 302
    assert right.url == f"/clients/{client_a.pk}/"
    page = plain.get(f"/clients/{client_a.pk}/")
    assert page.status_code == 200
    assert client_a.last_name in page.content.decode()


def test_enrolment_shows_a_server_made_qr_code_and_gives_backup_codes_once(plain, caseworker, client_a):
    sign_in(plain, caseworker)
    page = plain.get("/accounts/two-factor/setup/")
    html = page.content.decode()
    assert page.status_code == 200
    # The QR code is an inline SVG made on the server: no third-party QR service sees the secret.
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    assert "https://" not in html.split("<main", 1)[1]
    device = TOTPDevice.objects.get(user=caseworker)
    assert device.confirmed is False
    # An unconfirmed device is no second factor.
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 302
    response = plain.post("/accounts/two-factor/setup/", {"token": code_for(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=caseworker).count() == 10
    device.refresh_from_db()
    assert device.confirmed is True
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 200
    # Shown once: the setup page now leads to the account page, the codes page shows only a count.
    assert plain.get("/accounts/two-factor/setup/").status_code == 302
    status = plain.get("/accounts/two-factor/backup-codes/").content.decode()
    assert "10 unused backup codes" in status
    assert not any(code in status for code in codes)


def test_a_backup_code_works_once(plain, caseworker, client_a):
    enrolled(caseworker)
    static = StaticDevice.objects.create(user=caseworker, name="Backup codes", confirmed=True)
    static.token_set.create(token="abcd2345")
    sign_in(plain, caseworker)
    assert plain.post("/accounts/two-factor/", {"token": "ABCD 2345"}).status_code == 302
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 200
    assert not static.token_set.exists()
    plain.post("/accounts/logout/")
    sign_in(plain, caseworker)
    static.refresh_from_db()
    static.throttling_failure_timestamp = None
    static.save()
    again = plain.post("/accounts/two-factor/", {"token": "abcd2345"})
    assert again.status_code == 200
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 302


def test_a_code_cannot_be_replayed_in_another_session(plain, caseworker, client_a):
    from django.test import Client

    device = enrolled(caseworker)
    code = code_for(device)
    sign_in(plain, caseworker)
    assert plain.post("/accounts/two-factor/", {"token": code}).status_code == 302
    eavesdropper = Client()
    sign_in(eavesdropper, caseworker)
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.save()
    assert eavesdropper.post("/accounts/two-factor/", {"token": code}).status_code == 200
    assert eavesdropper.get(f"/clients/{client_a.pk}/").status_code == 302


def test_the_next_parameter_cannot_send_the_user_to_another_site(plain, caseworker):
    device = enrolled(caseworker)
    sign_in(plain, caseworker)
    response = plain.post("/accounts/two-factor/?next=https://evil.example/", {"token": code_for(device)})
    assert response.status_code == 302
    assert response.url == "/"


def test_admin_resets_a_users_second_factor_and_they_enrol_again(plain, client, admin_user, caseworker):
    enrolled(caseworker)
    StaticDevice.objects.create(user=caseworker, name="Backup codes", confirmed=True)
    client.force_login(admin_user)
    response = client.post("/admin/auth/user/", {
        "action": "reset_second_factor", "_selected_action": [caseworker.pk],
    })
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert not StaticDevice.objects.filter(user=caseworker).exists()
    response = sign_in(plain, caseworker)
    assert response.url.startswith("/accounts/two-factor/setup/")


def test_a_caseworker_cannot_reset_anyones_second_factor(client, caseworker, caseworker_b):
    enrolled(caseworker_b)
    client.force_login(caseworker)
    response = client.post("/admin/auth/user/", {
        "action": "reset_second_factor", "_selected_action": [caseworker_b.pk],
    })
    assert response.status_code == 302 and "/login/" in response.url
    assert TOTPDevice.objects.filter(user=caseworker_b, name="phone").exists()


def test_the_admin_site_requires_the_second_factor_too(plain, admin_user):
    sign_in(plain, admin_user)
    response = plain.get("/admin/")
    assert response.status_code == 302
    response = plain.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/")
    sign_in_plain = plain.get("/admin/auth/user/")
    assert sign_in_plain.status_code == 302


def test_full_sign_in_reaches_the_admin(plain, admin_user):
    sign_in_fully(plain, admin_user)
    assert plain.get("/admin/").status_code == 200


def test_without_the_requirement_only_users_who_set_up_a_factor_are_asked(plain, settings, caseworker,
                                                                          caseworker_b, client_a):
    """`make run`'s local settings may turn the requirement off for the demo accounts; a user
    who has set up an app is still asked for its code."""
    settings.TWO_FACTOR_REQUIRED = False
    response = sign_in(plain, caseworker)
    assert response.url == "/"
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 200
    enrolled(caseworker_b)
    from django.test import Client

    other = Client()
    assert sign_in(other, caseworker_b).url.startswith("/accounts/two-factor/")
    assert other.get("/clients/").status_code == 302


def test_production_requires_the_second_factor_whatever_the_environment_says():
    code = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
    result = run_manage("shell", "-c", code, env={**PRODUCTION_ENV, "TWO_FACTOR_REQUIRED": "false"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_the_test_settings_require_the_second_factor(settings):
    assert settings.TWO_FACTOR_REQUIRED is True


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.REGISTER_CONTACT, Role.ADMIN])
def test_every_role_that_sees_client_data_is_asked(plain, provider, client_a, role):
    user = make_user(role, provider)
    assert Group.objects.get(name=role.value) in user.groups.all()
    sign_in(plain, user)
    assert plain.get("/clients/").status_code == 302


def test_an_admin_cannot_reset_another_organisations_users(client, admin_user, other_contact):
    enrolled(other_contact)
    client.force_login(admin_user)
    assert other_contact.username not in client.get("/admin/auth/user/").content.decode()
    client.post("/admin/auth/user/", {"action": "reset_second_factor",
                                      "_selected_action": [other_contact.pk]})
    assert TOTPDevice.objects.filter(user=other_contact, name="phone").exists()
    assert client.get(f"/admin/auth/user/{other_contact.pk}/change/").status_code in (302, 404)
