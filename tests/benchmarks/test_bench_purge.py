"""Issue 7: "100,000 due clients with their dependents purged on PostgreSQL; report clients/s and
the ratio to a raw SQL delete of the same rows measured in the same run. Target: at least 1,000
clients/s for purge-only rules." BENCH_PURGE_CLIENTS shrinks N. Timings are printed, never
asserted; correctness is.

How the purge reaches the target: one transaction per client costs a commit and a dozen
queries per client, a few hundred clients a second. So the nightly run purges clients of a
delete-only rule (no archive, no anonymising) in chunks of 500 of the same rule and register:
one transaction per chunk, deleting with Django's Collector (a few queries per model per chunk,
not per client) with auditlog switched off and the chunk's change history deleted by model and
primary keys. Crash safety is unchanged: a chunk is all or nothing, a failed chunk is retried
one client at a time so one bad client cannot block 499 others, and archived or anonymised
clients still go one per transaction (their packages are checked one by one anyway).

Retention per case is in the same run: every STAYING_EVERY-th of the N clients stays (its
relationship goes on, a case of another task is open) but has a closed case whose own period
has run out, so the run removes that case's records (its granted service, visits and plan; the
case row stays, marked) in chunks of 500 cases of one rule, register and service task, one
transaction and purge record per chunk, as for delete-only clients. The raw SQL delete removes the same rows
of the same shape, and the ratio is over all N clients."""

import datetime
import os
import time

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from clients.constants import ClientKind, RegisterKind, RepresentativeRole, ServiceTask
from clients.models import (
    AccessEntry,
    Case,
    Client,
    GrantedService,
    HealthInformation,
    Representative,
    ServiceEntry,
    ServicePlan,
)
from consents.models import Prohibition
from retention.models import PurgeRecord, RetentionRule
from retention.services import retention_run, run_lock
from tests.conftest import make_controller, make_register

# The quick look (BENCH_CLIENTS=20000) purges as many; the full run 100,000.
N = int(os.environ.get("BENCH_PURGE_CLIENTS", min(100_000, int(os.environ.get("BENCH_CLIENTS", "100000")))))
BATCH = 5000
TARGET = 1000  # clients per second
TODAY = datetime.date(2026, 11, 21)
STARTED = datetime.date(2020, 1, 1)
ENDED = datetime.date(2025, 1, 31)

# Every STAYING_EVERY-th client stays, with a closed case due on its own (retention per case).
STAYING_EVERY = int(os.environ.get("BENCH_PURGE_STAYING_EVERY", "5"))
CASE_TASK = ServiceTask.OLDER_PEOPLE

# Child tables first, as a raw SQL delete must go (every one filtered by the clients).
RAW_DELETE = [
    ("clients_serviceentry", "client_id"),
    ("clients_grantedservice", "case_id IN (SELECT id FROM clients_case WHERE client_id IN ({ids}))"),
    ("clients_case", "client_id"),
    ("clients_serviceplan", "client_id"),
    ("clients_representative", "client_id"),
    ("clients_healthinformation", "client_id"),
    ("clients_accessentry", "client_id"),
    ("consents_prohibition", "client_id"),
    ("clients_client_assigned_workers", "client_id"),
    ("auditlog_logentry", "content_type_id = {ct} AND object_id IN ({ids})"),
    ("clients_client", "id"),
]
# The records of the staying clients' closed cases, filtered by those cases; the case row stays.
RAW_CASE_DELETE = [
    ("clients_serviceentry", "granted_service_id IN (SELECT id FROM clients_grantedservice WHERE case_id IN ({ids}))"),
    ("clients_serviceplan", "case_id IN ({ids})"),
    ("clients_grantedservice", "case_id IN ({ids})"),
    ("auditlog_logentry", "content_type_id = {ct} AND object_id IN ({ids})"),
]


def staying(position: int) -> bool:
    return STAYING_EVERY > 0 and position % STAYING_EVERY == STAYING_EVERY - 1


