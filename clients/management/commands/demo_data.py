"""manage.py demo_data [--clients N] [--seed S] [--once]

Fills every app with demo data: each installed app of ours that has a `demo` module with a
`populate(ctx, ...)` function adds its part, in INSTALLED_APPS order (clients first), so the
dependency direction between apps stays one-way.
"""

import importlib
import random
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clients import demo
from core.scope import system_scope

ACCOUNTS_FILE = Path(settings.BASE_DIR) / ".tmp" / "demo-accounts.txt"
OUR_APPS = ("clients", "consents", "requests", "retention")


class Command(BaseCommand):
    help = "Create demo controllers, registers, one account per role and N clients."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--clients", type=int, default=200, help="number of clients (default 200)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--once", action="store_true",
                            help="do nothing but print the accounts if demo data already exists")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        # Every register's rows (row-level security), said on stdout; beside --json, on stderr.
        with system_scope(self.stderr.write if options.get("json") else self.stdout.write):
            return self.handle_in_system_scope(*args, **options)

    def handle_in_system_scope(self, *args, **options):  # type: ignore[no-untyped-def]
        if options["clients"] < 0:
            raise CommandError("--clients must be zero or more.")
        if demo.demo_exists():
            if options["once"]:
                self.stdout.write("Demo data already loaded.")
                if ACCOUNTS_FILE.exists():
                    self.stdout.write(ACCOUNTS_FILE.read_text())
                return
            raise CommandError("Demo data already exists (user 'admin'). Use a fresh database.")
        ctx = demo.DemoContext(seed=options["seed"], today=timezone.localdate(),
                               rng=random.Random(options["seed"]), log=self.stdout.write)
        for label in OUR_APPS:
            module_name = f"{apps.get_app_config(label).name}.demo"
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            self.stdout.write(f"{label}: demo data ...")
            module.populate(ctx, clients=options["clients"])
        text = demo.accounts_text(ctx.accounts)
        ACCOUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
        ACCOUNTS_FILE.write_text(text + "\n")
        ACCOUNTS_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(f"Demo data created: {options['clients']} clients."))
        self.stdout.write(text)
