"""Issue 23: "handoff throughput with 1 and 2 worker processes on 2 cores (clients/s, and the
ratio to 1 worker), its ratio to rendering the same PDFs alone, peak RSS per worker". The same
clients are handed over twice: by one worker, then (the first run's packages, handoff rows and
disclosure-log entries taken away again, so the second run does exactly the same work) by two.
Workers are real `retention_worker` processes started by `retention_run --workers N`, recycled
after RETENTION_WORKER_MAX_JOBS jobs. Recorded, never asserted. BENCH_HANDOFFS sets the number
of clients (`make bench`: 5,000)."""

import datetime
import io
import os
import resource
import shutil
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from clients.constants import RegisterKind
from clients.models import Client, Disclosure, ServiceEntry
from clients.selectors import client_file_pdf
from retention.models import ArchiveHandoff, RetentionRule
from tests.conftest import make_client, make_controller, make_register

HANDOFFS = int(os.environ.get("BENCH_HANDOFFS", "200"))
TODAY = "2026-06-01"


class Watch:
    """While a run goes on: the peak RSS (VmHWM, from /proc every 0.2 s) of each worker process
    this process starts, in the order they started, and the CPU seconds the workers, this process
    (the coordinator) and everything else (PostgreSQL) spent. VmHWM is the process's own peak
    after it started the worker program; `getrusage(RUSAGE_CHILDREN).ru_maxrss` is not: it counts
    the pages of this process at the fork, so it grows with what this process rendered itself."""

    def __init__(self) -> None:
        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    @staticmethod
    def _busy() -> float:
        ticks = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait

    @staticmethod
    def _cpu(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    def __enter__(self) -> "Watch":
        self._start = (self._busy(), self._cpu(resource.RUSAGE_CHILDREN), self._cpu(resource.RUSAGE_SELF))
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        busy, workers, coordinator = (self._busy() - self._start[0],
                                      self._cpu(resource.RUSAGE_CHILDREN) - self._start[1],
                                      self._cpu(resource.RUSAGE_SELF) - self._start[2])
        self.cpu = {"workers_cpu_s": round(workers, 1), "coordinator_cpu_s": round(coordinator, 1),
                    "other_cpu_s": round(busy - workers - coordinator, 1)}

    def _watch(self) -> None:
        me = str(os.getpid())
        while not self._stop.wait(0.2):
            for status in Path("/proc").glob("[0-9]*/status"):
                try:
                    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
                except OSError:
                    continue
                if fields.get("PPid", "").strip() == me and "VmHWM" in fields:
                    pid = int(status.parent.name)
                    self.peaks[pid] = max(self.peaks.get(pid, 0), int(fields["VmHWM"].split()[0]) / 1024)


def run_with_workers(workers: int) -> tuple[float, Watch]:
    out = io.StringIO()
    with Watch() as watch:
        began = time.perf_counter()
        call_command("retention_run", "--today", TODAY, "--json", "--workers", str(workers), stdout=out)
        elapsed = time.perf_counter() - began
    assert f'"handed_off": {HANDOFFS}' in out.getvalue().splitlines()[-1], out.getvalue()[-2000:]
    return elapsed, watch


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

    one, watch_one = run_with_workers(1)
    # Back to the state before the first run, so the second run does the same work.
    disclosures = list(ArchiveHandoff.objects.values_list("disclosure_id", flat=True))
    ArchiveHandoff.objects.all().delete()
    Disclosure.objects.filter(pk__in=disclosures).delete()
    shutil.rmtree(Path(settings.ARCHIVE_ROOT) / str(register.pk), ignore_errors=True)
    two, watch_two = run_with_workers(2)

    bench_record(f"handoffs, 1 worker process ({HANDOFFS} clients)", HANDOFFS / one, "c/s", "-",
                 ratio_to_rendering_alone=round(render_alone / one, 2), **watch_one.cpu)
    bench_record(f"handoffs, 2 worker processes ({HANDOFFS} clients)", HANDOFFS / two, "c/s",
                 ">= 1.8x one worker", met=(one / two) >= 1.8, ratio_to_one_worker=round(one / two, 2),
                 cores=os.cpu_count(), **watch_two.cpu)
    peaks = [round(peak) for watch in (watch_one, watch_two) for peak in watch.peaks.values()]
    first, last = peaks[0], peaks[-1]
    bench_record(f"peak RSS per worker process over {HANDOFFS} handoffs, the last started", last, "MiB",
                 f"flat (each recycled after {settings.RETENTION_WORKER_MAX_JOBS} jobs)",
                 met=last <= first * 1.1, first_started=first, highest=max(peaks), workers_started=len(peaks),
                 every_worker=peaks)
