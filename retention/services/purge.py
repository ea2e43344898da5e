"""Purge: remove clients whose time has come, and everything hanging off them.

What it guarantees:
- All or nothing per call: the clients' rows, the rows owned by them (representatives, health
  information, cases, granted services, entries, plans, agreements, corrections, documents,
  disclosures, consents, prohibitions, requests, access-log entries, holds, ...: whatever
  `graph.related_objects` finds) and their change history go in ONE transaction. A crash or an
  error anywhere rolls all of it back; nothing is ever half-deleted.
- Stored document files are removed only after that transaction commits (a `FileRemoval` row
  is written inside it, so a crash right after the commit leaves a note the next run acts on).
- Change history goes with the data: django-auditlog is switched off for the purge (no entry
  per deleted row, and none that would copy the deleted values), the auditlog and admin history
  of every deleted row is deleted, and the client's name and identity code are scrubbed from the
  history of rows that stay (a breach that listed the client among those affected).
- A held client (legal hold, open data-subject request) is never purged: holds are checked
  again inside the transaction, after the client rows are locked.
- What remains is a `PurgeRecord` without personal data: rule, action, row counts per model,
  package checksum, run.

Two ways to the same result. `clients_purge` (one client per transaction: clients handed to an
archive) deletes with Django's Collector, loading every row. `clients_purge_chunk` (delete-only
clients, 500 of one rule and register per transaction) deletes by sets: the plan derived from
the models (graph.deletion_plan) gives every owned model, children first, and each is one
DELETE per chunk with its history deleted by the same subquery. A test purges twin clients both
ways and compares the counts. A chunk is still all or nothing; the run retries a failed chunk
one client at a time, so one bad client does not hold up the rest."""

import datetime
import json
import uuid
from collections import Counter
from collections.abc import Iterable
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection, models, router, transaction
from django.db.models import F, Lookup, Q
from django.db.models.deletion import Collector
from django.utils import timezone

from clients.models import (
    AccessEntry,
    BreachClientLink,
    BreachNotice,
    Case,
    Client,
    Disclosure,
    Document,
    EmergencyAccess,
    GrantedService,
    ServiceAgreement,
    ServiceEntry,
    ServicePlan,
)
from requests.models import DataSubjectRequest, DocumentJob, RequestNote

from ..constants import Action, HandoffStatus
from ..models import ArchiveHandoff, FileRemoval, PurgeRecord, RetentionRule, RetentionRun
from ..selectors import holds_in_force, own_period_document_kinds
from . import graph, package

CHUNK = 5000
SCRUBBED = "[poistettu]"  # "removed": what a scrubbed value reads as in change history

# Deleted before the client, because a PROTECT foreign key would stop the cascade otherwise:
# an entry PROTECTs the granted service it was recorded under, which the client's case owns.
DELETE_FIRST: tuple[tuple[type[models.Model], str], ...] = ((ServiceEntry, "client_id__in"),)

# Client fields that identify a person or an organisation, blanked when anonymising.
ANONYMISED_FIELDS = (
    "first_names", "last_name", "identity_code", "organisation_name", "business_id", "contact_person",
    "contact_phone", "street_address", "postal_code", "city", "municipality", "phone", "email",
    "payment_commitment_reference", "restriction_reason", "search_name", "sort_name",
)


class ClientsHeld(Exception):
    """A hold was placed on a client between the run's check and the purge."""

    def __init__(self, client_ids: list[int]):
        super().__init__(f"clients on hold: {client_ids}")
        self.client_ids = client_ids


class CasePackageOpen(Exception):
    """A case of the client has a package of its own that is not yet received and removed:
    purging the client would leave that package on disk, unconfirmed. The run looks first
    (`case_package_waits`); the purge services refuse as well, for any other caller."""

    def __init__(self, client_ids: list[int]):
        super().__init__(f"a case package of these clients awaits the archive's receipt: {client_ids}")
        self.client_ids = client_ids


