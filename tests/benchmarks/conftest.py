"""Benchmarks run only with `make bench` (BENCH=1); `make test` does not even collect them.
They never assert timings: each records its figure with `bench_record`, and the session ends
with a table of every figure against its target, written to bench/results.json as well."""

import json
import os
import platform
import statistics
import time
from pathlib import Path

import pytest

if os.environ.get("BENCH") != "1":
    collect_ignore_glob = ["test_*.py"]

RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results.json"
# `make bench` runs two sessions, each on its own fresh test database (the purge must not
# share its database with a million other clients); the second continues the first's table.
_records: list[dict] = (json.loads(RESULTS.read_text())["results"]
                        if os.environ.get("BENCH_CONTINUE") == "1" and RESULTS.exists() else [])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "p95": percentile(values, 95), "n": len(values)}


@pytest.fixture(scope="session")
def bench_record():
    """bench_record(name, value, unit, target, **details): one row of the results table.
    `target` is a string such as "< 25 ms"; `met` is computed by the caller."""

    def record(name: str, value: float, unit: str, target: str, met: bool | None = None, **details) -> None:
        _records.append({"name": name, "value": round(value, 4), "unit": unit, "target": target, "met": met,
                         **details})
        _write()  # after every figure, so an interrupted run keeps what it measured
        print(f"\n[bench] {name}: {value:.3f} {unit} (target {target})"
              + ("" if met is None else f" -> {'OK' if met else 'MISSED'}"))

    return record


def _write() -> None:
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"), "cores": os.cpu_count(),
        "machine": platform.machine(), "python": platform.python_version(),
        "load_average": os.getloadavg(), "results": _records,
    }, indent=2, ensure_ascii=False) + "\n")


def pytest_sessionfinish(session, exitstatus):  # noqa: ARG001 - pytest hook signature
    if not _records:
        return
    width = max(len(r["name"]) for r in _records)
    lines = ["", f"{'benchmark'.ljust(width)}  {'figure':>14}  target", "-" * (width + 32)]
    for r in _records:
        flag = "" if r["met"] is None else ("  ok" if r["met"] else "  MISSED")
        lines.append(f"{r['name'].ljust(width)}  {r['value']:>10.3f} {r['unit']:<3}  {r['target']}{flag}")
    lines.append(f"({os.cpu_count()} cores; written to {RESULTS})")
    print("\n".join(lines))
