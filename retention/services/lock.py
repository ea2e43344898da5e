"""Only one retention run at a time.

On PostgreSQL a session-level advisory lock (pg_try_advisory_lock) on the run's own database
connection: it is held across the run's many transactions and released by the server if the
process dies. On SQLite (the single-machine demo) an exclusive file lock next to the archive."""

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

# An arbitrary constant that no other code in this database uses as an advisory-lock key.
ADVISORY_LOCK_KEY = 7_031_703_2023


class RunLocked(Exception):
    """Another retention run holds the lock."""


@contextlib.contextmanager
def run_lock() -> Iterator[None]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            acquired = cursor.fetchone()[0]
        if not acquired:
            raise RunLocked
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        return
    path = Path(settings.ARCHIVE_ROOT) / ".retention-run.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RunLocked from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