def _chunks(values: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def needles_for(clients: Iterable[Client]) -> set[str]:
    """The strings that identify the clients, as change history would have written them."""
    found = set()
    for client in clients:
        for value in (client.display_name, str(client), f"{client.first_names} {client.last_name}",
                      client.identity_code, client.organisation_name, client.business_id):
            value = (value or "").strip()
            if len(value) >= 3:
                found.add(value)
    return found


def scrub(value: Any, needles: set[str]) -> Any:
    if isinstance(value, str):
        return SCRUBBED if any(n in value for n in needles) else value
    if isinstance(value, list):
        return [scrub(v, needles) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v, needles) for k, v in value.items()}
    return value


# Logs that outlive the client (issue 18): kept for their own period (the log-kind rules, applied
# by the nightly run), the client replaced by the purge record's reference. (model, texts that
# are scrubbed where they name the client, texts blanked whatever they say: a request's free
# texts are about the person; its type, dates, status and outcome stay.)
KEPT_LOGS: tuple[tuple[type[models.Model], tuple[str, ...], tuple[str, ...]], ...] = (
    (AccessEntry, ("detail", "purpose"), ()),
    (Disclosure, ("recipient_name", "content", "legal_basis"), ()),
    (DataSubjectRequest, (), ("requester_name", "description", "extension_reason", "decision",
                              "refusal_reasons", "redactions", "old_logs_reason")),
    (EmergencyAccess, ("reason", "review_note"), ()),
    (BreachNotice, (), ()),
    (BreachClientLink, (), ()),
)


def _like_patterns(needles: set[str], *, json_forms: bool = False) -> list[str]:
    """`LIKE ANY` patterns that match a text containing any needle (as `scrub` decides); with
    `json_forms` also as JSON writes it ("J\\u00e4lkinen" in history stored with ASCII escapes)."""
    forms = needles | {json.dumps(n)[1:-1] for n in needles} if json_forms else needles
    return ["%" + n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            for n in sorted(forms)]


def _keep_logs(client_ids: list[int], reference: uuid.UUID, needles: set[str], counts: Counter) -> None:
    """Detach the clients' log rows, each naming "<reference>:<n>" (n: the client's place among
    `client_ids`), with any text that names a client scrubbed and the history of the kept rows
    scrubbed too. On PostgreSQL one UPDATE per kind of log and chunk does all of it (texts
    scrubbed with `LIKE ANY`, the reference from the client's place in the array); only the
    change-history entries that name a client are loaded."""
    # Free texts in logs name a person as staff write them ("Jälkinen kaatui"): the last name
    # alone is a needle here too.
    needles = needles | {n for n in Client._base_manager.filter(pk__in=client_ids)
                         .values_list("last_name", flat=True) if n and len(n.strip()) >= 3}
    _notes_remove(client_ids)
    _document_jobs_remove(client_ids)
    if connection.vendor != "postgresql":
        _keep_logs_by_rows(client_ids, reference, needles, counts)
        return
    patterns = _like_patterns(needles)
    for model, scrubbed, blanked in KEPT_LOGS:
        table = model._meta.db_table
        sets = [f"{f} = CASE WHEN {f} <> '' AND {f} LIKE ANY(%(patterns)s::text[]) THEN %(scrubbed)s ELSE {f} END"
                for f in (_column(model, name) for name in scrubbed)]
        sets += [f"{f} = CASE WHEN {f} <> '' THEN %(scrubbed)s ELSE {f} END"
                 for f in (_column(model, name) for name in blanked)]
        sets += ["purged_client_ref = %(reference)s || ':' || array_position(%(ids)s::bigint[], client_id)",
                 "client_id = NULL"]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {', '.join(sets)} WHERE client_id = ANY(%(ids)s::bigint[])"  # noqa: S608
                f" RETURNING {model._meta.pk.column}",
                {"patterns": patterns, "scrubbed": SCRUBBED, "reference": str(reference), "ids": client_ids})
            kept_pks = [row[0] for row in cursor.fetchall()]
        if kept_pks:
            _scrub_history_of(model, kept_pks, needles)
        counts[f"{model._meta.label} (kept)"] += len(kept_pks)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field.column