def populate(register, worker: User, count: int, offset: int) -> tuple[list[int], list[int], list[int]]:
    """`count` clients, each with a representative, health information, a case with a granted
    service, two visits, a plan, two access-log entries, a prohibition and a change-history
    entry: about 13 rows a client. Most ended their relationship (due as a whole); every
    STAYING_EVERY-th goes on (an open case) with its visits and plan under a closed case of
    CASE_TASK, due on its own. (due clients, staying clients, the staying clients' closed cases)"""
    client_ct = ContentType.objects.get_for_model(Client)
    ids: list[int] = []
    staying_ids: list[int] = []
    closed_cases: list[int] = []
    now = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with transaction.atomic():
            clients = Client.objects.bulk_create([
                Client(register=register, kind=ClientKind.PERSON, first_names="Bench",
                       last_name=f"Asiakas{offset + start + i}", search_name=f"asiakas{offset + start + i}",
                       relationship_started=STARTED, relationship_ended=None if staying(start + i) else ENDED,
                       date_of_birth=datetime.date(1950, 1, 1))
                for i in range(size)])
            stays = {c.pk for i, c in enumerate(clients) if staying(start + i)}
            ids += [c.pk for c in clients if c.pk not in stays]
            staying_ids += [c.pk for c in clients if c.pk in stays]
            Client.assigned_workers.through.objects.bulk_create([
                Client.assigned_workers.through(client_id=c.pk, user_id=worker.pk) for c in clients])
            Representative.objects.bulk_create([
                Representative(client=c, role=RepresentativeRole.NEXT_OF_KIN, first_names="Omainen",
                               last_name=c.last_name, valid_from=datetime.date(2020, 1, 1)) for c in clients])
            HealthInformation.objects.bulk_create([HealthInformation(client=c, allergies="Pähkinä") for c in clients])
            cases = Case.objects.bulk_create([
                Case(client=c, service_task=CASE_TASK if c.pk in stays else ServiceTask.PRIVATE, title="Kotipalvelu",
                     opened_on=STARTED, closed_on=ENDED) for c in clients])
            Case.objects.bulk_create([
                Case(client_id=pk, service_task=ServiceTask.PRIVATE, title="Jatkuva", opened_on=STARTED)
                for pk in stays])
            closed_cases += [case.pk for case in cases if case.client_id in stays]
            services = GrantedService.objects.bulk_create([
                GrantedService(case=case, content="Kotikäynnit", valid_from=STARTED) for case in cases])
            ServiceEntry.objects.bulk_create([
                ServiceEntry(client_id=service.case.client_id, granted_service=service, worker=worker,
                             date=datetime.date(2024, 1, day), duration_minutes=60, content="Käynti")
                for service in services for day in (1, 2)])
            ServicePlan.objects.bulk_create([
                ServicePlan(client_id=case.client_id, case=case if case.client_id in stays else None, version=1,
                            client_view="x", service_and_need="x", goals="x",
                            review_on=datetime.date(2024, 6, 1), made_on=datetime.date(2024, 1, 1), place="Tampere",
                            created_by=worker) for case in cases])
            AccessEntry.objects.bulk_create([
                AccessEntry(client=c, user=worker, at=now, kind="client_file") for c in clients for _ in (1, 2)])
            Prohibition.objects.bulk_create([
                Prohibition(client=c, kind="direct_marketing", given_at=now, recorded_by=worker, recorded_at=now)
                for c in clients])
            LogEntry.objects.bulk_create([
                LogEntry(content_type=client_ct, object_pk=str(c.pk), object_id=c.pk, object_repr=c.last_name,
                         action=LogEntry.Action.CREATE, changes={"last_name": ["None", c.last_name]})
                for c in clients])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as a production database would be: planner statistics
    return ids, staying_ids, closed_cases


def case_records_left(case_ids: list[int]) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT (SELECT count(*) FROM clients_grantedservice WHERE case_id = ANY(%s))"
                       " + (SELECT count(*) FROM clients_serviceplan WHERE case_id = ANY(%s))", [case_ids, case_ids])
        return cursor.fetchone()[0]


