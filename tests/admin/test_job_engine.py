"""Procrastinate's own admin page (the job engine's queue) is the platform administrator's
alone: the queue holds every organisation's jobs, and a job's arguments name a client's number.
An organisation admin sees neither the page nor a job, not even one of their own clients'."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User

from tests.conftest import VerifiedClient

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("procrastinate.contrib.django"), reason="the job engine needs PostgreSQL"),
]

LIST = "/admin/procrastinate/procrastinatejob/"


@pytest.fixture
def job(victim) -> int:
    from retention.jobs import retention_client

    return int(retention_client.defer(client_id=victim.pk, today="2026-06-01", run_id=""))


def test_an_organisation_admin_does_not_see_the_job_queue_even_for_their_own_client(admin_user, job):
    browser = VerifiedClient()
    browser.force_login(admin_user)
    index = browser.get("/admin/").content.decode()
    assert "/admin/procrastinate/" not in index
    assert browser.get(LIST).status_code in (302, 403, 404)
    assert browser.get(f"{LIST}{job}/change/").status_code in (302, 403, 404)


def test_the_platform_administrator_reads_the_job_queue(victim, job):
    platform = User.objects.create_superuser("alusta", password="x-Alusta-2026-salasana")
    browser = VerifiedClient()
    browser.force_login(platform)
    assert "/admin/procrastinate/" in browser.get("/admin/").content.decode()
    listing = browser.get(LIST)
    assert listing.status_code == 200
    assert f"{LIST}{job}/change/" in listing.content.decode()
    assert browser.get(f"{LIST}{job}/change/").status_code == 200