def _keep_logs_by_rows(client_ids: list[int], reference: uuid.UUID, needles: set[str], counts: Counter) -> None:
    """`_keep_logs` row by row, for SQLite (the demo database)."""
    ordinal = {pk: n for n, pk in enumerate(client_ids, start=1)}
    for model, scrubbed, blanked in KEPT_LOGS:
        rows = model._base_manager.filter(client_id__in=client_ids)
        fields = (*scrubbed, *blanked)
        kept_pks: list[Any] = []
        for pk, *values in rows.values_list("pk", *fields).iterator():
            kept_pks.append(pk)
            changes = {f: scrub(v, needles) for f, v in zip(scrubbed, values, strict=False)}
            changes.update({f: SCRUBBED for f, v in zip(blanked, values[len(scrubbed):], strict=True) if v})
            changes = {f: v for f, v in changes.items() if v != values[fields.index(f)]}
            if changes:
                model._base_manager.filter(pk=pk).update(**changes)
        if not kept_pks:
            continue
        _scrub_history_of(model, kept_pks, needles)
        kept = 0
        for pk in client_ids:
            kept += model._base_manager.filter(client_id=pk).update(
                purged_client_ref=f"{reference}:{ordinal[pk]}", client=None)
        counts[f"{model._meta.label} (kept)"] += kept


def _notes_remove(client_ids: list[int]) -> None:
    """The handlers' internal notes on the clients' requests are free text about the person: they
    go with the client (the request itself stays, without the person), and so does their history."""
    pks = list(RequestNote._base_manager.filter(_among("request__client_id", client_ids))
               .values_list("pk", flat=True))
    if not pks:
        return
    content_type = ContentType.objects.get_for_model(RequestNote, for_concrete_model=False)
    for part in _chunks(pks):
        LogEntry.objects.filter(content_type=content_type, object_pk__in=[str(pk) for pk in part]).delete()
        notes = RequestNote._base_manager.filter(pk__in=part)
        notes._raw_delete(notes.db)


def _document_jobs_remove(client_ids: list[int]) -> None:
    """The document jobs made for the clients (their requests' documents, their client-file PDFs;
    requests/jobs.py) are the client's data:
    the rows go with the client, their stored files once the purge has committed."""
    jobs = DocumentJob._base_manager.filter(_among("client_id", client_ids))
    names = [name for name in jobs.values_list("file_name", flat=True) if name]
    jobs.delete()
    _queue_file_removals(names)


# The change-history entries whose texts may name a client (a superset of those `_scrub_entry`
# changes): only these are loaded, not the whole history of every kept row.
_NAMING_ENTRIES = (
    "SELECT * FROM auditlog_logentry WHERE content_type_id = %s AND object_pk = ANY(%s::text[])"
    " AND (object_repr LIKE ANY(%s::text[]) OR changes_text LIKE ANY(%s::text[])"
    " OR COALESCE(changes::text, '') LIKE ANY(%s::text[])"
    " OR COALESCE(serialized_data::text, '') || COALESCE(additional_data::text, '') LIKE ANY(%s::text[]))")


def _scrub_history_of(model: type[models.Model], pks: list[Any], needles: set[str]) -> None:
    """The change history of rows that stay (kept logs): the client's name and identity code
    replaced, as in `_scrub_linked_history`."""
    if not needles or not auditlog.contains(model):
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    patterns = _like_patterns(needles, json_forms=True)
    for part in _chunks([str(pk) for pk in pks]):
        entries: Iterable[LogEntry]
        if connection.vendor == "postgresql":
            entries = LogEntry.objects.raw(_NAMING_ENTRIES, [content_type.pk, part, *[patterns] * 4])
        else:
            entries = LogEntry.objects.filter(content_type=content_type, object_pk__in=part)
        for entry in entries:
            _scrub_entry(entry, needles)


def _scrub_entry(entry: LogEntry, needles: set[str]) -> None:
    fields = {"changes": scrub(entry.changes, needles), "changes_text": scrub(entry.changes_text, needles),
              "object_repr": scrub(entry.object_repr, needles),
              "additional_data": scrub(entry.additional_data, needles),
              "serialized_data": scrub(entry.serialized_data, needles)}
    changed = [name for name, value in fields.items() if value != getattr(entry, name)]
    if changed:
        for name in changed:
            setattr(entry, name, fields[name])
        entry.save(update_fields=changed)


