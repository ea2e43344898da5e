"""manage.py retention_forecast [--months N] [--json] [--today YYYY-MM-DD]

Per calendar month ahead, how many clients fall due, per deciding rule; and how many are due
already but still here (held, awaiting a receipt, failed)."""

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from clients.models import Client
from core.scope import system_scope
from retention.selectors import retention_forecast

from .retention_run import iso_date


class Command(BaseCommand):
    help = "How many clients fall due per month in the coming months, per rule."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--months", type=int, default=12, help="months ahead, this one first (default 12)")
        parser.add_argument("--json", action="store_true", help="one JSON object")
        parser.add_argument("--today", type=iso_date, default=None, help="as on this day (YYYY-MM-DD)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        # Every register's rows (row-level security), said on stdout; beside --json, on stderr.
        with system_scope(self.stderr.write if options.get("json") else self.stdout.write):
            return self.handle_in_system_scope(*args, **options)

    def handle_in_system_scope(self, *args, **options):  # type: ignore[no-untyped-def]
        if not 1 <= options["months"] <= 240:
            raise CommandError("--months must be between 1 and 240.")
        today = options["today"] or timezone.localdate()
        forecast = retention_forecast(Client.objects.all(), today=today, months=options["months"])
        if options["json"]:
            self.stdout.write(json.dumps(forecast.as_dict(), ensure_ascii=False))
            return
        names = {rule.pk: rule.code for rule in forecast.rules}
        self.stdout.write(f"Retention forecast from {today:%Y-%m-%d}")
        self.stdout.write(f"already due: {forecast.already_due_total}" + "".join(
            f"  {names[pk]}={n}" for pk, n in sorted(forecast.already_due.items())))
        for month in forecast.months:
            self.stdout.write(f"{month.first_day:%Y-%m}: {month.total}" + "".join(
                f"  {names[pk]}={n}" for pk, n in sorted(month.counts.items())))
