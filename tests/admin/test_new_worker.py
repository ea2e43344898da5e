"""One "new worker" form (issue 21: creating a worker was three separate forms, the user, the
groups with English names and the worker profile): person, role, organisation and the date the
confidentiality commitment was signed, made in one service call with a trail."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from clients.models import WorkerProfile
from clients.services.workers import worker_create
from core.roles import Role
from tests.conftest import VerifiedClient

NEW = "/admin/auth/user/new-worker/"
SIGNED = datetime.date(2026, 11, 2)


def _form(organisation, **changes) -> dict:
    data = {"first_name": "Liisa", "last_name": "Laaksonen", "username": "liisa.laaksonen",
            "email": "liisa@example.fi", "title": "lähihoitaja", "role": Role.CASEWORKER.value,
            "organisation": organisation.pk, "confidentiality_signed_on": SIGNED.isoformat(),
            "password1": "Kotihoito-2026-syksy", "password2": "Kotihoito-2026-syksy"}
    data.update(changes)
    return data


def _browser(user) -> VerifiedClient:
    browser = VerifiedClient()
    browser.force_login(user)
    return browser


def test_the_organisation_admin_adds_a_worker_with_one_form(admin_user, provider):
    browser = _browser(admin_user)
    assert browser.get("/admin/auth/user/add/")["Location"] == NEW  # "Add user" is this form
    page = browser.get(NEW).content.decode()
    for finnish in ("Uusi työntekijä", "Työntekijä", "Rekisterin yhteyshenkilö", "Pääkäyttäjä",
                    "Salassapitositoumus allekirjoitettu", provider.name):
        assert finnish in page, finnish
    response = browser.post(NEW, _form(provider))
    assert response.status_code == 302, response.content.decode()
    worker = User.objects.get(username="liisa.laaksonen")
    assert (worker.get_full_name(), worker.email, worker.check_password("Kotihoito-2026-syksy")) == (
        "Liisa Laaksonen", "liisa@example.fi", True)
    assert list(worker.groups.values_list("name", flat=True)) == ["caseworker"]
    assert not worker.is_staff and not worker.is_superuser
    profile = worker.worker_profile
    assert (profile.controller, profile.confidentiality_signed_on, profile.title) == (provider, SIGNED, "lähihoitaja")
    # The trail names the admin: the account, its role and its profile.
    for obj in (worker, profile):
        entries = LogEntry.objects.get_for_object(obj)
        assert entries.exists() and {e.actor for e in entries} == {admin_user}, [e.changes for e in entries]


def test_a_register_contact_is_made_staff_to_read_the_admin(admin_user, provider):
    _browser(admin_user).post(NEW, _form(provider, role=Role.REGISTER_CONTACT.value))
    assert User.objects.get(username="liisa.laaksonen").is_staff


def test_the_platform_administrator_chooses_the_organisation(provider, other_provider):
    platform = User.objects.create_superuser("alusta", password="x-Alusta-2026-salasana")
    browser = _browser(platform)
    page = browser.get(NEW).content.decode()
    assert provider.name in page and other_provider.name in page
    assert browser.post(NEW, _form(other_provider, role=Role.ADMIN.value)).status_code == 302
    worker = User.objects.get(username="liisa.laaksonen")
    assert worker.worker_profile.controller == other_provider and worker.is_staff
    assert browser.get("/admin/auth/user/add/?account_only=1").status_code == 200  # an account of no organisation


def test_an_organisation_admin_cannot_create_a_worker_in_another_organisation(admin_user, provider, other_provider):
    browser = _browser(admin_user)
    assert other_provider.name not in browser.get(NEW).content.decode()
    browser.post(NEW, _form(other_provider))  # the organisation in the POST is not the admin's to choose
    assert not WorkerProfile.objects.filter(controller=other_provider).exists()
    assert User.objects.get(username="liisa.laaksonen").worker_profile.controller == provider
    with pytest.raises(PermissionDenied):
        worker_create(actor=admin_user, organisation=other_provider, role=Role.ADMIN.value, username="mallory",
                      first_name="M", last_name="M", email="", password="Kotihoito-2026-syksy",
                      confidentiality_signed_on=None)
    assert not User.objects.filter(username="mallory").exists()


def test_nobody_else_reaches_the_form(caseworker, contact, provider):
    contact.is_staff = True
    contact.save()
    assert _browser(contact).get(NEW).status_code == 403
    assert _browser(caseworker).get(NEW).status_code == 302  # not staff: to the sign-in
    assert _browser(contact).post(NEW, _form(provider, role=Role.ADMIN.value)).status_code == 403
    assert not User.objects.filter(username="liisa.laaksonen").exists()


def test_mistakes_are_told_in_words_and_nothing_is_half_made(admin_user, provider, caseworker):
    browser = _browser(admin_user)
    page = browser.post(NEW, _form(provider, username=caseworker.username.upper(), password2="toinen")).content.decode()
    assert "Tämä käyttäjätunnus on jo käytössä." in page and "Salasanat eroavat toisistaan." in page
    page = browser.post(NEW, _form(provider, password1="12345678", password2="12345678")).content.decode()
    assert "Tämä salasana on liian yleinen." in page
    assert not User.objects.filter(username="liisa.laaksonen").exists()


def test_roles_are_named_in_the_users_language_on_the_user_form(admin_user, caseworker):
    page = _browser(admin_user).get(f"/admin/auth/user/{caseworker.pk}/change/").content.decode()
    assert "Työntekijä" in page and ">caseworker<" not in page
