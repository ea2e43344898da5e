"""manage.py task_digest [--dry-run] [--today YYYY-MM-DD]

The daily email digest of each worker's task list (the dashboard's): one email per worker with
open tasks, in their language, counts and links only. Run once a day from cron or a systemd timer
(README). Lives in the top app so that every app's kinds of work are loaded (core.tasks)."""

import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clients.services.digest import task_digest_send
from core.scope import system_scope

from .retention_run import iso_date


class Command(BaseCommand):
    help = "Email each worker with open tasks a digest of their task list (counts and links only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="send nothing; list who would get what")
        parser.add_argument("--today", type=iso_date, default=None, help="as on this day (YYYY-MM-DD)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        # Who the workers are needs the whole system; each one's tasks are read in their own scope.
        with system_scope(self.stdout.write):
            return self.handle_in_system_scope(*args, **options)

    def handle_in_system_scope(self, *args, **options):  # type: ignore[no-untyped-def]
        today = options["today"] or timezone.localdate()
        now = timezone.now() if options["today"] is None else timezone.make_aware(
            datetime.datetime.combine(today, datetime.time(7, 0)))
        result = task_digest_send(today=today, now=now, dry_run=options["dry_run"], log=self.stdout.write)
        self.stdout.write(
            f"Task digest {today:%Y-%m-%d}{' (dry run)' if options['dry_run'] else ''}: {result.sent} sent, "
            f"{result.without_tasks} without open tasks, {result.without_email} without an email address, "
            f"{len(result.failed)} failed")
        if result.failed:
            raise CommandError(f"could not send to: {', '.join(result.failed)}")
