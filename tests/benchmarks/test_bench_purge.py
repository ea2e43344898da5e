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
clients still go one per transaction (their packages are checked one by one anyway)."""

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


def populate(register, worker: User, count: int, offset: int) -> list[int]:
    """`count` clients whose relationship ended, each with a representative, health
    information, a case with a granted service, two visits, a plan, two access-log entries, a
    prohibition and a change-history entry: about 13 rows a client."""
    client_ct = ContentType.objects.get_for_model(Client)
    ids: list[int] = []
    now = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with transaction.atomic():
            clients = Client.objects.bulk_create([
                Client(register=register, kind=ClientKind.PERSON, first_names="Bench",
                       last_name=f"Asiakas{offset + start + i}", search_name=f"asiakas{offset + start + i}",
                       relationship_started=STARTED, relationship_ended=ENDED, date_of_birth=datetime.date(1950, 1, 1))
                for i in range(size)])
            ids += [c.pk for c in clients]
            Client.assigned_workers.through.objects.bulk_create([
                Client.assigned_workers.through(client_id=c.pk, user_id=worker.pk) for c in clients])
            Representative.objects.bulk_create([
                Representative(client=c, role=RepresentativeRole.NEXT_OF_KIN, first_names="Omainen",
                               last_name=c.last_name, valid_from=datetime.date(2020, 1, 1)) for c in clients])
            HealthInformation.objects.bulk_create([HealthInformation(client=c, allergies="Pähkinä") for c in clients])
            cases = Case.objects.bulk_create([
                Case(client=c, service_task=ServiceTask.PRIVATE, title="Kotipalvelu", opened_on=STARTED,
                     closed_on=ENDED) for c in clients])
            services = GrantedService.objects.bulk_create([
                GrantedService(case=case, content="Kotikäynnit", valid_from=STARTED) for case in cases])
            ServiceEntry.objects.bulk_create([
                ServiceEntry(client_id=service.case.client_id, granted_service=service, worker=worker,
                             date=datetime.date(2024, 1, day), duration_minutes=60, content="Käynti")
                for service in services for day in (1, 2)])
            ServicePlan.objects.bulk_create([
                ServicePlan(client=c, version=1, client_view="x", service_and_need="x", goals="x",
                            review_on=datetime.date(2024, 6, 1), made_on=datetime.date(2024, 1, 1), place="Tampere",
                            created_by=worker) for c in clients])
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
    return ids


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
    bench_rule.registers.set([register])

    began = time.perf_counter()
    ids = populate(register, worker, N, 0)
    populated = time.perf_counter() - began

    lines: list[str] = []
    began = time.perf_counter()
    with run_lock():
        summary = retention_run(today=TODAY, dry_run=False, log=lines.append)
    purge_seconds = time.perf_counter() - began
    assert summary.purged == N and summary.errors == 0 and rows_of(ids) == 0
    assert sum(r.client_count for r in PurgeRecord.objects.all()) == N

    raw_ids = populate(register, worker, N, N)
    ct = ContentType.objects.get_for_model(Client).pk
    id_list = ",".join(map(str, raw_ids))
    began = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, condition in RAW_DELETE:
            where = condition.format(ids=id_list, ct=ct) if "{" in condition else f"{condition} IN ({id_list})"
            cursor.execute(f"DELETE FROM {table} WHERE {where}")  # noqa: S608 - our own constants and integers
    raw_seconds = time.perf_counter() - began
    assert rows_of(raw_ids) == 0

    rate = N / purge_seconds
    bench_record(f"retention purge, {N} due clients", rate, "c/s", f">= {TARGET} clients/s", met=rate >= TARGET,
                 seconds=round(purge_seconds, 2), raw_sql_seconds=round(raw_seconds, 2),
                 ratio_to_raw_sql=round(purge_seconds / raw_seconds, 2))
    print(f"\nretention purge of {N} due clients (~13 rows each, {connection.vendor}): {purge_seconds:.1f} s, "
          f"{rate:,.0f} clients/s; raw SQL delete of the same shape: {raw_seconds:.2f} s "
          f"({N / raw_seconds:,.0f} clients/s); ratio {purge_seconds / raw_seconds:.1f}x; "
          f"target >= {TARGET} clients/s -> {'OK' if rate >= TARGET else 'SLOW'} "
          f"(populating took {populated:.0f} s)")
