"""The admin walk (issue 17, "Must show"): every registered admin, every admin URL (change list,
raw-id popup, add, change, delete, both history views, autocomplete and the list filters' choices
on those pages) as an organisation admin of another organisation and as another organisation's
caseworker (made staff, as a careless setup might): no 200 for a foreign object, and no foreign
name anywhere. The same objects open for their own organisation's admin, so the walk is not
passing on missing rows."""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import models
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.models import Client, Controller, Processor, Register, SupervisoryAuthority, WorkerProfile
from core.roles import Role
from tests.conftest import VerifiedClient, make_user
from tests.security.urlmap import autofill

from .conftest import EMERGENCY_REASON, MARKER, REQUEST_TEXT, VISIT_TEXT

# Read by every admin on purpose (core.admin.SHARED): not another organisation's.
SHARED_MODELS = {Group, Processor, SupervisoryAuthority}
# The nightly run's own records, across organisations: the platform administrator's alone.
# The job engine's queue (core/jobs_admin.py): every organisation's jobs, so the platform administrator's.
PLATFORM_MODELS = {"retentionrun", "runfailure", "fileremoval", "procrastinatejob"}
REGISTER_NAME = "Vaararekisteri"


def test_every_admin_uses_the_scoped_base():
    from core.admin import OrganisationScopedMixin, ScopedChoicesMixin

    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, OrganisationScopedMixin), (
            f"{model.__name__}'s admin does not use core.admin.OrganisationScopedAdmin")
        for inline in model_admin.inlines:
            assert issubclass(inline, ScopedChoicesMixin), f"{inline.__name__} has unscoped choices"


@pytest.fixture
def foreign_world(provider, register, caseworker, contact, victim, victim_data, victim_devices):
    """One row of every registered model, all of the victim organisation."""
    from auditlog.models import LogEntry

    register.name = REGISTER_NAME
    register.save()
    known = {Client: victim, Register: register, Controller: provider, User: caseworker}
    rows: dict[type[models.Model], models.Model] = {
        Client: victim, Register: register, Controller: provider, User: caseworker,
        WorkerProfile: caseworker.worker_profile, TOTPDevice: victim_devices["totp"],
        StaticDevice: victim_devices["static"],
        LogEntry: LogEntry.objects.get_for_object(victim_data["entry"]).first(),
    }
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        rows[model] = autofill(model, known, username=caseworker.username, ip_address="10.0.0.1")
    from retention.models import RetentionRule

    rows[RetentionRule] = autofill(RetentionRule, known, controller=provider, code="vaara-saanto",
                                   name=f"{REGISTER_NAME} sääntö")
    rows[RetentionRule].registers.set([register])  # type: ignore[attr-defined]
    known.update(rows)
    if apps.is_installed("procrastinate.contrib.django"):
        from procrastinate.contrib.django.models import ProcrastinateJob

        from retention.jobs import retention_client

        # A job naming the victim's client (its arguments are what an organisation must not read).
        job_id = retention_client.defer(client_id=victim.pk, today="2026-06-01", run_id="")
        rows[ProcrastinateJob] = known[ProcrastinateJob] = ProcrastinateJob.objects.get(pk=job_id)
    for model in admin.site._registry:
        if model not in rows and model not in SHARED_MODELS:
            # Made earlier for another row's foreign key, or by the fixtures (all the victim's).
            existing = model._default_manager.first()
            given = {f.name: b"%PDF-1.4" for f in model._meta.concrete_fields
                     if isinstance(f, models.BinaryField)}
            # Nullable pointers to the client (a hold; logs that outlive a purged client) name the victim.
            if model._meta.model_name in ("legalhold", "accessentry", "disclosure"):
                given["client"] = victim
            rows[model] = known[model] = existing or autofill(model, known, **given)
    return rows


def _markers(provider, caseworker) -> list[str]:
    return [MARKER, provider.name, REGISTER_NAME, caseworker.username, VISIT_TEXT, EMERGENCY_REASON,
            REQUEST_TEXT]


def _urls(model: type[models.Model], pk) -> dict[str, str]:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return {"change": f"{base}{pk}/change/", "delete": f"{base}{pk}/delete/", "history": f"{base}{pk}/history/",
            "auditlog": f"{base}{pk}/auditlog/"}


def _list_urls(model: type[models.Model]) -> list[str]:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return [base, f"{base}?_popup=1&_to_field=id", f"{base}add/"]


def _autocomplete_urls() -> list[str]:
    urls = []
    for model in admin.site._registry:
        for field in model._meta.get_fields():
            related = field.related_model
            if (field.is_relation and field.concrete and isinstance(related, type)
                    and related in admin.site._registry and admin.site._registry[related].search_fields):
                urls.append(f"/admin/autocomplete/?app_label={model._meta.app_label}"
                            f"&model_name={model._meta.model_name}&field_name={field.name}&term=")
    return urls


@pytest.fixture(params=["organisation_admin", "caseworker"])
def stranger(request, other_provider) -> User:
    if request.param == "organisation_admin":
        return make_user(Role.ADMIN, other_provider, username="vieras_paakayttaja")
    user = make_user(Role.CASEWORKER, other_provider, username="vieras_hoitaja")
    user.is_staff = True
    user.save()
    return user


def test_no_admin_url_shows_another_organisations_objects(stranger, foreign_world, provider, caseworker,
                                                          admin_user):
    browser = VerifiedClient()
    browser.cookies["django_language"] = "en"
    browser.force_login(stranger)
    markers = _markers(provider, caseworker)
    seen: list[str] = []
    for model, obj in foreign_world.items():
        for kind, url in _urls(model, obj.pk).items():
            response = browser.get(url)
            assert response.status_code != 200, f"{stranger.username}: {kind} {url} answered 200"
            seen.append(url)
        for url in _list_urls(model):
            response = browser.get(url)
            assert response.status_code in (200, 302, 403), url
            html = response.content.decode()
            leaked = [m for m in markers if m in html]
            assert not leaked, f"{stranger.username}: {url} shows {leaked}"
    for url in _autocomplete_urls():
        response = browser.get(url)
        assert response.status_code in (200, 403), url
        if response.status_code == 200:
            names = json.dumps(response.json(), ensure_ascii=False)
            assert not [m for m in markers if m in names], url
    assert len(seen) >= 4 * len(foreign_world)

    # The control: the victim organisation's own admin opens the same objects.
    own = VerifiedClient()
    own.force_login(admin_user)
    for model, obj in foreign_world.items():
        opts = model._meta
        if opts.model_name in PLATFORM_MODELS or not admin_user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue
        url = _urls(model, obj.pk)["change"]
        assert own.get(url).status_code == 200, f"control: {url} does not open for its own admin"
