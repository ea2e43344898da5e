"""Two runs at once: exactly one works, the other exits 3 with one clear line."""

import datetime
import io
import threading

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from clients.constants import RegisterKind
from clients.models import Client
from retention.models import PurgeRecord, RetentionRule, RetentionRun
from retention.services import run_lock
from tests.conftest import make_client, make_controller, make_register

WAIT = 30


def run_in_thread(results: dict, key: str, *args: str) -> threading.Thread:
    def target() -> None:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("retention_run", *args, stdout=out, stderr=err)
            results[key] = (0, out.getvalue())
        except CommandError as exc:
            results[key] = (exc.returncode, f"{out.getvalue()}{exc}")
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread


def test_a_run_started_while_another_holds_the_lock_exits_3_and_changes_nothing(db):
    taken, release = threading.Event(), threading.Event()

    def holder() -> None:
        try:
            with run_lock():
                taken.set()
                release.wait(WAIT)
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    assert taken.wait(WAIT)
    try:
        with pytest.raises(CommandError) as error:
            call_command("retention_run", "--today", "2026-11-21", "--json", stdout=io.StringIO())
    finally:
        release.set()
        thread.join(WAIT)
    assert error.value.returncode == 3
    assert "Another retention run is in progress" in str(error.value)
    assert not RetentionRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_runs_started_at_once_exactly_one_purges_the_other_exits_3(monkeypatch):
    # Self-contained: a transactional test may start from an emptied database.
    actor = User.objects.create_user(username="concurrency")
    controller = make_controller("Samanaikainen Oy")
    register = make_register(controller, kind=RegisterKind.MARKETING)
    own = RetentionRule.objects.create(code="concurrency", name="Markkinointi", controller=controller,
                                       start_event="relationship_ended", action="delete")
    own.registers.set([register])
    client = make_client(actor, register, last_name="Rinnakkainen", relationship_ended=datetime.date(2026, 1, 1))

    first_has_lock, second_done = threading.Event(), threading.Event()
    from retention.services.run import _Run
    original_start = _Run.start

    def start_and_wait(self: _Run) -> None:
        original_start(self)
        first_has_lock.set()
        second_done.wait(WAIT)  # keep the lock while the other run tries

    monkeypatch.setattr(_Run, "start", start_and_wait)
    results: dict = {}
    first = run_in_thread(results, "first", "--today", "2026-11-21", "--json")
    assert first_has_lock.wait(WAIT)
    second = run_in_thread(results, "second", "--today", "2026-11-21", "--json")
    second.join(WAIT)
    second_done.set()
    first.join(WAIT)

    assert results["second"][0] == 3 and "holds the lock" in results["second"][1]
    code, out = results["first"]
    assert code == 0 and '"purged": 1' in out.splitlines()[-1]
    assert not Client.objects.filter(pk=client.pk).exists()
    assert PurgeRecord.objects.count() == 1 and RetentionRun.objects.count() == 1