def _handoff_purged(handoff: ArchiveHandoff, when: datetime.datetime) -> None:
    """The client is purged: the handoff keeps its reference, manifest checksum and dates; our
    copy of the package (the client-file PDF, data.json, documents) goes once the purge has
    committed. A crash in between leaves the folder, which the next run removes
    (`purged_packages_remove`)."""
    ArchiveHandoff.objects.filter(pk=handoff.pk).update(status=HandoffStatus.PURGED, purged_at=when)
    path = handoff.path
    transaction.on_commit(lambda: package.package_remove(path))


def purged_packages_remove() -> int:
    """Remove our copies of packages whose client is purged (left by a crash after the commit)."""
    removed = 0
    root = package.archive_root()
    for path in ArchiveHandoff.objects.filter(status=HandoffStatus.PURGED).values_list("path", flat=True):
        if (root / path).exists():
            package.package_remove(path)
            removed += 1
    return removed


def _forget_history(collector: Collector, counts: Counter) -> None:
    """Delete the auditlog and admin history of every row the collector is about to delete."""
    targets: list[tuple[type[models.Model], Any]] = [
        (model, [obj.pk for obj in objs]) for model, objs in collector.data.items()]
    targets += [(qs.model, qs.values("pk")) for qs in collector.fast_deletes
                if not qs.model._meta.auto_created]  # many-to-many link rows have no history
    for model, pks in targets:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        if isinstance(pks, list):
            for part in _chunks(pks):
                counts["auditlog.LogEntry"] += LogEntry.objects.filter(
                    content_type=content_type, object_id__in=part).delete()[0]
                counts["admin.LogEntry"] += AdminLogEntry.objects.filter(
                    content_type=content_type, object_id__in=[str(pk) for pk in part]).delete()[0]
        else:
            counts["auditlog.LogEntry"] += LogEntry.objects.filter(
                content_type=content_type, object_id__in=pks).delete()[0]


def _scrub_linked_history(client_ids: list[int], needles: set[str]) -> None:
    """Rows that stay but list the clients in a many-to-many field (a breach's affected
    clients): their history names the clients; replace those names."""
    if not needles:
        return
    for rel in Client._meta.related_objects:
        if not rel.many_to_many:
            continue
        model = graph.related_model(rel)
        linked = model._base_manager.filter(**{f"{rel.field.name}__in": client_ids}).values_list("pk", flat=True)
        content_type = ContentType.objects.get_for_model(model)
        for entry in LogEntry.objects.filter(content_type=content_type, object_id__in=list(linked)):
            _scrub_entry(entry, needles)


def _queue_file_removals(names: list[str]) -> None:
    if not names:
        return
    now = timezone.now()
    rows = FileRemoval.objects.bulk_create([FileRemoval(storage_name=n, queued_at=now) for n in names])
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: pending_files_remove(ids=ids))


def pending_files_remove(*, ids: list[int] | None = None) -> int:
    """Remove the stored files of purged documents (after the purge committed). Without `ids`,
    every file still queued (a crash after a commit left them)."""
    queued = FileRemoval.objects.all() if ids is None else FileRemoval.objects.filter(pk__in=ids)
    removed = 0
    for row in queued:
        default_storage.delete(row.storage_name)  # no error when it is already gone
        row.delete()
        removed += 1
    return removed


def _lock_and_check_holds(client_ids: list[int], today: datetime.date) -> list[Client]:
    clients = list(Client.objects.select_for_update().filter(pk__in=client_ids).order_by("pk"))
    holds = holds_in_force(today=today, client_ids=client_ids)
    held = [c.pk for c in clients if holds.reason(c)]
    if held:
        raise ClientsHeld(held)
    return clients


def _no_open_case_package(client_ids: list[int]) -> None:
    waiting = sorted(set(ArchiveHandoff.objects.filter(
        client_ref__in=client_ids, case_ref__isnull=False,
        status__in=[HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY]).values_list("client_ref", flat=True)))
    if waiting:
        raise CasePackageOpen(waiting)


def _delete_collected(collector: Collector, counts: Counter) -> None:
    _forget_history(collector, counts)
    documents = [d for d in collector.data.get(Document, set()) if isinstance(d, Document)]
    _queue_file_removals([d.file.name for d in documents if d.file.name])
    _total, per_model = collector.delete()
    counts.update(per_model)


