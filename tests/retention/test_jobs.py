"""Issue 23: the nightly run on the job engine. "The nightly run becomes a coordinator that takes
the lock, selects what is due and queues one job per client (or per small batch) with a lock per
client; any number of worker processes ... take them." And: "kill a worker mid-handoff and
mid-purge, rerun, nothing half-done, counts reconcile".

The workers here are real processes (`manage.py retention_worker`) on the test database, so
these tests commit (transaction=True) and render real client-file PDFs."""

import datetime
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection

from clients.models import Client, Disclosure
from core.rls import SYSTEM_SCOPE
from core.scope import scope_get, scope_set, system_scope
from retention import jobs
from retention.management.commands.retention_worker import connection_keep_or_close
from retention.models import ArchiveHandoff, PurgeRecord, RunFailure

from .conftest import county_client, receive, retention_run

WAIT = 120


def queue() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, lock, queueing_lock, args->>'client_id' FROM procrastinate_jobs"
                       " WHERE queue_name = 'retention' ORDER BY id")
        return list(cursor.fetchall())


def folders() -> list[str]:
    root = Path(settings.ARCHIVE_ROOT)
    return sorted(p.parent.relative_to(root).as_posix() for p in root.glob("*/*/*/manifest.json"))


def test_the_coordinator_queues_one_job_per_client_with_a_lock_of_its_own(db):
    logged: list[str] = []
    coordinator = jobs.Coordinator(today=datetime.date(2026, 6, 1), workers=0, log=logged.append)
    coordinator.client_job(41, "")
    coordinator.client_job(41, "")  # the same client again before a worker took it
    coordinator.client_job(42, "")
    assert queue() == [("todo", "retention-client-41", "retention-client-41", "41"),
                       ("todo", "retention-client-42", "retention-client-42", "42")]
    assert coordinator.queued == 2 and logged == ["client #41: already queued"]


def test_local_workers_start_with_the_first_jobs_queued_not_after_every_client_was_looked_at(db, monkeypatch):
    """At county scale looking at every client takes minutes: the workers begin on the first
    jobs meanwhile (one per waiting job, up to --workers), one that left is replaced, and stop()
    ends any left running."""
    started: list = []

    class FakeWorker:
        def __init__(self, args, **kwargs):
            self.args, self.terminated, self.left = args, False, False
            started.append(self)

        def poll(self):
            return 0 if self.left else None

        def terminate(self):
            self.terminated = True

        def wait(self):
            return 0

    monkeypatch.setattr(jobs.subprocess, "Popen", FakeWorker)
    coordinator = jobs.Coordinator(today=datetime.date(2026, 6, 1), workers=2, log=lambda line: None)
    coordinator.client_job(41, "")
    assert len(started) == 1  # one job waiting: one worker
    coordinator.client_job(42, "")
    coordinator.client_job(43, "")
    assert len(started) == 2 and all("retention_worker" in w.args for w in started)
    started[0].left = True  # it found the queue empty for a moment, or did its max_jobs
    for client_id in range(44, 44 + jobs.WORKERS_CHECK_EVERY - 3):
        coordinator.client_job(client_id, "")
    assert coordinator.queued == jobs.WORKERS_CHECK_EVERY and len(started) == 3  # replaced meanwhile
    coordinator.stop()
    assert [w.terminated for w in started] == [False, True, True]  # the one that left is not signalled


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_hand_over_every_due_client_and_the_summary_counts_their_work(
        caseworker, purchased_register):
    clients = [county_client(caseworker, purchased_register, last_name=f"Jonossa{n}") for n in range(3)]
    handed = retention_run("2026-06-01", "--workers", "2")
    assert handed.code == 0, handed.out + handed.err
    assert "3 clients queued as jobs; 2 local worker processes" in handed.out
    assert (handed.json["due"], handed.json["handed_off"], handed.json["awaiting_receipt"]) == (3, 3, 3)
    assert sorted(h.client_id for h in ArchiveHandoff.objects.all()) == sorted(c.pk for c in clients)
    assert len(folders()) == 3 and queue() == []  # done jobs leave the queue

    for handoff in ArchiveHandoff.objects.all():
        receive(handoff)
    purged = retention_run("2026-06-10", "--workers", "2")
    assert purged.code == 0 and purged.json["purged"] == 3 and purged.json["handed_off"] == 0, purged.out
    assert not Client.objects.filter(pk__in=[c.pk for c in clients]).exists()
    assert PurgeRecord.objects.filter(handoff__isnull=False).count() == 3


