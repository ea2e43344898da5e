"""manage.py retention_receipt --handoff ID --reference REF [--received-on YYYY-MM-DD]
manage.py retention_receipt --file RECEIPT.json

Phase 2 of an archive handoff: record the receiving archive's receipt, after which the next run
may purge the client. A receipt file is a JSON object, or a list of them:
    {"handoff": 12, "package_sha256": "<SHA-256 of the package's manifest.json>",
     "reference": "KA/2026/123", "received_on": "2026-11-23"}
A file must state the package's checksum: the receipt then proves which package arrived."""

import json
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.scope import system_scope
from retention.models import ArchiveHandoff
from retention.services import handoff_receipt_record, system_actor

from .retention_run import iso_date


class Command(BaseCommand):
    help = "Record an archive's receipt for a handed-over package."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--handoff", type=int, help="the handoff's number")
        parser.add_argument("--reference", help="the archive's receipt reference")
        parser.add_argument("--received-on", type=iso_date, default=None, help="YYYY-MM-DD; default today")
        parser.add_argument("--file", type=Path, help="a receipt file (JSON) from the archive")
        parser.add_argument("--recorded-by", help="username of the person recording it (default: the run's user)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        # Every register's rows (row-level security), said on stdout; beside --json, on stderr.
        with system_scope(self.stderr.write if options.get("json") else self.stdout.write):
            return self.handle_in_system_scope(*args, **options)

    def handle_in_system_scope(self, *args, **options):  # type: ignore[no-untyped-def]
        if bool(options["file"]) == bool(options["handoff"]):
            raise CommandError("Give either --handoff ID --reference REF, or --file RECEIPT.json.")
        actor = system_actor()
        if options["recorded_by"]:
            actor = User.objects.filter(username=options["recorded_by"]).first()
            if actor is None:
                raise CommandError(f"No user {options['recorded_by']!r}.")
        if options["file"]:
            try:
                receipts = json.loads(options["file"].read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read the receipt file: {exc}") from exc
            receipts = receipts if isinstance(receipts, list) else [receipts]
        else:
            if not options["reference"]:
                raise CommandError("Give the archive's receipt reference with --reference.")
            receipts = [{"handoff": options["handoff"], "reference": options["reference"],
                         "received_on": options["received_on"].isoformat() if options["received_on"] else None}]
        failed = 0
        for receipt in receipts:
            try:
                self.record(receipt, actor=actor, from_file=bool(options["file"]))
            except (CommandError, ValidationError) as exc:
                failed += 1
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                self.stderr.write(f"handoff {receipt.get('handoff')}: {message}")
        if failed:
            raise CommandError(f"{failed} of {len(receipts)} receipts were not recorded.")

    def record(self, receipt: dict, *, actor: User, from_file: bool) -> None:
        if not isinstance(receipt, dict):
            raise CommandError("a receipt must be a JSON object")
        number = receipt.get("handoff")
        handoff = ArchiveHandoff.objects.filter(pk=number).first() if isinstance(number, int) else None
        if handoff is None:
            raise CommandError("no such handoff")
        checksum = receipt.get("package_sha256")
        if from_file and not checksum:
            raise CommandError("the receipt file does not state the package's checksum (package_sha256)")
        received_on = iso_date(receipt["received_on"]) if receipt.get("received_on") else None
        handoff = handoff_receipt_record(handoff=handoff, reference=str(receipt.get("reference") or ""),
                                         actor=actor, received_on=received_on, package_sha256=checksum)
        self.stdout.write(f"handoff {handoff.pk}: receipt {handoff.receipt_reference} recorded "
                          f"({handoff.path}); the client may now be purged")