def _step_delete_first(client_ids: list[int], counts: Counter, using: str) -> None:
    for model, lookup in DELETE_FIRST:
        collector = Collector(using=using)
        collector.collect(list(model._base_manager.filter(**{lookup: client_ids})))
        _delete_collected(collector, counts)


def _step_delete_clients(clients: list[Client], counts: Counter, using: str) -> None:
    collector = Collector(using=using)
    collector.collect(clients)
    _delete_collected(collector, counts)


def _write_purge_record(
    *, rule: RetentionRule, register_id: int, action: str, client_count: int, counts: Counter,
    handoff: ArchiveHandoff | None, run: RetentionRun | None, today: datetime.date, when: datetime.datetime,
    anonymised_client_ref: int | None = None, reference: uuid.UUID | None = None,
) -> PurgeRecord:
    return PurgeRecord.objects.create(
        reference=reference or uuid.uuid4(), run=run, rule=rule, rule_code=rule.code, rule_name=rule.name[:200],
        register_id=register_id,
        action=action, client_count=client_count, counts={k: v for k, v in sorted(counts.items()) if v},
        handoff=handoff,
        package_sha256=handoff.package_sha256 if handoff else "", today=today, purged_at=when,
        anonymised_client_ref=anonymised_client_ref,
    )


class AnyOf(Lookup):
    """`column = ANY(%s)` with the values as one array parameter (PostgreSQL): a list of a
    thousand ids costs more to bind as a thousand parameters than the delete costs to run, and
    a literal array lets the planner use the column's index."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        # Typed like the column: psycopg would send small numbers as smallint[], and a
        # mismatched type keeps the planner off the index.
        array_type = "text[]" if any(isinstance(v, str) for v in values) else "bigint[]"
        return f"{lhs} = ANY(%s::{array_type})", [*params, values]


def _among(column: str, values: list[Any]) -> Q | AnyOf:
    if connection.vendor == "postgresql":
        return AnyOf(F(column), values)
    return Q(**{f"{column}__in": values})


def _owned_pks(step: graph.DeleteStep, client_ids: list[int]) -> list[Any]:
    """The primary keys of the rows of `step.model` owned by the clients (any path)."""
    manager = step.model._base_manager
    if len(step.paths) == 1 or connection.vendor != "postgresql":
        found: set[Any] = set()
        for path in step.paths:
            found.update(manager.filter(_among(path, client_ids)).order_by().values_list("pk", flat=True))
        return sorted(found)
    # Several paths (a plan filed under a case reaches the client directly and through the case):
    # one query, each path its own subquery, instead of one round trip per path.
    subqueries = [manager.filter(_among(path, client_ids)).order_by().values_list("pk", flat=True)
                  for path in step.paths]
    pks = subqueries[0].union(*subqueries[1:])
    return sorted(pks)


def _forget_history_of(model: type[models.Model], pks: list[Any], counts: Counter) -> None:
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    for part in _chunks(pks):
        counts["auditlog.LogEntry"] += LogEntry.objects.filter(
            _among("object_id", part), content_type=content_type)._raw_delete(LogEntry.objects.db)
        counts["admin.LogEntry"] += AdminLogEntry.objects.filter(
            _among("object_id", [str(pk) for pk in part]), content_type=content_type).delete()[0]


def _delete_by_sets(client_ids: list[int], counts: Counter) -> None:
    """What `_step_delete_first` + `_step_delete_clients` do, as a few set-based queries per
    model instead of loading every row: the plan (graph.deletion_plan) lists the owned models
    children first, with every path to the clients, and the SET_NULL pointers to empty. The
    owned keys are read first, while every path still leads to the clients."""
    steps, detach = graph.deletion_plan()
    owned = {step.model: _owned_pks(step, client_ids) for step in steps}
    for pointer in detach:
        if owned[pointer.target]:
            pointer.model._base_manager.filter(_among(pointer.field, owned[pointer.target])).update(
                **{pointer.field: None})
    for step in steps:
        pks = owned[step.model]
        if not pks:
            continue
        if step.model is Document:
            _queue_file_removals([n for n in Document._base_manager.filter(_among("pk", pks))
                                  .values_list("file", flat=True) if n])
        if not step.link_table:
            _forget_history_of(step.model, pks, counts)
        for part in _chunks(pks):
            # The fast delete Django's Collector itself uses for rows without signals; auditlog's
            # are off for the purge and the history went just above.
            rows = step.model._base_manager.filter(_among("pk", part))
            counts[step.model._meta.label] += rows._raw_delete(rows.db)


def clients_purge_chunk(
    *, client_ids: list[int], rule: RetentionRule, today: datetime.date, run: RetentionRun | None,
    when: datetime.datetime | None = None,
) -> PurgeRecord:
    """`clients_purge` for a chunk of delete-only clients of one rule and register, with the same
    guarantees (one transaction, holds re-checked under lock, history gone, files after commit),
    deleting by sets instead of row by row: what makes 100,000 clients a night feasible."""
    if not client_ids:
        raise ValueError("nothing to purge")
    when = when or timezone.now()
    using = router.db_for_write(Client)
    with transaction.atomic(using=using), disable_auditlog():
        clients = _lock_and_check_holds(client_ids, today)
        _no_open_case_package(client_ids)
        registers = {c.register_id for c in clients}
        if len(registers) != 1:
            raise ValueError("one register per purge record")
        ids = [c.pk for c in clients]
        counts: Counter = Counter()
        reference = uuid.uuid4()
        needles = needles_for(clients)
        _scrub_linked_history(ids, needles)
        _keep_logs(ids, reference, needles, counts)
        _delete_by_sets(ids, counts)
        return _write_purge_record(rule=rule, register_id=registers.pop(), action=Action.DELETE,
                                   client_count=len(clients), counts=counts, handoff=None, run=run,
                                   today=today, when=when, reference=reference)


def clients_purge(
    *, client_ids: list[int], rule: RetentionRule, action: str, today: datetime.date,
    run: RetentionRun | None, handoff: ArchiveHandoff | None = None, when: datetime.datetime | None = None,
) -> PurgeRecord:
    """Delete `client_ids` (all of one register, due by `rule`) and everything hanging off them,
    in one transaction. Raises ClientsHeld, without deleting anything, if any of them is now
    on hold. There is no acting user: the purge writes no change history, and its record is
    the PurgeRecord (with the run)."""
    if not client_ids:
        raise ValueError("nothing to purge")
    when = when or timezone.now()
    using = router.db_for_write(Client)
    with transaction.atomic(using=using), disable_auditlog():
        clients = _lock_and_check_holds(client_ids, today)
        _no_open_case_package(client_ids)
        registers = {c.register_id for c in clients}
        if len(registers) != 1:
            raise ValueError("one register per purge record")
        counts: Counter = Counter()
        reference = uuid.uuid4()
        needles = needles_for(clients)
        _scrub_linked_history([c.pk for c in clients], needles)
        _keep_logs([c.pk for c in clients], reference, needles, counts)
        _step_delete_first([c.pk for c in clients], counts, using)
        _step_delete_clients(clients, counts, using)
        if handoff is not None:
            _handoff_purged(handoff, when)
        return _write_purge_record(rule=rule, register_id=registers.pop(), action=action,
                                   client_count=len(clients), counts=counts, handoff=handoff, run=run,
                                   today=today, when=when, reference=reference)


def _cases_records_delete(cases: list[Case], kept_kinds: Iterable[str], counts: Counter, using: str) -> None:
    """The records of closed `cases` that their own retention removes: the entries recorded under
    their granted services, the granted services, and the plans, agreements and documents filed
    under them (not documents of `kept_kinds`, which count from their own date), with their
    corrections and change history; and the cases' own history, which names their titles."""
    ids = [case.pk for case in cases]
    collector = Collector(using=using)
    collector.collect(list(ServiceEntry._base_manager.filter(granted_service__case_id__in=ids)))
    _delete_collected(collector, counts)
    collector = Collector(using=using)
    for model in (ServicePlan, ServiceAgreement, GrantedService):
        collector.collect(list(model._base_manager.filter(case_id__in=ids)))
    collector.collect(list(Document._base_manager.filter(case_id__in=ids).exclude(kind__in=kept_kinds)))
    _delete_collected(collector, counts)
    kept = Collector(using=using)
    kept.data[Case] = set(cases)
    _forget_history(kept, counts)


