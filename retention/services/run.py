"""The nightly retention run: hand over what must be archived, purge what is due, report.

Stages per client, each checkable on its own: the due date (selectors.client_retention), the
hold check, the archive package (built, read back, recorded; later the receipt), verification
of the package against its checksum and the database, then the purge in its own transaction.

- Idempotent and resumable: every client's step commits on its own, so a rerun after a crash
  starts where the last one stopped; a package already built is reused, never rebuilt.
- A client that fails is recorded (RunFailure), skipped, and the rest go on.
- `dry_run` writes nothing at all (not even a run row) and says what would happen.
- Logs name clients by number only: the log file is not another copy of the register.
- The caller holds the run lock (services.lock.run_lock); the management command does."""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from clients.models import AccessEntry, Client, Register

from ..constants import Action, FailureStage, HandoffStatus, RecordKind
from ..models import ArchiveHandoff, RetentionRule, RetentionRun, RunFailure, add_period
from ..selectors import (
    BATCH_SIZE,
    KEPT_LOG_ROWS,
    CaseRetention,
    HoldReason,
    Holds,
    RetentionStatus,
    access_log_rules,
    case_retentions,
    client_file_rules,
    document_rules,
    documents_due,
    holds_in_force,
    kept_log_rows_due,
    log_rules,
    open_handoffs,
    retention_statuses,
)
from . import package
from .actors import system_actor
from .handoff import (
    HandoffStale,
    case_handoff_build,
    case_handoff_check,
    handoff_build,
    handoff_check,
    handoff_supersede,
    open_case_handoff,
)
from .package import PackageInvalid
from .purge import (
    ClientsHeld,
    case_records_purge,
    cases_records_purge_chunk,
    client_anonymise,
    clients_purge,
    clients_purge_chunk,
    documents_purge,
    needles_for,
    pending_files_remove,
    purged_packages_remove,
    scrub,
)

CONTRACT_KEYS = ("today", "dry_run", "due", "handed_off", "awaiting_receipt", "purged", "held", "errors")
PURGE_CHUNK = 500
PROGRESS_EVERY = 10_000


@dataclass
class RunSummary:
    today: datetime.date
    dry_run: bool
    due: int = 0
    handed_off: int = 0
    awaiting_receipt: int = 0
    purged: int = 0
    held: int = 0
    errors: int = 0
    # Beyond the contract's JSON: in the run row and the progress lines.
    checked: int = 0
    waiting: int = 0
    no_rule: int = 0
    stale_packages: int = 0
    access_entries_removed: int = 0
    kept_logs_removed: int = 0
    cases_removed: int = 0
    documents_removed: int = 0
    run_id: str = ""
    failures: list[str] = field(default_factory=list)

    def contract(self) -> dict:
        """Exactly the JSON object CONTRACT.md promises, in its order."""
        values = asdict(self)
        values["today"] = self.today.isoformat()
        return {key: values[key] for key in CONTRACT_KEYS}

    def stored(self) -> dict:
        values = asdict(self)
        values["today"] = self.today.isoformat()
        return values


