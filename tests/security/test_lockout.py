"""Lockout after repeated failures (django-axes): five wrong passwords lock the account, with a
clear message, and an admin can lift the lock."""

from axes.models import AccessAttempt

from .conftest import PASSWORD, sign_in

WRONG = "not-the-password"


def test_five_failures_lock_the_account_even_against_the_right_password(plain, caseworker):
    for attempt in range(1, 5):
        response = sign_in(plain, caseworker, WRONG)
        assert response.status_code == 200, attempt
        assert "Too many failed" not in response.content.decode()
    fifth = sign_in(plain, caseworker, WRONG)
    assert fifth.status_code == 429
    html = fifth.content.decode()
    assert "Too many failed sign-in attempts" in html
    assert "blocked after 5 failed attempts" in html
    assert "Contact your administrator" in html
    # The right password does not help while locked, and the session stays anonymous.
    locked = sign_in(plain, caseworker, PASSWORD)
    assert locked.status_code == 429
    assert plain.get("/").status_code == 302
    assert "_auth_user_id" not in plain.session


def test_the_lockout_page_is_in_finnish_by_default(caseworker):
    from django.test import Client

    browser = Client()
    for _ in range(5):
        response = sign_in(browser, caseworker, WRONG)
    assert response.status_code == 429
    assert 'lang="fi"' in response.content.decode()


def test_failures_of_one_user_do_not_lock_another(plain, caseworker, caseworker_b):
    for _ in range(5):
        sign_in(plain, caseworker, WRONG)
    response = sign_in(plain, caseworker_b)
    assert response.status_code == 302


def test_an_admin_lifts_the_lock_in_the_admin(plain, client, admin_user, caseworker):
    for _ in range(5):
        sign_in(plain, caseworker, WRONG)
    attempt = AccessAttempt.objects.get(username=caseworker.username)
    client.force_login(admin_user)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert caseworker.username in listing.content.decode()
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=caseworker.username).exists()
    response = sign_in(plain, caseworker)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/")


def test_a_register_contact_cannot_lift_locks(client, contact, caseworker, plain):
    for _ in range(5):
        sign_in(plain, caseworker, WRONG)
    client.force_login(contact)
    assert client.get("/admin/axes/accessattempt/").status_code in (302, 403)
    assert AccessAttempt.objects.filter(username=caseworker.username).exists()
