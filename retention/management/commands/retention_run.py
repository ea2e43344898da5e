"""manage.py retention_run [--dry-run] [--today YYYY-MM-DD] [--json] [--workers N]

The nightly job (CONTRACT.md). Takes the run lock, runs retention.services.retention_run with
progress lines on stdout and prints the summary last (with --json, one JSON object).
Exit status: 0 done, 1 some client failed (recorded; the rest went on), 3 another run holds
the lock.

--workers N: the clients to hand over or anonymise become jobs on the job engine
(retention/jobs.py); N local worker processes take them (0: only workers started elsewhere, e.g.
under systemd on other machines); the command waits for every job and reports them all. Without
the flag, or with SQLite, everything runs in this process as before."""

import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.scope import system_scope
from retention.services import RunLocked, retention_run, run_lock

EXIT_FAILED = 1
EXIT_LOCKED = 3


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Hand over, purge and report what retention rules make due (the nightly run)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="change nothing; list what would happen")
        parser.add_argument("--today", type=iso_date, default=None,
                            help="run as on this day (YYYY-MM-DD); default: today")
        parser.add_argument("--json", action="store_true", help="print the summary as one JSON object last")
        parser.add_argument("--workers", type=int, default=None, metavar="N",
                            help="queue handoffs and purges as jobs and run N local worker processes "
                                 "(0: workers elsewhere take them)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        # Every register's rows (row-level security), said on stdout; beside --json, on stderr.
        with system_scope(self.stderr.write if options.get("json") else self.stdout.write):
            return self.handle_in_system_scope(*args, **options)

    def handle_in_system_scope(self, *args, **options):  # type: ignore[no-untyped-def]
        today = options["today"] or timezone.localdate()
        workers = options.get("workers")
        if workers is not None and workers < 0:
            raise CommandError("--workers must be 0 or more")
        if workers is not None and not settings.JOB_ENGINE:
            self.stdout.write("The job engine needs PostgreSQL: with SQLite this run does its jobs itself.")
            workers = None
        try:
            with run_lock():
                jobs: dict = {}
                if workers is not None and not options["dry_run"]:
                    from retention.jobs import Coordinator, stalled_jobs_fail

                    stalled_jobs_fail(self.stdout.write)
                    coordinator = Coordinator(today=today, workers=workers, log=self.stdout.write)
                    jobs = {"client_job": coordinator.client_job, "jobs_done": coordinator.jobs_done}
                try:
                    summary = retention_run(today=today, dry_run=options["dry_run"], log=self.stdout.write, **jobs)
                finally:
                    if jobs:
                        coordinator.stop()  # workers it started while looking at the clients
        except RunLocked:
            raise CommandError("Another retention run is in progress (it holds the lock); this one did nothing.",
                               returncode=EXIT_LOCKED) from None
        if options["json"]:
            self.stdout.write(json.dumps(summary.contract()))
        else:
            self.stdout.write(" ".join(f"{key}={value}" for key, value in summary.contract().items()))
        if summary.errors:
            raise CommandError(f"{summary.errors} failed; the run went on with the rest (see the run's failures).",
                               returncode=EXIT_FAILED)
