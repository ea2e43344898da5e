"""Issue 23: "a package's folder is known from the database record, not found by globbing the
archive". A crash between writing a package and recording it is still found and cleaned up,
through the pending record written before the folder, at a constant cost."""

import datetime
import json
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import ServiceEntry
from core.roles import Role
from retention.models import ArchiveHandoff
from retention.services.package import client_data_json
from tests.conftest import make_user

from .conftest import county_client, retention_run


def folders() -> list[str]:
    root = Path(settings.ARCHIVE_ROOT)
    return sorted(p.parent.relative_to(root).as_posix() for p in root.glob("*/*/*/manifest.json"))


def no_archive_search(monkeypatch) -> None:
    """The attack on the night's budget: any search of the archive during a handoff fails it."""
    original_glob, original_rglob = Path.glob, Path.rglob
    root = Path(settings.ARCHIVE_ROOT).resolve()

    def guarded(original):
        def search(self, pattern, *args, **kwargs):
            if self.resolve() == root:
                raise AssertionError(f"the archive was searched for {pattern!r}")
            return original(self, pattern, *args, **kwargs)
        return search

    monkeypatch.setattr(Path, "glob", guarded(original_glob))
    monkeypatch.setattr(Path, "rglob", guarded(original_rglob))


def test_a_handoff_never_searches_the_archive_for_the_clients_folders(caseworker, purchased_register, monkeypatch,
                                                                       fast_pdf):
    client = county_client(caseworker, purchased_register)
    no_archive_search(monkeypatch)
    result = retention_run("2026-06-01")
    assert result.code == 0 and result.json["handed_off"] == 1, result.out
    assert ArchiveHandoff.objects.get().path == f"{purchased_register.pk}/2026-06-01/client-{client.pk}"


def test_a_folder_left_by_a_crash_on_an_earlier_day_is_removed_without_searching(
        caseworker, purchased_register, monkeypatch, fast_pdf):
    client = county_client(caseworker, purchased_register)
    from retention.services import handoff as handoff_module

    def crash(**kwargs):
        raise RuntimeError("killed after writing the package")

    monkeypatch.setattr(handoff_module, "_handoff_record", crash)
    assert retention_run("2026-06-01").code == 1
    left = f"{purchased_register.pk}/2026-06-01/client-{client.pk}"
    assert folders() == [left] and not ArchiveHandoff.objects.exists()
    assert (Path(settings.ARCHIVE_ROOT) / ".pending" / f"client-{client.pk}").read_text() == left

    monkeypatch.undo()
    no_archive_search(monkeypatch)
    rerun = retention_run("2026-06-03")
    assert rerun.code == 0 and rerun.json["handed_off"] == 1, rerun.out
    monkeypatch.undo()
    # The day-old folder nobody received is gone; the new one is recorded; the record cleared.
    handoff = ArchiveHandoff.objects.get()
    assert folders() == [handoff.path] == [f"{purchased_register.pk}/2026-06-03/client-{client.pk}"]
    assert not (Path(settings.ARCHIVE_ROOT) / ".pending" / f"client-{client.pk}").exists()


def test_a_leftover_of_another_client_with_a_longer_number_is_left_alone(caseworker, purchased_register, fast_pdf):
    client = county_client(caseworker, purchased_register)
    other = Path(settings.ARCHIVE_ROOT) / f"{purchased_register.pk}/2026-06-01/client-{client.pk}0"
    other.mkdir(parents=True)
    (other / "manifest.json").write_text("{}")
    assert retention_run("2026-06-01").code == 0
    assert other.is_dir() and ArchiveHandoff.objects.get().path.endswith(f"client-{client.pk}")


def test_data_json_reads_the_users_its_rows_name_at_one_query_whatever_the_number_of_rows(
        caseworker, purchased_register, provider):
    """The package's data.json names users by username (natural keys): each row's user was read
    with a query of its own, 25 entries were 25 more queries in every handoff."""

    def read(client) -> tuple[int, set[tuple[str, ...]]]:
        with CaptureQueriesContext(connection) as queries:
            data = client_data_json(client)
        workers = {tuple(r["fields"]["worker"]) for r in json.loads(data)["records"]
                   if r["model"] == "clients.serviceentry"}
        return len(queries), workers

    few, many = (county_client(caseworker, purchased_register, last_name=name) for name in ("Vahan", "Paljon"))
    workers = [make_user(Role.CASEWORKER, provider) for _ in range(5)]
    for client, count in ((few, 1), (many, 25)):
        ServiceEntry.objects.bulk_create([
            ServiceEntry(client=client, worker=workers[i % len(workers)], date=datetime.date(2026, 1, 1),
                         duration_minutes=30, content=f"Käynti {i}") for i in range(count)])
    few_queries, few_workers = read(few)
    many_queries, many_workers = read(many)
    assert few_workers == {(caseworker.username,), (workers[0].username,)}  # the client's own entries, and ours
    assert many_workers == {(caseworker.username,)} | {(w.username,) for w in workers}
    assert many_queries == few_queries, (few_queries, many_queries)