class _Run:
    def __init__(self, *, today: datetime.date, dry_run: bool, log: Callable[[str], object],
                 purge_chunk: int) -> None:
        self.today, self.dry_run, self.log, self.purge_chunk = today, dry_run, log, purge_chunk
        self.summary = RunSummary(today=today, dry_run=dry_run)
        self.run: RetentionRun | None = None
        self.actor: User | None = None
        self.holds = Holds()
        # (rule pk, register pk) -> delete-only clients waiting to be purged in one chunk
        self.pending: dict[tuple[int, int], list[Client]] = defaultdict(list)
        self.rules: dict[int, RetentionRule] = {}
        # Set by `retention_run(client_job=...)`: a client to archive or anonymise is a job.
        self.client_job: Callable[[int, str], object] | None = None
        self.case_rules: list[RetentionRule] = []
        # (rule pk, register pk, service task) -> (client, case) removed without a handoff, in one chunk
        self.pending_cases: dict[tuple[int, int, str], list[tuple[int, int]]] = defaultdict(list)
        self.registers: dict[int, tuple[str, int]] = {}
        # Dry run: clients to hand over, looked at a batch at a time (their open handoffs in one
        # query per batch, not one per client).
        self.dry_archive: list[tuple[Client, RetentionStatus, bool]] = []
        # Clients with a case package still open (built, not yet removed with the case's records):
        # read once per run, so a due client costs no query of its own for it.
        self.open_case_clients: set[int] = set()

    # Bookkeeping --------------------------------------------------------------------------

    def fail(self, stage: str, exc: BaseException, client: Client | None = None,
             client_ref: int | None = None) -> None:
        self.summary.errors += 1
        ref = client.pk if client is not None else client_ref
        text = f"{type(exc).__name__}: {exc}"
        if client is not None:
            text = scrub(text, needles_for([client]))
        line = f"client #{ref}: FAILED at {stage}: {text}" if ref else f"FAILED at {stage}: {text}"
        self.summary.failures.append(line[:500])
        self.log(line)
        if self.run is not None:
            RunFailure.objects.create(run=self.run, client_ref=ref, stage=stage, error=text[:5000],
                                      at=timezone.now())

    def held(self, client: Client, reason: str) -> None:
        self.summary.held += 1
        self.log(f"client #{client.pk}: due but held ({HoldReason.LABELS[reason]}), not purged")

    # Steps --------------------------------------------------------------------------------

    def start(self) -> None:
        label = " (dry run: nothing is changed)" if self.dry_run else ""
        self.log(f"Retention run for {self.today:%Y-%m-%d}{label}")
        if not self.dry_run:
            self.died_runs_mark_failed()
            self.run = RetentionRun.objects.create(today=self.today, dry_run=False, started_at=timezone.now())
            self.summary.run_id = str(self.run.run_id)
            self.actor = system_actor()
            leftovers = package.incoming_clear()
            files = pending_files_remove()
            packages = purged_packages_remove()
            if leftovers or files or packages:
                self.log(f"cleaned up after an earlier run: {leftovers} half-written packages, {files} files, "
                         f"{packages} packages of purged clients")
        self.holds = holds_in_force(today=self.today)
        self.open_case_clients = _open_case_clients(ArchiveHandoff.objects.all())

    def died_runs_mark_failed(self) -> None:
        """A run still unfinished when the next one holds the lock died (kill -9, a lost machine):
        mark it failed, with the time it stopped as the last thing it wrote."""
        for dead in RetentionRun.objects.filter(finished_at__isnull=True, dry_run=False):
            marks = [dead.started_at]
            marks += [m for m in (
                dead.failures.order_by("-at").values_list("at", flat=True).first(),
                dead.purge_records.order_by("-purged_at").values_list("purged_at", flat=True).first(),
                dead.handoffs.order_by("-created_at").values_list("created_at", flat=True).first(),
            ) if m is not None]
            stopped = max(marks)
            dead.finished_at = stopped
            dead.summary = {**(dead.summary or {}), "status": "failed", "stopped_at": stopped.isoformat(),
                            "note": "died before it finished; marked failed by the next run"}
            dead.save(update_fields=["finished_at", "summary"])
            self.log(f"run {str(dead.run_id)[:8]} of {dead.today:%Y-%m-%d} died; marked failed "
                     f"(stopped at {stopped:%Y-%m-%d %H:%M:%S})")

    def client(self, client: Client, status: RetentionStatus) -> None:
        summary = self.summary
        if status.no_rule:
            summary.no_rule += 1
            return
        due = status.is_due(self.today)
        hand_over = status.handoff_on is not None and status.handoff_on <= self.today
        if not due:
            if status.waiting_for:
                summary.waiting += 1
            self.cases(client)
            if not hand_over:
                return
        if due:
            summary.due += 1
        reason = self.holds.reason(client)
        if reason:
            if due:
                self.held(client, reason)
            return
        if due and self.case_package_waits(client):
            return
        assert status.rule is not None
        self.rules[status.rule.pk] = status.rule
        if self.client_job is not None and (status.archive is not None or status.final_action == Action.ANONYMISE):
            self.client_job(client.pk, self.summary.run_id)  # its handoff and purge: retention_client_part
            return
        if status.archive is not None:
            self.archive_client(client, status, due=due)
        elif status.final_action == Action.ANONYMISE:
            self.purge_one(client, status, handoff=None)
        else:
            key = (status.rule.pk, client.register_id)
            self.pending[key].append(client)
            if len(self.pending[key]) >= self.purge_chunk:
                self.flush(key)

    def cases(self, client: Client) -> None:
        """Retention per case: a client who stays loses the records of each closed case whose
        own period has run out (one transaction for the client, a purge record per case). A
        case whose rule archives is first handed over on its own (`archive_case`)."""
        due = [c for c in case_retentions(client, self.case_rules, register=self.registers[client.register_id],
                                          cases=list(client.cases.all())) if c.is_due(self.today)]
        if not due:
            return
        if self.holds.reason(client):
            return
        handoffs: dict[int, ArchiveHandoff] = {}
        ready = []
        for c in due:
            if c.archive is None:
                ready.append(c)
                continue
            go, handoff = self.archive_case(client, c)
            if go:
                if handoff is not None:
                    handoffs[c.case.pk] = handoff
                ready.append(c)
        if not ready:
            return
        if self.dry_run:
            for c in ready:
                assert c.rule is not None
                self.summary.cases_removed += 1
                self.log(f"client #{client.pk}: would remove the records of case #{c.case.pk} "
                         f"({c.case.service_task}, rule {c.rule.code})")
            return
        # Cases without a package go in chunks of many clients (`flush_cases`), as delete-only
        # clients do; a case handed over goes with its handoff, for its client alone.
        for c in [c for c in ready if c.case.pk not in handoffs and c.rule is not None]:
            assert c.rule is not None
            self.rules[c.rule.pk] = c.rule
            key = (c.rule.pk, client.register_id, c.case.service_task)
            self.pending_cases[key].append((client.pk, c.case.pk))
            if len(self.pending_cases[key]) >= self.purge_chunk:
                self.flush_cases(key)
        ready = [c for c in ready if c.case.pk in handoffs]
        if not ready:
            return
        try:
            records = case_records_purge(
                client_id=client.pk, cases=[(c.case.pk, c.rule) for c in ready if c.rule is not None],
                today=self.today, run=self.run, handoffs=handoffs)
        except ClientsHeld:
            self.held(client, HoldReason.LEGAL_HOLD)
            return
        except Exception as exc:
            self.fail(FailureStage.PURGE, exc, client)
            return
        self.summary.cases_removed += len(records)
        for record in records:
            self.log(f"client #{client.pk}: removed the records of a closed {record.case_service_task} case "
                     f"(rule {record.rule_code})")

    def case_package_waits(self, client: Client) -> bool:
        """A client due to be purged while a case of it has a package of its own still open: the
        case goes first, as designed (`cases`: verified against its package once received, our
        copy removed with it); while that package awaits the archive's receipt the client is not
        purged, counted and logged as awaiting the receipt like a client package. Otherwise the
        purge would leave the case's package on disk, unconfirmed."""
        if client.pk not in self.open_case_clients:
            return False
        open_cases = ArchiveHandoff.objects.filter(
            client_ref=client.pk, case_ref__isnull=False,
            status__in=[HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY])
        counted = self.summary.awaiting_receipt
        self.cases(client)
        waiting = list(open_cases.filter(status=HandoffStatus.AWAITING_RECEIPT).values_list("path", flat=True))
        if not self.dry_run:
            # A received case package whose records could not go now (a failure, a stale package
            # rebuilt) keeps the client too: its purge would leave the package behind.
            waiting += list(open_cases.filter(status=HandoffStatus.READY).values_list("path", flat=True))
        if not waiting:
            return False
        if self.summary.awaiting_receipt == counted:
            self.summary.awaiting_receipt += 1
        self.log(f"client #{client.pk}: due, but not purged yet: its case package {', '.join(waiting)} "
                 "awaits the archive's receipt or is not yet removed")
        return True

    def archive_case(self, client: Client, due: CaseRetention) -> tuple[bool, ArchiveHandoff | None]:
        """One closed case to hand over on its own: its package built (or the live one reused),
        then, once received (or when no receipt is needed), verified against its checksum and the
        case's current records. (whether its records may go now, the handoff to purge with; a dry
        run may answer yes without a handoff: it builds none)."""
        archive = due.archive
        assert archive is not None
        rule, case = archive.rule, due.case
        if self.dry_run:
            handoff = open_case_handoff(case)
            if handoff is None:
                self.summary.handed_off += 1
                self.log(f"client #{client.pk}: would hand the records of case #{case.pk} over to "
                         f"{rule.archive_name}")
                if rule.receipt_required:
                    self.summary.awaiting_receipt += 1
                    return False, None
                return True, None
            if handoff.status == HandoffStatus.AWAITING_RECEIPT:
                self.summary.awaiting_receipt += 1
                return False, None
            return True, handoff
        assert self.actor is not None
        try:
            handoff, built = case_handoff_build(case=case, rule=rule, today=self.today, run=self.run,
                                                actor=self.actor)
        except Exception as exc:
            self.fail(FailureStage.HANDOFF, exc, client)
            return False, None
        if built:
            self.summary.handed_off += 1
            self.log(f"client #{client.pk}: records of case #{case.pk} handed over to {rule.archive_name} "
                     f"(package {handoff.path})")
        if handoff.status == HandoffStatus.AWAITING_RECEIPT:
            self.summary.awaiting_receipt += 1
            self.log(f"client #{client.pk}: awaiting the archive's receipt for {handoff.path}")
            return False, None
        try:
            case_handoff_check(handoff, case)
        except HandoffStale:
            self.summary.stale_packages += 1
            handoff_supersede(handoff=handoff, actor=self.actor)
            self.log(f"client #{client.pk}: records of case #{case.pk} changed since {handoff.path} was built; "
                     "building a new package")
            return self.archive_case(client, due)
        except (PackageInvalid, OSError) as exc:
            self.fail(FailureStage.VERIFY, exc, client)
            return False, None
        return True, handoff

    def archive_client(self, client: Client, status: RetentionStatus, *, due: bool) -> None:
        archive = status.archive
        assert archive is not None
        rule = archive.rule
        if self.dry_run:
            self.dry_archive.append((client, status, due))
            if len(self.dry_archive) >= BATCH_SIZE:
                self.dry_archive_flush()
            return
        assert self.actor is not None
        try:
            handoff, built = handoff_build(client=client, rule=rule, today=self.today, run=self.run,
                                           actor=self.actor)
        except Exception as exc:
            self.fail(FailureStage.HANDOFF, exc, client)
            return
        if built:
            self.summary.handed_off += 1
            self.log(f"client #{client.pk}: handed over to {rule.archive_name} (package {handoff.path})")
        if not due:
            return
        if handoff.status == HandoffStatus.AWAITING_RECEIPT:
            self.summary.awaiting_receipt += 1
            self.log(f"client #{client.pk}: awaiting the archive's receipt for {handoff.path}")
            return
        try:
            handoff_check(handoff, client)
        except HandoffStale:
            # The client file changed after the package was built: the archive must get the
            # current one before anything is deleted.
            self.summary.stale_packages += 1
            handoff_supersede(handoff=handoff, actor=self.actor)
            self.log(f"client #{client.pk}: data changed since {handoff.path} was built; building a new package")
            self.archive_client(client, status, due=due)
            return
        except (PackageInvalid, OSError) as exc:
            self.fail(FailureStage.VERIFY, exc, client)
            return
        self.purge_one(client, status, handoff=handoff)

    def dry_archive_flush(self) -> None:
        waiting, self.dry_archive = self.dry_archive, []
        handoffs = open_handoffs(client.pk for client, _status, _due in waiting)
        for client, status, due in waiting:
            self.archive_dry_run(client, status, due=due, handoff=handoffs.get(client.pk))

    def archive_dry_run(self, client: Client, status: RetentionStatus, *, due: bool,
                        handoff: ArchiveHandoff | None) -> None:
        archive = status.archive
        assert archive is not None
        if handoff is None:
            self.summary.handed_off += 1
            self.log(f"client #{client.pk}: would hand over to {archive.rule.archive_name}")
            if not due:
                return
            if archive.rule.receipt_required:
                self.summary.awaiting_receipt += 1
                return
        elif not due:
            return
        elif handoff.status == HandoffStatus.AWAITING_RECEIPT:
            self.summary.awaiting_receipt += 1
            self.log(f"client #{client.pk}: awaiting the archive's receipt for {handoff.path}")
            return
        else:
            try:
                package.package_verify(relative_path=handoff.path, package_sha256=handoff.package_sha256)
            except (PackageInvalid, OSError) as exc:
                self.fail(FailureStage.VERIFY, exc, client)
                return
        self.summary.purged += 1
        self.log(f"client #{client.pk}: would purge ({status.record_action}, rule {archive.rule.code})")

    def purge_one(self, client: Client, status: RetentionStatus, *, handoff: ArchiveHandoff | None) -> None:
        assert status.rule is not None
        if self.dry_run:
            self.summary.purged += 1
            self.log(f"client #{client.pk}: would purge ({status.record_action}, rule {status.rule.code})")
            return
        try:
            if status.final_action == Action.ANONYMISE:
                client_anonymise(client_id=client.pk, rule=status.rule, today=self.today, run=self.run,
                                 handoff=handoff)
            else:
                clients_purge(client_ids=[client.pk], rule=status.rule, action=status.record_action,
                              today=self.today, run=self.run, handoff=handoff)
        except ClientsHeld:
            self.held(client, HoldReason.LEGAL_HOLD)
            return
        except Exception as exc:
            self.fail(FailureStage.PURGE, exc, client)
            return
        self.summary.purged += 1
        self.log(f"client #{client.pk}: purged ({status.record_action}, rule {status.rule.code})")

    def flush(self, key: tuple[int, int]) -> None:
        clients = self.pending.pop(key, [])
        if not clients:
            return
        rule = self.rules[key[0]]
        if self.dry_run:
            self.summary.purged += len(clients)
            self.log(f"would purge {len(clients)} clients (delete, rule {rule.code}): "
                     + ", ".join(f"#{c.pk}" for c in clients[:20]) + (" ..." if len(clients) > 20 else ""))
            return
        try:
            clients_purge_chunk(client_ids=[c.pk for c in clients], rule=rule, today=self.today, run=self.run)
        except ClientsHeld as exc:
            held = set(exc.client_ids)
            for client in clients:
                if client.pk in held:
                    self.held(client, HoldReason.LEGAL_HOLD)
            self.pending[key] = [c for c in clients if c.pk not in held]
            self.flush(key)
            return
        except Exception as exc:
            if len(clients) == 1:
                self.fail(FailureStage.PURGE, exc, clients[0])
                return
            # One client spoils the chunk: purge one by one so the others still go.
            for client in clients:
                self.pending[key] = [client]
                self.flush(key)
            return
        self.summary.purged += len(clients)
        self.log(f"purged {len(clients)} clients (delete, rule {rule.code})")

    def flush_cases(self, key: tuple[int, int, str]) -> None:
        """Remove a chunk of closed cases' records (one rule, register and service task) in one
        transaction; a held client's cases are left out, and a failed chunk is retried one
        client at a time so one bad client does not hold up the rest."""
        cases = self.pending_cases.pop(key, [])
        if not cases:
            return
        rule = self.rules[key[0]]
        try:
            record = cases_records_purge_chunk(cases=cases, rule=rule, register_id=key[1], today=self.today,
                                               run=self.run)
        except ClientsHeld as exc:
            held = set(exc.client_ids)
            for client_id in sorted(held):
                self.summary.held += 1
                self.log(f"client #{client_id}: held ({HoldReason.LABELS[HoldReason.LEGAL_HOLD]}), "
                         "its closed cases' records not removed")
            self.pending_cases[key] = [(cl, ca) for cl, ca in cases if cl not in held]
            self.flush_cases(key)
            return
        except Exception as exc:
            clients = sorted({cl for cl, _ca in cases})
            if len(clients) == 1:
                self.fail(FailureStage.PURGE, exc, client_ref=clients[0])
                return
            for client_id in clients:
                self.pending_cases[key] = [(cl, ca) for cl, ca in cases if cl == client_id]
                self.flush_cases(key)
            return
        removed = record.counts.get("clients.Case (records removed, case kept)", 0) if record is not None else 0
        self.summary.cases_removed += removed
        if removed:
            self.log(f"removed the records of {removed} closed {key[2]} cases of clients who stay "
                     f"(rule {rule.code})")

    def flush_all(self) -> None:
        self.dry_archive_flush()
        for key in list(self.pending):
            self.flush(key)
        for case_key in list(self.pending_cases):
            self.flush_cases(case_key)

    def access_logs(self) -> None:
        """Access-log entries past their own retention (enforced access_logs rules)."""
        for rule in access_log_rules():
            cutoff = _latest_start_due_by(rule, self.today)
            entries = AccessEntry.objects.filter(at__lt=_day_start(cutoff + datetime.timedelta(days=1)))
            named = [r.pk for r in rule.registers.all()]
            if named:
                entries = entries.filter(client__register_id__in=named)
            elif rule.controller_id is not None:
                entries = entries.filter(client__register__controller_id=rule.controller_id)
            elif not rule.statutory:
                continue  # a rule of nobody's registers removes nothing
            if rule.register_kind and not named:
                entries = entries.filter(client__register__kind=rule.register_kind)
            entries = entries.exclude(client_id__in=list(self.holds.clients)).exclude(
                client__register_id__in=list(self.holds.registers))
            if self.dry_run:
                count = entries.count()
                self.log(f"would remove {count} access-log entries older than {cutoff:%Y-%m-%d} (rule {rule.code})")
                self.summary.access_entries_removed += count
                continue
            try:
                removed = 0
                while True:
                    ids = list(entries.order_by("pk").values_list("pk", flat=True)[:5000])
                    if not ids:
                        break
                    removed += AccessEntry.objects.filter(pk__in=ids).delete()[0]
                self.summary.access_entries_removed += removed
                self.log(f"removed {removed} access-log entries up to {cutoff:%Y-%m-%d} (rule {rule.code})")
            except Exception as exc:
                self.fail(FailureStage.ACCESS_LOGS, exc)

    def kept_logs(self) -> None:
        """Purged clients' logs (kept with the purge record's reference instead of the client)
        past their own period: each log kind's rules, counted from the row's own date. A
        register on hold keeps its purged clients' logs too."""
        for rule in log_rules():
            for rows in KEPT_LOG_ROWS.get(rule.record_kind, ()):
                queryset = kept_log_rows_due(rows, rule=rule, today=self.today,
                                             held_registers=set(self.holds.registers))
                if queryset is None:
                    continue
                label = rows.model._meta.verbose_name_plural
                if self.dry_run:
                    count = queryset.count()
                    self.summary.kept_logs_removed += count
                    self.log(f"would remove {count} {label} of purged clients (rule {rule.code})")
                    continue
                try:
                    removed = 0
                    content_type = ContentType.objects.get_for_model(rows.model, for_concrete_model=False)
                    while True:
                        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:5000])
                        if not ids:
                            break
                        with transaction.atomic(), disable_auditlog():
                            LogEntry.objects.filter(content_type=content_type,
                                                    object_pk__in=[str(pk) for pk in ids]).delete()
                            removed += rows.model._base_manager.filter(pk__in=ids).delete()[1].get(
                                rows.model._meta.label, 0)
                    self.summary.kept_logs_removed += removed
                    if removed:
                        self.log(f"removed {removed} {label} of purged clients (rule {rule.code})")
                except Exception as exc:
                    self.fail(FailureStage.KEPT_LOGS, exc)

    def documents(self) -> None:
        """Documents with their own period (client fee decisions) past it, counted from each
        document's own date, whatever happened to the case they are filed under: one
        transaction and purge record per register and chunk."""
        for rule in document_rules():
            by_register: dict[int, list[int]] = defaultdict(list)
            for pk, register_id in documents_due(rule, today=self.today, holds=self.holds).order_by(
                    "client__register_id", "pk").values_list("pk", "client__register_id"):
                by_register[register_id].append(pk)
            label = RecordKind(rule.record_kind).label
            for register_id, ids in by_register.items():
                if self.dry_run:
                    self.summary.documents_removed += len(ids)
                    self.log(f"would remove {len(ids)} documents ({label}, rule {rule.code})")
                    continue
                for start in range(0, len(ids), self.purge_chunk or PURGE_CHUNK):
                    part = ids[start:start + (self.purge_chunk or PURGE_CHUNK)]
                    try:
                        record = documents_purge(document_ids=part, rule=rule, register_id=register_id,
                                                 today=self.today, run=self.run)
                    except Exception as exc:
                        self.fail(FailureStage.PURGE, exc)
                        continue
                    removed = record.counts.get("clients.Document", 0) if record is not None else 0
                    self.summary.documents_removed += removed
                    if removed:
                        self.log(f"removed {removed} documents ({label}, rule {rule.code})")

    def finish(self) -> RunSummary:
        s = self.summary
        self.log(f"Done: {s.checked} clients checked, {s.due} due, {s.handed_off} handed over, "
                 f"{s.awaiting_receipt} awaiting receipt, {s.purged} purged, {s.held} held, {s.errors} failed"
                 f" ({s.waiting} waiting for a date, {s.no_rule} without an applicable rule;"
                 f" {s.cases_removed} closed cases' records removed while the client stays)")
        if self.run is not None:
            self.run.finished_at = timezone.now()
            self.run.summary = s.stored()
            self.run.save(update_fields=["finished_at", "summary"])
        return s


