"""Issue 23: "the per-client package look-up cost with 0 and 100,000 folders present (equal
within noise)". The look-up a handoff makes for folders a crash left (retention.services.handoff)
reads the client's pending record and today's names; it never searches the archive, so the
folders already there should not change its cost. Recorded, never asserted.
BENCH_ARCHIVE_FOLDERS makes a smaller archive for a quick check."""

import os
import statistics
import time
from pathlib import Path

from retention.services import handoff

FOLDERS = int(os.environ.get("BENCH_ARCHIVE_FOLDERS", "100000"))
CALLS = 2000


def lookup_cost_ms(client) -> float:
    wanted = f"{client.register_id}/2026-11-27/client-{client.pk}"
    timings = []
    for _ in range(CALLS):
        began = time.perf_counter()
        handoff._unrecorded_folders(client, wanted)
        timings.append(time.perf_counter() - began)
    return statistics.median(timings) * 1000


def test_bench_package_lookup_with_0_and_many_folders(client_a, settings, tmp_path, bench_record):
    settings.ARCHIVE_ROOT = str(tmp_path / "archive")
    Path(settings.ARCHIVE_ROOT).mkdir()
    empty = lookup_cost_ms(client_a)

    # Packages of other clients over 100 days, the way a few months of nights leave them.
    for n in range(FOLDERS):
        (Path(settings.ARCHIVE_ROOT) / f"{client_a.register_id}/2026-{1 + n % 10:02d}-{1 + n // 10 % 10:02d}"
         / f"client-{1_000_000 + n}").mkdir(parents=True)
    full = lookup_cost_ms(client_a)

    bench_record("package look-up per client, empty archive (median)", empty, "ms", "constant")
    bench_record(f"package look-up per client, {FOLDERS:,} folders (median)", full, "ms",
                 "equal to the empty archive within noise", met=None, ratio=round(full / empty, 2) if empty else None)
