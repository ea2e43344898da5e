"""The nightly run's jobs on the job engine: Procrastinate, whose queue is a few tables in the
PostgreSQL the register already runs (no other server), shared by worker processes on any
number of machines.

What it guarantees:
- The coordinator (`retention_run --workers N`, under the run lock) queues one job per client to
  hand over or anonymise, with a queueing lock (at most one waiting job per client) and a lock
  (never two jobs for one client at once, even on different machines).
- Every job is idempotent through the handoff and purge state in the database: it re-reads the
  client's due date, holds, open handoff and package (services.run.retention_client_part), so a
  job run again after its worker died half-way carries on where the database says it stopped.
  A package folder written but not recorded is found through its pending record
  (services.handoff), a half-done purge was one transaction and never happened.
- A job whose worker died (no heartbeat) is marked failed by the next coordinator, which frees
  the client's lock; that coordinator queues the client again if it is still due.
- Row-level security: a job runs inside `core.scope.system_scope` on the worker thread's own
  database connection (session-level, put back afterwards), as the retention command does. The
  worker command says so once on start.
- Counts: each job adds what it did to its run's row (one short row lock), which the coordinator
  adds to the run's JSON summary when every job has finished."""

import datetime
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from procrastinate import exceptions as procrastinate_exceptions
from procrastinate.contrib.django import app

from core.scope import system_scope

from .models import RetentionRun, RunFailure
from .services.run import RunSummary, retention_client_part

QUEUE = "retention"
TASK = "retention.client"
COUNTED = ("handed_off", "awaiting_receipt", "purged", "held", "errors", "stale_packages")
# A worker that has not beaten its heart for this long is dead (procrastinate beats every 10 s).
STALLED_SECONDS = 60
POLL_SECONDS = 0.5
STALLED_CHECK_SECONDS = 5
# While clients are still being queued: replace a local worker that left (after its jobs, or on
# an empty queue) every this many jobs queued.
WORKERS_CHECK_EVERY = 100

logger = logging.getLogger(__name__)


def client_lock(client_id: int) -> str:
    return f"retention-client-{client_id}"


@app.task(name=TASK, queue=QUEUE)
def retention_client(client_id: int, today: str, run_id: str) -> dict[str, int]:
    """One client's handoff and purge (a job). Returns what it did."""
    with system_scope():
        run = RetentionRun.objects.filter(run_id=run_id).first() if run_id else None
        part = retention_client_part(client_id=client_id, today=datetime.date.fromisoformat(today), run=run,
                                     log=logger.info)
        counts = {key: int(getattr(part, key)) for key in COUNTED}
        if run is not None:
            counts_add(run_id=run_id, counts=counts)
    return counts


@transaction.atomic
def counts_add(*, run_id: str, counts: dict[str, int]) -> None:
    run = RetentionRun.objects.select_for_update().get(run_id=run_id)
    summary = dict(run.summary or {})
    done = dict(summary.get("jobs") or {})
    for key, value in counts.items():
        done[key] = int(done.get(key, 0)) + value
    done["finished"] = int(done.get("finished", 0)) + 1
    summary["jobs"] = done
    run.summary = summary
    run.save(update_fields=["summary"])


def _jobs(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _stalled(run_id: str | None = None) -> list[int]:
    """Jobs left 'doing' by a worker that died (kill -9, a lost machine): its heartbeat stopped."""
    return [int(job_id) for (job_id,) in _jobs(
        "SELECT j.id FROM procrastinate_jobs j LEFT JOIN procrastinate_workers w ON w.id = j.worker_id"
        " WHERE j.queue_name = %s AND j.status = 'doing' AND (%s::text IS NULL OR j.args->>'run_id' = %s)"
        " AND (w.id IS NULL OR w.last_heartbeat < now() - make_interval(secs => %s))",
        [QUEUE, run_id, run_id, STALLED_SECONDS])]


def _fail(job_ids: list[int]) -> None:
    for job_id in job_ids:
        _jobs("SELECT procrastinate_finish_job_v1(%s, 'failed', false)", [job_id])


def stalled_jobs_fail(log: Callable[[str], object]) -> int:
    """Before a run: jobs of a worker that died are marked failed, so their clients' locks are
    free again; jobs still waiting from a coordinator that died are cancelled (this run queues
    what is still due). Only under the run lock."""
    stalled = _stalled()
    _fail(stalled)
    waiting = _jobs("SELECT id FROM procrastinate_jobs WHERE queue_name = %s AND status = 'todo'", [QUEUE])
    for (job_id,) in waiting:
        _jobs("SELECT procrastinate_cancel_job_v1(%s, false, false)", [job_id])
    if stalled or waiting:
        log(f"job queue: {len(stalled)} jobs of a worker that died marked failed, {len(waiting)} jobs of an "
            "earlier run cancelled")
    return len(stalled)


def _remaining(run_id: str) -> int:
    (count,), = _jobs("SELECT count(*) FROM procrastinate_jobs WHERE queue_name = %s AND args->>'run_id' = %s"
                      " AND status IN ('todo', 'doing')", [QUEUE, run_id])
    return int(count)


def _failed(run_id: str) -> list[int]:
    return [int(ref) for (ref,) in _jobs(
        "SELECT (args->>'client_id')::bigint FROM procrastinate_jobs WHERE queue_name = %s"
        " AND args->>'run_id' = %s AND status = 'failed' ORDER BY id", [QUEUE, run_id])]


def worker_command(max_jobs: int) -> list[str]:
    return [sys.executable, "-m", "django", "retention_worker", "--max-jobs", str(max_jobs), "--until-empty",
            "--queue", QUEUE]


def worker_environment() -> dict[str, str]:
    """A local worker process sees the same database, archive and settings as this process."""
    db = connection.settings_dict
    url = (f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db.get('HOST') or ''}:{db.get('PORT') or ''}"
           f"/{db['NAME']}")
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": os.environ.get(
        "DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE), "ARCHIVE_ROOT": str(settings.ARCHIVE_ROOT),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT), "RETENTION_WORKER": "1"}