def record_workers(monkeypatch) -> list[subprocess.Popen]:
    """The worker processes the coordinator starts (real ones), for the test to look at."""
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(jobs.subprocess, "Popen", popen)
    return started


@pytest.mark.django_db(transaction=True)
def test_a_worker_leaves_after_its_set_number_of_jobs_and_a_fresh_one_takes_the_rest(
        caseworker, purchased_register, monkeypatch, settings):
    """Whatever its jobs leave in memory goes with it: a worker process is recycled after a set
    number of jobs."""
    settings.RETENTION_WORKER_MAX_JOBS = 1
    started = record_workers(monkeypatch)
    for n in range(2):
        county_client(caseworker, purchased_register, last_name=f"Kierratys{n}")
    result = retention_run("2026-06-01", "--workers", "1")
    assert result.code == 0 and result.json["handed_off"] == 2, result.out
    assert len(started) == 2 and [p.returncode for p in started] == [0, 0]
    assert all("--max-jobs" in p.args and "1" in p.args for p in started)


# Killing a worker: the test blocks the worker's transaction at a known step by locking a table
# from another connection, kills the process (SIGKILL) while it waits there, and lets the
# worker's heartbeat go stale (as a minute without it would).


def owner_connection() -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(host=db["HOST"], port=db["PORT"], dbname=db["NAME"], user=db["USER"],
                           password=db.get("PASSWORD") or None, autocommit=False)


def waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


def run_with_a_worker_killed_at(monkeypatch, table: str, today: str) -> tuple[dict, list]:
    """retention_run --workers 1 in a thread; the worker is killed while its transaction waits
    for `table`. Returns the run's result and the worker processes."""
    started = record_workers(monkeypatch)
    monkeypatch.setattr(jobs, "STALLED_CHECK_SECONDS", 0.2)
    blocker = owner_connection()
    blocker.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
    result: dict = {}

    def run() -> None:
        try:
            result["run"] = retention_run(today, "--workers", "1")
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    try:
        deadline = time.monotonic() + WAIT
        while not (started and waiting_on_a_lock()) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert started and waiting_on_a_lock(), "the worker never reached the locked step"
        os.kill(started[0].pid, signal.SIGKILL)
        started[0].wait(WAIT)
        with connection.cursor() as cursor:  # a minute without a heartbeat
            cursor.execute("UPDATE procrastinate_workers SET last_heartbeat = now() - interval '1 hour'")
        thread.join(WAIT)
    finally:
        blocker.rollback()
        blocker.close()
    assert not thread.is_alive()
    return result, started


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_handoff_leaves_nothing_half_done_and_the_rerun_adopts_its_package(
        caseworker, purchased_register, monkeypatch):
    client = county_client(caseworker, purchased_register)
    result, _ = run_with_a_worker_killed_at(monkeypatch, "retention_archivehandoff", "2026-06-01")
    killed = result["run"]
    assert killed.code == 1 and killed.json["errors"] == 1 and killed.json["handed_off"] == 0, killed.out
    assert f"client #{client.pk}: FAILED: its job failed" in killed.out
    # The package was written, never recorded: no handoff row, no disclosure-log entry.
    left = f"{purchased_register.pk}/2026-06-01/client-{client.pk}"
    assert folders() == [left] and not ArchiveHandoff.objects.exists()
    assert not Disclosure.objects.filter(client=client, recipient_kind="archive").exists()

    rerun = retention_run("2026-06-01", "--workers", "1")
    assert rerun.code == 0 and rerun.json["handed_off"] == 1 and rerun.json["awaiting_receipt"] == 1, rerun.out
    handoff = ArchiveHandoff.objects.get()
    assert folders() == [handoff.path] == [left]  # adopted, not built twice
    assert Disclosure.objects.filter(client=client, recipient_kind="archive").count() == 1
    assert queue() == [("failed", f"retention-client-{client.pk}", f"retention-client-{client.pk}",
                        str(client.pk))]  # the dead worker's job, kept for the record


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_purge_leaves_the_client_whole_and_the_rerun_purges_once(
        caseworker, purchased_register, monkeypatch):
    client = county_client(caseworker, purchased_register)
    assert retention_run("2026-06-01", "--workers", "1").json["awaiting_receipt"] == 1
    handoff = ArchiveHandoff.objects.get()
    receive(handoff)
    entries = client.entries.count()

    result, _ = run_with_a_worker_killed_at(monkeypatch, "retention_purgerecord", "2026-06-10")
    killed = result["run"]
    assert killed.code == 1 and killed.json["purged"] == 0 and killed.json["errors"] == 1, killed.out
    assert Client.objects.filter(pk=client.pk).exists() and client.entries.count() == entries > 0
    assert not PurgeRecord.objects.exists() and not RunFailure.objects.exclude(stage="purge").filter(
        client_ref=client.pk).exists()

    rerun = retention_run("2026-06-10", "--workers", "1")
    assert rerun.code == 0 and rerun.json["purged"] == 1, rerun.out
    assert not Client.objects.filter(pk=client.pk).exists()
    record = PurgeRecord.objects.get()
    assert record.client_count == 1 and record.package_sha256 == handoff.package_sha256


