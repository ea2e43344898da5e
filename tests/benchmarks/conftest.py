"""Benchmarks run only with `make bench` (BENCH=1); `make test` does not even collect them.
They print their timings and never assert them."""

import os

if os.environ.get("BENCH") != "1":
    collect_ignore_glob = ["test_*.py"]
