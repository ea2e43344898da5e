"""Issue 23: "handoff throughput with 1 and 2 worker processes on 2 cores (clients/s, and the
ratio to 1 worker), its ratio to rendering the same PDFs alone, peak RSS per worker". The same
clients are handed over twice: by one worker, then (their packages given up, as when a client
file changed) by two. Workers are real `retention_worker` processes started by
`retention_run --workers N`. Recorded, never asserted. BENCH_HANDOFFS sets the number of clients."""

import datetime
import io
import os
import resource
import shutil
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from clients.constants import RegisterKind
from clients.models import Client, ServiceEntry
from clients.selectors import client_file_pdf
from retention.constants import HandoffStatus
from retention.models import ArchiveHandoff, RetentionRule
from tests.conftest import make_client, make_controller, make_register

HANDOFFS = int(os.environ.get("BENCH_HANDOFFS", "200"))
TODAY = "2026-06-01"


def run_with_workers(workers: int) -> float:
    out = io.StringIO()
    began = time.perf_counter()
    call_command("retention_run", "--today", TODAY, "--json", "--workers", str(workers), stdout=out)
    elapsed = time.perf_counter() - began
    assert f'"handed_off": {HANDOFFS}' in out.getvalue().splitlines()[-1], out.getvalue()[-2000:]
    return elapsed


@pytest.mark.django_db(transaction=True)
def test_bench_handoff_throughput_with_1_and_2_workers(tmp_path, settings, caseworker, bench_record):
    settings.ARCHIVE_ROOT = str(tmp_path / "archive")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    provider = make_controller("Mittaus Oy")
    county = make_controller("Mittausalue", kind="wellbeing_county")
    register = make_register(county, operator=provider, kind=RegisterKind.PURCHASED_SERVICES)
    rule = RetentionRule.objects.create(
        code="bench-archive", name="Arkistoon", controller=county, register_kind=RegisterKind.PURCHASED_SERVICES,
        start_event="relationship_ended", action="archive_then_delete", receipt_required=True,
        archive_name="Mittausarkisto")
    rule.registers.set([register])
    for n in range(HANDOFFS):
        client = make_client(caseworker, register, last_name=f"Mittari{n}",
                             born=datetime.date(1940, 1, 1) + datetime.timedelta(days=n),  # a code of its own
                             relationship_ended=datetime.date(2026, 5, 31), commissioning_authority=county)
        ServiceEntry.objects.bulk_create([
            ServiceEntry(client=client, worker=caseworker, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
                         duration_minutes=30, content=f"Käynti {i}: kauppa-asiointi ja ulkoilu.")
            for i in range(20)])

    began = time.perf_counter()
    for client in Client.objects.filter(register=register):
        client_file_pdf(client)
    render_alone = time.perf_counter() - began

    one = run_with_workers(1)
    # Give the packages up, as a changed client file would: the second run builds them all again.
    ArchiveHandoff.objects.update(status=HandoffStatus.SUPERSEDED)
    shutil.rmtree(Path(settings.ARCHIVE_ROOT) / str(register.pk), ignore_errors=True)
    two = run_with_workers(2)
    peak_rss_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    bench_record(f"handoffs, 1 worker process ({HANDOFFS} clients)", HANDOFFS / one, "c/s", "-",
                 ratio_to_rendering_alone=round(render_alone / one, 2))
    bench_record(f"handoffs, 2 worker processes ({HANDOFFS} clients)", HANDOFFS / two, "c/s",
                 ">= 1.8x one worker", met=(one / two) >= 1.8, ratio_to_one_worker=round(one / two, 2),
                 cores=os.cpu_count())
    bench_record("peak RSS of a worker process", peak_rss_mib, "MiB", "flat (recycled after "
                 f"{settings.RETENTION_WORKER_MAX_JOBS} jobs)")