def sessions_opened() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


def sessions_of_a_run(caseworker, register, clients: int, today: str) -> int:
    for n in range(clients):
        county_client(caseworker, register, last_name=f"Istunto{today}{n}")
    before = sessions_opened()
    result = retention_run(today, "--workers", "1")
    assert result.code == 0 and result.json["handed_off"] == clients, result.out
    time.sleep(0.6)  # the statistics collector's report of the ended sessions (500 ms at most)
    return sessions_opened() - before


@pytest.mark.django_db(transaction=True)
def test_a_worker_keeps_one_database_session_for_all_its_jobs_and_no_scope_between_them(
        caseworker, purchased_register):
    """A new connection is a new PostgreSQL backend whose caches start cold: a worker opening one
    per job spent more database time on that than on the job. One client or four: the same
    number of sessions for the run."""
    one = sessions_of_a_run(caseworker, purchased_register, 1, "2026-06-01")
    four = sessions_of_a_run(caseworker, purchased_register, 4, "2026-06-02")
    assert one == four, (one, four)


@pytest.mark.django_db(transaction=True)
def test_after_a_job_the_connection_stays_without_a_scope_and_a_broken_one_goes():
    """retention_worker: the job's connection stays for the next job, its scope put back; one whose
    backend went away, noticed or not, costs the next job nothing."""
    scope_set(connection, "", local=False)  # a worker's new connection: no scope
    with system_scope():
        assert scope_get(connection) == SYSTEM_SCOPE
    connection_keep_or_close()
    assert connection.connection is not None and scope_get(connection) == ""

    def backend_terminated() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (backend,) = cursor.fetchone()
        with owner_connection() as other:
            other.execute("SELECT pg_terminate_backend(%s)", [backend])
            other.commit()

    backend_terminated()  # the database restarted while the worker waited for its next job
    connection_keep_or_close()  # before the job
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # the job's first query: a new connection, no error
        assert cursor.fetchone() == (1,)

    backend_terminated()
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT 1")  # the job's query on a connection whose backend went away
    connection_keep_or_close()  # after the job
    assert connection.connection is None  # the next job opens a new one