class Coordinator:
    """The nightly run's side of the queue: queues the clients, runs `workers` local worker
    processes (each recycled after `max_jobs` jobs; the first start with the first job queued)
    and waits until every job of the run has finished, wherever it ran. With workers=0 only
    workers elsewhere take the jobs. `stop()` afterwards, whatever happened."""

    def __init__(self, *, today: datetime.date, workers: int, log: Callable[[str], object],
                 max_jobs: int | None = None) -> None:
        self.today, self.workers, self.log = today, workers, log
        self.max_jobs = max_jobs or settings.RETENTION_WORKER_MAX_JOBS
        self.queued = 0
        self.processes: list[subprocess.Popen[bytes]] = []

    def client_job(self, client_id: int, run_id: str) -> None:
        lock = client_lock(client_id)
        try:
            with transaction.atomic():  # a refused duplicate spoils nothing around it
                retention_client.configure(lock=lock, queueing_lock=lock).defer(
                    client_id=client_id, today=self.today.isoformat(), run_id=run_id)
        except procrastinate_exceptions.AlreadyEnqueued:
            self.log(f"client #{client_id}: already queued")
            return
        self.queued += 1
        if len(self.processes) < self.workers or self.queued % WORKERS_CHECK_EVERY == 0:
            self._workers_start(self.queued)  # the workers begin while the rest is still being looked at

    def _workers_start(self, jobs_waiting: int) -> None:
        """Local worker processes up to `workers` (at most one per waiting job). A worker leaves
        after max_jobs jobs (its memory with it) or when the queue is empty; another takes its place."""
        self.processes = [p for p in self.processes if p.poll() is None]
        while len(self.processes) < min(self.workers, jobs_waiting):
            command, environment = worker_command(self.max_jobs), worker_environment()
            self.processes.append(subprocess.Popen(command, env=environment, cwd=settings.BASE_DIR))  # noqa: S603

    def stop(self) -> None:
        """Local workers still running (the run failed or was interrupted) finish the job they
        have and stop; the jobs left in the queue are the next run's (`stalled_jobs_fail`)."""
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            process.wait()

    def jobs_done(self, summary: RunSummary) -> None:
        self.log(f"{self.queued} clients queued as jobs; {self.workers} local worker processes")
        checked = time.monotonic()
        try:
            while (remaining := _remaining(summary.run_id)):
                if time.monotonic() - checked > STALLED_CHECK_SECONDS:
                    # A worker died under one of this run's jobs: that job is failed (the client
                    # is reported and done again by the next run), the rest go on.
                    _fail(_stalled(summary.run_id))
                    checked = time.monotonic()
                self._workers_start(remaining)
                time.sleep(POLL_SECONDS)
        finally:
            self.stop()
        run = RetentionRun.objects.get(run_id=summary.run_id)
        done = (run.summary or {}).get("jobs") or {}
        for key in COUNTED:
            setattr(summary, key, getattr(summary, key) + int(done.get(key, 0)))
        seen = set(summary.failures)  # the coordinator's own, already there
        for failure in RunFailure.objects.filter(run=run).order_by("at"):
            line = f"client #{failure.client_ref}: FAILED at {failure.stage}: {failure.error}"[:500]
            if line not in seen:
                summary.failures.append(line)
        for client_id in _failed(summary.run_id):
            summary.errors += 1
            line = f"client #{client_id}: FAILED: its job failed (see the job queue)"
            summary.failures.append(line)
            self.log(line)