def _open_case_clients(handoffs: QuerySet[ArchiveHandoff]) -> set[int]:
    return set(handoffs.filter(case_ref__isnull=False, status__in=[HandoffStatus.AWAITING_RECEIPT,
                                                                     HandoffStatus.READY])
               .values_list("client_ref", flat=True))


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _latest_start_due_by(rule: RetentionRule, today: datetime.date) -> datetime.date:
    """The latest date whose period under `rule` has passed by `today`."""
    day = add_period(today, years=-rule.period_years, months=-rule.period_months) - datetime.timedelta(
        days=rule.period_days)
    while rule.due_from(day) > today:
        day -= datetime.timedelta(days=1)
    while rule.due_from(day + datetime.timedelta(days=1)) <= today:
        day += datetime.timedelta(days=1)
    return day


def retention_run(
    *, today: datetime.date, dry_run: bool, log: Callable[[str], object] = print,
    purge_chunk: int = PURGE_CHUNK, clients: Q | None = None,
    client_job: Callable[[int, str], object] | None = None,
    jobs_done: Callable[[RunSummary], object] | None = None,
) -> RunSummary:
    """Run retention for `today`. The caller holds the run lock. `clients` narrows the run to
    some clients (tests, a one-off); the nightly run looks at all of them. With `client_job`
    (retention/jobs.py) each client to hand over or anonymise is queued as a job with its number
    and the run's id instead of being done here, and `jobs_done` waits for those jobs and adds
    their counts to the summary before the logs' own retention."""
    run = _Run(today=today, dry_run=dry_run, log=log, purge_chunk=purge_chunk)
    run.client_job = None if dry_run else client_job
    run.start()
    rules = client_file_rules()
    if not rules:
        log("No active client-file retention rules: nothing to do.")
    run.case_rules = rules
    run.registers = {pk: (kind, controller) for pk, kind, controller
                     in Register.objects.values_list("pk", "kind", "controller_id")}
    queryset = Client.objects.all() if clients is None else Client.objects.filter(clients)
    statuses = retention_statuses(queryset, rules, today)
    while True:
        try:
            client, status = next(statuses)
        except StopIteration:
            break
        except Exception as exc:  # a rule that cannot be evaluated stops the pass, not the run
            run.fail(FailureStage.RULES, exc)
            break
        run.summary.checked += 1
        if run.summary.checked % PROGRESS_EVERY == 0:
            log(f"... {run.summary.checked} clients checked, {run.summary.due} due")
        run.client(client, status)
    run.flush_all()
    if run.client_job is not None and jobs_done is not None:
        jobs_done(run.summary)
    run.access_logs()
    run.kept_logs()
    run.documents()
    return run.finish()


def retention_client_part(
    *, client_id: int, today: datetime.date, run: RetentionRun | None, log: Callable[[str], object] = print,
) -> RunSummary:
    """One client's part of a run, as a job on the job engine does it (retention/jobs.py): the
    same checks and steps as the run itself (hold, handoff, verification, purge), so a job run
    twice, or again after a worker died half-way, finds the handoff and purge state in the
    database and carries on from there. A client already purged is nothing to do."""
    part = _Run(today=today, dry_run=False, log=log, purge_chunk=1)
    part.run, part.actor = run, system_actor()
    part.summary.run_id = str(run.run_id) if run is not None else ""
    part.holds = holds_in_force(today=today)
    part.open_case_clients = _open_case_clients(ArchiveHandoff.objects.filter(client_ref=client_id))
    rules = client_file_rules()
    part.case_rules = rules  # a case package still open is dealt with first (`case_package_waits`)
    part.registers = {pk: (kind, controller) for pk, kind, controller
                      in Register.objects.filter(clients__pk=client_id).values_list("pk", "kind", "controller_id")}
    for client, status in retention_statuses(Client.objects.filter(pk=client_id), rules, today):
        part.summary.checked += 1
        part.client(client, status)
    part.flush_all()
    return part.summary