def case_records_purge(
    *, client_id: int, cases: list[tuple[int, RetentionRule]], today: datetime.date, run: RetentionRun | None,
    when: datetime.datetime | None = None, handoffs: dict[int, ArchiveHandoff] | None = None,
) -> list[PurgeRecord]:
    """Retention per case: remove the records of closed cases whose own period has run out while
    the client stays (another case open, the basic data kept longer): the entries recorded under
    the case's granted services, the granted services, and the plans, agreements and documents
    filed under the case, with their corrections and change history. The case row stays with
    its service task and dates (the client's own retention counts from its closing), without its
    title, marked `records_removed_on`. One transaction for the client; a purge record per case
    (no personal data: the rule, the counts, the case's service task). A case already done is
    skipped, so a rerun does nothing twice; a hold found under the lock raises ClientsHeld.
    `handoffs`: the case's package handed to an archive (received, verified), per case: the
    purge record names it and our copy of the package goes once the purge has committed, as
    for a client's."""
    handoffs = handoffs or {}
    when = when or timezone.now()
    using = router.db_for_write(Client)
    records = []
    with transaction.atomic(using=using), disable_auditlog():
        (client,) = _lock_and_check_holds([client_id], today)
        # Documents with their own period (client fee decisions) stay: they count from their own date.
        kept_kinds = own_period_document_kinds(client.register)
        for case_id, rule in cases:
            case = Case.objects.select_for_update().filter(pk=case_id, client_id=client.pk,
                                                           records_removed_on__isnull=True).first()
            if case is None:
                continue
            counts: Counter = Counter()
            _cases_records_delete([case], kept_kinds, counts, using)
            Case.objects.filter(pk=case.pk).update(title="–", records_removed_on=today)
            counts["clients.Case (records removed, case kept)"] += 1
            handoff = handoffs.get(case.pk)
            if handoff is not None:
                _handoff_purged(handoff, when)
            records.append(PurgeRecord.objects.create(
                run=run, rule=rule, rule_code=rule.code, rule_name=rule.name[:200], register_id=client.register_id,
                action=Action.ARCHIVE_THEN_DELETE if handoff else (
                    Action.ANONYMISE if rule.action == Action.ANONYMISE else Action.DELETE), client_count=0,
                counts={k: v for k, v in sorted(counts.items()) if v}, handoff=handoff,
                package_sha256=handoff.package_sha256 if handoff else "",
                case_service_task=case.service_task, today=today, purged_at=when))
    return records


