"""Idle session timeout, session ends with the browser, sign-out everywhere on a password change,
and a deactivated user's sessions and name."""

import datetime

from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients.models import AccessEntry
from tests.conftest import VerifiedClient

from .conftest import PASSWORD, enrolled, sign_in, sign_in_fully

NEW_PASSWORD = "Kaunis-kesapaiva-2026"


def _session_row(browser) -> Session:
    return Session.objects.get(session_key=browser.session.session_key)


def test_idle_timeout_is_thirty_minutes_and_activity_renews_it(plain, caseworker, client_a):
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60
    sign_in_fully(plain, caseworker)
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 200
    row = _session_row(plain)
    left = row.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < left <= datetime.timedelta(minutes=30)
    # Activity renews: a session about to lapse gets its 30 minutes back with the next request.
    row.expire_date = timezone.now() + datetime.timedelta(minutes=1)
    row.save()
    assert plain.get("/clients/").status_code == 200
    assert _session_row(plain).expire_date - timezone.now() > datetime.timedelta(minutes=29)


def test_pages_within_a_minute_of_the_last_renewal_write_no_session(plain, caseworker, client_a):
    """Renewal costs a write; within RENEW_AFTER_SECONDS of the last one a page writes nothing,
    so the idle timeout is kept to within a minute."""
    sign_in_fully(plain, caseworker)
    plain.get("/clients/")
    before = _session_row(plain).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert plain.get(f"/clients/{client_a.pk}/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert _session_row(plain).expire_date == before
    # Two minutes later the next page renews it.
    row = _session_row(plain)
    row.expire_date = before - datetime.timedelta(minutes=2)
    row.save()
    plain.get("/clients/")
    assert _session_row(plain).expire_date > before


def test_after_thirty_idle_minutes_the_user_is_signed_out(plain, caseworker, client_a):
    sign_in_fully(plain, caseworker)
    assert plain.get(f"/clients/{client_a.pk}/").status_code == 200
    row = _session_row(plain)
    row.expire_date = timezone.now() - datetime.timedelta(seconds=1)  # 30 minutes went by
    row.save()
    response = plain.get(f"/clients/{client_a.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert client_a.last_name not in response.content.decode()


def test_the_session_cookie_ends_when_the_browser_closes(plain, caseworker):
    response = sign_in(plain, caseworker)
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_changing_the_password_signs_out_every_other_session(client, caseworker, client_a):
    """Django's update_session_auth_hash keeps this session; every other one dies because the
    session's password hash no longer matches."""
    elsewhere = VerifiedClient()
    elsewhere.force_login(caseworker)
    client.force_login(caseworker)
    assert elsewhere.get(f"/clients/{client_a.pk}/").status_code == 200
    client.cookies["django_language"] = "en"
    page = client.get("/accounts/password/")
    assert page.status_code == 200
    assert "signs you out on every other device" in page.content.decode()
    weak = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "lyhyt",
                                               "new_password2": "lyhyt"})
    assert weak.status_code == 200  # the validators refuse it
    response = client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302
    assert client.get(f"/clients/{client_a.pk}/").status_code == 200
    gone = elsewhere.get(f"/clients/{client_a.pk}/")
    assert gone.status_code == 302
    assert gone.url.startswith("/accounts/login/")
    caseworker.refresh_from_db()
    assert caseworker.check_password(NEW_PASSWORD)
    # The change is in the change history, the password itself is not.
    updates = LogEntry.objects.get_for_object(caseworker).filter(action=LogEntry.Action.UPDATE)
    change = updates.latest("timestamp")
    assert change.actor == caseworker
    assert change.changes_dict["password"] == ["****", "****"]


def test_the_password_page_asks_for_the_second_factor_first(plain, caseworker):
    enrolled(caseworker)
    sign_in(plain, caseworker)
    response = plain.get("/accounts/password/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/")
    response = plain.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    caseworker.refresh_from_db()
    assert caseworker.check_password(PASSWORD)


def test_a_deactivated_user_is_signed_out_and_keeps_their_name_in_the_logs(
    client, contact, caseworker, client_a
):
    worker = VerifiedClient()
    worker.force_login(caseworker)
    assert worker.get(f"/clients/{client_a.pk}/").status_code == 200
    caseworker.is_active = False
    caseworker.save()
    assert worker.get(f"/clients/{client_a.pk}/").status_code == 302
    entry = AccessEntry.objects.filter(user=caseworker, client=client_a).latest("at")
    assert entry.user.get_full_name() == caseworker.get_full_name()
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    log = client.get(f"/clients/users/{caseworker.pk}/access-log/").content.decode()
    assert caseworker.get_full_name() in log
    assert "This user has been deactivated" in log
    assert client_a.display_name in log
