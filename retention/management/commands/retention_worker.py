"""manage.py retention_worker [--max-jobs N] [--until-empty] [--queue NAME ...]

A worker process for the job engine's jobs: the nightly run's (retention/jobs.py, queue
"retention") and the requests' heavy documents (requests/jobs.py, queue "documents"); both
unless --queue names one. Takes one job at a time from the queue in PostgreSQL, in the system
scope, on one database session kept from job to job, and leaves after --max-jobs jobs so
whatever its jobs left in memory goes with it; systemd (Restart=always) or
`retention_run --workers N` starts the next one. Any number may run, on any machine that
reaches the database. Stops cleanly on SIGTERM after the job in hand."""

import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from core.scope import SYSTEM_SCOPE_LINE

QUEUES = ("retention", "documents")  # retention.jobs.QUEUE, requests.jobs.QUEUE


def connection_keep_or_close() -> None:
    """Before and after each job: the job thread's connection stays open from job to job (a new
    connection is a new PostgreSQL backend whose catalogue caches start cold: that cost more
    database time per job than the job's own queries). The job put its scope back on leaving
    (core.scope.system_scope). As Django does around a request: a connection left inside a
    transaction or after an error that left it unusable goes, its scope with it, one older than
    CONN_MAX_AGE goes, and the next job's first query checks the rest (CONN_HEALTH_CHECKS), so a
    database restarted between jobs costs no job."""
    if connection.connection is None:
        return
    if connection.in_atomic_block or connection.needs_rollback:
        connection.close()
        return
    connection.close_if_unusable_or_obsolete()


class Command(BaseCommand):
    help = "Run a worker for the job engine's jobs: the nightly retention run's and the requests' heavy documents."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--max-jobs", type=int, default=None,
                            help="leave after this many jobs (default: RETENTION_WORKER_MAX_JOBS)")
        parser.add_argument("--until-empty", action="store_true", help="leave when the queue is empty")
        parser.add_argument("--queue", action="append", choices=QUEUES, default=None,
                            help="take jobs of this queue only (repeatable; default: all of them)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.JOB_ENGINE:
            raise CommandError("The job engine needs PostgreSQL (DATABASE_URL); with SQLite the nightly run does "
                               "its jobs itself.")
        from procrastinate.contrib.django import app
        from procrastinate.contrib.django.django_connector import DjangoConnector

        max_jobs = options["max_jobs"] or settings.RETENTION_WORKER_MAX_JOBS
        queues = options.get("queue") or list(QUEUES)
        done = [0]
        counting = threading.Lock()

        def recycle(call_next: Any, context: Any, worker: Any) -> Any:
            connection_keep_or_close()
            try:
                return call_next()
            finally:
                connection_keep_or_close()
                with counting:
                    done[0] += 1
                    if done[0] >= max_jobs:
                        worker.stop()

        # Each job sets the system scope on its own connection (retention.jobs.retention_client,
        # requests.jobs.request_document).
        self.stdout.write(SYSTEM_SCOPE_LINE)
        self.stdout.write(f"Retention worker: queues {', '.join(queues)}, leaving after {max_jobs} jobs"
                          + (" or when the queue is empty" if options["until_empty"] else ""))
        assert isinstance(app.connector, DjangoConnector)
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(queues=queues, wait=not options["until_empty"], task_middleware=[recycle])
        self.stdout.write(f"Retention worker: {done[0]} jobs done, leaving")
