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


def test_failures_of_one_user_do_not_lock_a_colleague_at_another_address(caseworker, caseworker_b):
    from django.test import Client

    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="10.1.1.1"), caseworker, WRONG)
    response = sign_in(Client(REMOTE_ADDR="10.1.1.2"), caseworker_b)
    assert response.status_code == 302


def test_a_locked_account_stays_locked_from_another_address(caseworker):
    """The attack: five guesses from one machine, then the right password from another."""
    from django.test import Client

    for _ in range(5):
        sign_in(Client(REMOTE_ADDR="10.1.1.1"), caseworker, WRONG)
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    response = sign_in(elsewhere, caseworker, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in elsewhere.session


def test_one_address_trying_many_accounts_is_locked(caseworker, caseworker_b, contact):
    """Password spraying: one wrong guess each for many accounts from one address."""
    from django.contrib.auth.models import User
    from django.test import Client

    sprayer = Client(REMOTE_ADDR="10.6.6.6")
    names = [caseworker.username, caseworker_b.username, contact.username, "nobody1", "nobody2"]
    for name in names:
        sprayer.post("/accounts/login/", {"username": name, "password": WRONG})
    response = sprayer.post("/accounts/login/", {"username": caseworker.username, "password": PASSWORD})
    assert response.status_code == 429
    assert User.objects.filter(username=caseworker.username).exists()


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