def rows_of(ids: list[int]) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM clients_client WHERE id = ANY(%s)", [ids])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_bench_purge_of_due_clients_against_a_raw_sql_delete(bench_record):
    worker = User.objects.create_user(username="bench-worker")
    register = make_register(make_controller("Bench Oy"), kind=RegisterKind.MARKETING)
    bench_rule = RetentionRule.objects.create(code="bench-delete", name="Bench", controller=register.controller,
                                              start_event="relationship_ended", action="delete")
    case_rule = RetentionRule.objects.create(
        code="bench-case", name="Bench case", controller=register.controller, applies_to="cases_of_task",
        service_task=CASE_TASK, start_event="case_closed", period_years=1, action="delete")
    bench_rule.registers.set([register])
    case_rule.registers.set([register])

    began = time.perf_counter()
    ids, staying_ids, closed_cases = populate(register, worker, N, 0)
    populated = time.perf_counter() - began

    lines: list[str] = []
    began = time.perf_counter()
    with run_lock():
        summary = retention_run(today=TODAY, dry_run=False, log=lines.append)
    purge_seconds = time.perf_counter() - began
    assert summary.purged == len(ids) and summary.errors == 0 and rows_of(ids) == 0
    assert summary.cases_removed == len(staying_ids) and rows_of(staying_ids) == len(staying_ids)
    assert case_records_left(closed_cases) == 0
    assert sum(r.client_count for r in PurgeRecord.objects.all()) == len(ids)
    assert sum(r.counts.get("clients.Case (records removed, case kept)", 0)
               for r in PurgeRecord.objects.filter(case_service_task=CASE_TASK)) == len(staying_ids)

    raw_ids, raw_staying, raw_cases = populate(register, worker, N, N)
    ct = ContentType.objects.get_for_model(Client).pk
    case_ct = ContentType.objects.get_for_model(Case).pk
    id_list = ",".join(map(str, raw_ids))
    case_list = ",".join(map(str, raw_cases))
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, condition in RAW_DELETE if raw_ids else []:
            where = condition.format(ids=id_list, ct=ct) if "{" in condition else f"{condition} IN ({id_list})"
            cursor.execute(f"DELETE FROM {table} WHERE {where}")  # noqa: S608 - our own constants and integers
        for table, condition in RAW_CASE_DELETE if raw_cases else []:
            cursor.execute(f"DELETE FROM {table} WHERE {condition.format(ids=case_list, ct=case_ct)}")  # noqa: S608
        if raw_cases:
            cursor.execute(f"UPDATE clients_case SET title = '-', records_removed_on = %s"  # noqa: S608
                           f" WHERE id IN ({case_list})", [TODAY])
    raw_seconds = time.perf_counter() - began
    assert rows_of(raw_ids) == 0 and case_records_left(raw_cases) == 0

    rate = N / purge_seconds
    bench_record(f"retention purge, {N} due clients ({len(staying_ids)} of them a due case only)", rate, "c/s",
                 f">= {TARGET} clients/s", met=rate >= TARGET, seconds=round(purge_seconds, 2),
                 clients_purged=len(ids), cases_removed=len(staying_ids), raw_sql_seconds=round(raw_seconds, 2),
                 ratio_to_raw_sql=round(purge_seconds / raw_seconds, 2))
    print(f"\nretention purge of {N} due clients (~13 rows each, {connection.vendor}): {len(ids)} clients purged and "
          f"{len(staying_ids)} staying clients' due cases removed in {purge_seconds:.1f} s, {rate:,.0f} clients/s; "
          f"raw SQL delete of the same rows: {raw_seconds:.2f} s ({N / raw_seconds:,.0f} clients/s); "
          f"ratio {purge_seconds / raw_seconds:.1f}x; target >= {TARGET} clients/s -> "
          f"{'OK' if rate >= TARGET else 'SLOW'} (populating took {populated:.0f} s)")