def cases_records_purge_chunk(
    *, cases: list[tuple[int, int]], rule: RetentionRule, register_id: int, today: datetime.date,
    run: RetentionRun | None, when: datetime.datetime | None = None,
) -> PurgeRecord | None:
    """`case_records_purge` for a chunk of (client, case) of many clients, every case of one
    rule, register and service task and removed without a handoff: the same rows go with the
    same guarantees (one transaction, holds re-checked under the clients' lock and ClientsHeld
    raised naming them, history gone, files after the commit, documents with their own period
    kept), with a few queries per model for the whole chunk instead of per client, and one
    purge record for the chunk (the rule, the counts, the service task; the number of cases in
    its counts). Cases already done are skipped; None when none was left."""
    when = when or timezone.now()
    using = router.db_for_write(Client)
    with transaction.atomic(using=using), disable_auditlog():
        clients = _lock_and_check_holds(sorted({client_id for client_id, _case_id in cases}), today)
        if not clients:  # purged in the meantime
            return None
        if {c.register_id for c in clients} != {register_id}:
            raise ValueError("one register per purge record")
        rows = list(Case.objects.select_for_update().filter(
            pk__in=[case_id for _client_id, case_id in cases], client_id__in=[c.pk for c in clients],
            records_removed_on__isnull=True).order_by("pk"))
        if not rows:
            return None
        tasks = {case.service_task for case in rows}
        if len(tasks) != 1:
            raise ValueError("one service task per purge record")
        ids = [case.pk for case in rows]
        kept_kinds = own_period_document_kinds(clients[0].register)
        counts: Counter = Counter()
        _cases_records_delete(rows, kept_kinds, counts, using)
        counts["clients.Case (records removed, case kept)"] += Case.objects.filter(pk__in=ids).update(
            title="–", records_removed_on=today)
        return PurgeRecord.objects.create(
            run=run, rule=rule, rule_code=rule.code, rule_name=rule.name[:200], register_id=register_id,
            action=Action.ANONYMISE if rule.action == Action.ANONYMISE else Action.DELETE, client_count=0,
            counts={k: v for k, v in sorted(counts.items()) if v}, case_service_task=tasks.pop(), today=today,
            purged_at=when)


def documents_purge(
    *, document_ids: list[int], rule: RetentionRule, register_id: int, today: datetime.date,
    run: RetentionRun | None, when: datetime.datetime | None = None,
) -> PurgeRecord | None:
    """Documents with their own period (client fee decisions) whose period, counted from their
    own date, has run out, all of one register: deleted with their change history in one
    transaction, their files after the commit; holds re-checked under the clients' lock (a held
    client's documents stay). A purge record without personal data (the rule and the counts);
    None when nothing was left to delete."""
    when = when or timezone.now()
    using = router.db_for_write(Client)
    with transaction.atomic(using=using), disable_auditlog():
        client_ids = sorted(set(Document._base_manager.filter(pk__in=document_ids)
                                .values_list("client_id", flat=True)))
        clients = list(Client.objects.select_for_update().filter(pk__in=client_ids).order_by("pk"))
        holds = holds_in_force(today=today, client_ids=client_ids)
        free = [c.pk for c in clients if not holds.reason(c)]
        documents = list(Document._base_manager.filter(pk__in=document_ids, client_id__in=free))
        if not documents:
            return None
        counts: Counter = Counter()
        collector = Collector(using=using)
        collector.collect(documents)
        _delete_collected(collector, counts)
        return PurgeRecord.objects.create(
            run=run, rule=rule, rule_code=rule.code, rule_name=rule.name[:200], register_id=register_id,
            action=Action.DELETE, client_count=0, counts={k: v for k, v in sorted(counts.items()) if v},
            today=today, purged_at=when)


def client_anonymise(
    *, client_id: int, rule: RetentionRule, today: datetime.date, run: RetentionRun | None,
    handoff: ArchiveHandoff | None = None, when: datetime.datetime | None = None,
) -> PurgeRecord:
    """Keep the client row and its cases (service task and dates: statistics), without anything
    that identifies the person; delete everything else hanging off the client and all of its
    change history. Same transaction and hold guarantees as `clients_purge`."""
    when = when or timezone.now()
    using = router.db_for_write(Client)
    with transaction.atomic(using=using), disable_auditlog():
        (client,) = _lock_and_check_holds([client_id], today)
        _no_open_case_package([client_id])
        counts: Counter = Counter()
        _scrub_linked_history([client.pk], needles_for([client]))
        _step_delete_first([client.pk], counts, using)
        _document_jobs_remove([client.pk])
        collector = Collector(using=using)
        for rel in graph.child_relations(Client):
            model = graph.related_model(rel)
            if model is Case:
                continue
            collector.collect(list(model._base_manager.filter(**{rel.field.name: client})))
        collector.collect(list(GrantedService.objects.filter(case__client=client)))
        _delete_collected(collector, counts)
        kept = Collector(using=using)
        kept.data[Client] = {client}
        kept.data[Case] = set(client.cases.all())
        _forget_history(kept, counts)
        client.assigned_workers.clear()
        blank: dict[str, Any] = dict.fromkeys(ANONYMISED_FIELDS, "")
        blank.update(
            restricted=False,
            date_of_birth=client.date_of_birth.replace(month=1, day=1) if client.date_of_birth else None,
            date_of_death=client.date_of_death.replace(month=1, day=1) if client.date_of_death else None,
        )
        Client.objects.filter(pk=client.pk).update(**blank)
        counts["clients.Client (anonymised)"] += 1
        counts["clients.Case (kept)"] += Case.objects.filter(client=client).update(title="–")
        if handoff is not None:
            _handoff_purged(handoff, when)
        return _write_purge_record(rule=rule, register_id=client.register_id, action=Action.ANONYMISE,
                                   client_count=1, counts=counts, handoff=handoff, run=run, today=today,
                                   when=when, anonymised_client_ref=client.pk)
