"""The nightly run as CONTRACT.md names it: flags, JSON summary, exit codes; holds, dry runs,
crashes around the archive handoff, tampered and stale packages."""

import datetime
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from clients import services as client_services
from clients.services.file import entry_record
from requests import services as request_services
from requests.constants import RequestType
from retention.constants import HandoffStatus
from retention.models import ArchiveHandoff, PurgeRecord, RetentionRun, RunFailure
from retention.services import legal_hold_place, legal_hold_release

from .conftest import (
    county_client,
    database_text,
    due_statutory_client,
    exists,
    person,
    receive,
    retention_run,
    run_command,
)

D = datetime.date


def packages() -> list[str]:
    root = Path(settings.ARCHIVE_ROOT)
    return sorted(p.parent.relative_to(root).as_posix() for p in root.glob("*/*/*/manifest.json"))


def test_the_json_summary_is_the_last_line_with_exactly_the_contract_keys(db):
    result = retention_run("2026-11-21")
    assert result.code == 0
    assert list(result.json) == ["today", "dry_run", "due", "handed_off", "awaiting_receipt", "purged", "held",
                                 "errors"]
    assert result.out.splitlines()[0] == "Retention run for 2026-11-21"
    run = RetentionRun.objects.get()
    assert run.today == D(2026, 11, 21) and run.finished_at is not None and run.summary["purged"] == 0


def test_a_malformed_date_is_refused(db):
    result = run_command("retention_run", "--today", "21.11.2026")
    assert result.code == 1 and "YYYY-MM-DD" in result.err


def test_dry_run_changes_nothing_and_lists_what_would_happen(caseworker, contact, register, purchased_register,
                                                             fast_pdf):
    doomed, _ = due_statutory_client(caseworker, register)
    archived = county_client(caseworker, purchased_register)
    held, _ = due_statutory_client(caseworker, register, last_name="Pidätetty")
    legal_hold_place(actor=contact, client=held, reason="Valitus vireillä")
    before = database_text()

    result = retention_run("2026-11-21", "--dry-run")
    assert result.code == 0
    assert result.json == {"today": "2026-11-21", "dry_run": True, "due": 3, "handed_off": 1, "awaiting_receipt": 1,
                           "purged": 1, "held": 1, "errors": 0}
    assert "(dry run: nothing is changed)" in result.out
    assert f"would purge 1 clients (delete, rule statutory-older-people): #{doomed.pk}" in result.out
    assert f"client #{archived.pk}: would hand over to Hyvinvointialueen arkisto" in result.out
    assert f"client #{held.pk}: due but held (legal hold on the client), not purged" in result.out
    assert database_text() == before
    assert not Path(settings.ARCHIVE_ROOT).exists() or not any(Path(settings.ARCHIVE_ROOT).rglob("*.json"))


def test_held_clients_are_never_purged_and_are_reported(caseworker, contact, register, provider, fast_pdf):
    on_hold, _ = due_statutory_client(caseworker, register, last_name="Hold")
    hold = legal_hold_place(actor=contact, client=on_hold, reason="Oikeudenkäynti", until=D(2027, 6, 30))
    asking, _ = due_statutory_client(caseworker, register, last_name="Pyytaja")
    request_services.request_register(actor=contact, client=asking, type=RequestType.ACCESS,
                                      received_on=D(2026, 11, 1), channel="in_person",
                                      submission_key=uuid.uuid4(), today=D(2026, 11, 1))
    from tests.conftest import make_register
    frozen_register = make_register(provider)
    in_frozen, _ = due_statutory_client(caseworker, frozen_register, last_name="Rekisteri")
    legal_hold_place(actor=contact, register=frozen_register, reason="Tietosuojavaltuutetun selvitys")
    free, _ = due_statutory_client(caseworker, register, last_name="Vapaa")

    result = retention_run("2026-11-21")
    assert (result.json["due"], result.json["held"], result.json["purged"]) == (4, 3, 1)
    assert [exists(c) for c in (on_hold, asking, in_frozen, free)] == [True, True, True, False]
    assert f"client #{on_hold.pk}: due but held (legal hold on the client)" in result.out
    assert f"client #{asking.pk}: due but held (open data-subject request)" in result.out
    assert f"client #{in_frozen.pk}: due but held (legal hold on the register)" in result.out

    # A hold that has ended, or been released, holds nothing.
    assert retention_run("2027-07-01").json["held"] == 2 and not exists(on_hold)
    legal_hold_release(actor=contact, hold=frozen_register.legal_holds.get(), note="Selvitys valmis")
    assert retention_run("2027-07-02").json["purged"] == 1 and not exists(in_frozen)
    assert hold.pk and exists(asking)


def test_a_crash_after_the_package_is_written_but_before_it_is_recorded(caseworker, purchased_register, monkeypatch,
                                                                         fast_pdf):
    client = county_client(caseworker, purchased_register)
    from retention.services import handoff as handoff_module

    def crash(**kwargs):
        raise RuntimeError("killed after writing the package")

    monkeypatch.setattr(handoff_module, "_handoff_record", crash)
    failed = retention_run("2026-06-01")
    assert failed.code == 1 and failed.json["errors"] == 1 and failed.json["handed_off"] == 0
    assert packages() == [f"{purchased_register.pk}/2026-06-01/client-{client.pk}"]
    assert not ArchiveHandoff.objects.exists() and RunFailure.objects.get().stage == "handoff"
    written = (Path(settings.ARCHIVE_ROOT) / packages()[0] / "manifest.json").read_bytes()

    monkeypatch.undo()
    monkeypatch.setattr("retention.services.handoff.client_file_pdf_bytes", lambda client, now: b"%PDF-other")
    rerun = retention_run("2026-06-01")
    assert rerun.code == 0 and rerun.json["handed_off"] == 1 and rerun.json["awaiting_receipt"] == 1
    assert packages() == [f"{purchased_register.pk}/2026-06-01/client-{client.pk}"]  # adopted, not rebuilt
    handoff = ArchiveHandoff.objects.get()
    assert (Path(settings.ARCHIVE_ROOT) / handoff.path / "manifest.json").read_bytes() == written

    # Days pass without a receipt: every run reuses the one package and deletes nothing.
    for day in ("2026-06-02", "2026-06-09"):
        waiting = retention_run(day)
        assert (waiting.json["handed_off"], waiting.json["awaiting_receipt"], waiting.json["purged"]) == (0, 1, 0)
    assert packages() == [handoff.path] and ArchiveHandoff.objects.count() == 1 and exists(client)

    receive(handoff)
    done = retention_run("2026-06-10")
    assert done.json["purged"] == 1 and not exists(client)
    record = PurgeRecord.objects.get()
    assert (record.client_count, record.counts["clients.Client"], record.package_sha256) == (
        1, 1, handoff.package_sha256)


def test_a_half_written_package_is_cleared_by_the_next_run(caseworker, purchased_register, fast_pdf):
    incoming = Path(settings.ARCHIVE_ROOT) / ".incoming" / "abc"
    incoming.mkdir(parents=True)
    (incoming / "data.json").write_text("{}")
    result = retention_run("2026-06-01")
    assert "1 half-written packages" in result.out and not incoming.exists()


@pytest.mark.parametrize("victim", ["client-file.pdf", "data.json", "manifest.json"])
def test_a_tampered_package_fails_verification_and_blocks_the_purge(caseworker, purchased_register, fast_pdf,
                                                                    victim):
    client = county_client(caseworker, purchased_register)
    retention_run("2026-06-01")
    handoff = ArchiveHandoff.objects.get()
    receive(handoff)
    path = Path(settings.ARCHIVE_ROOT) / handoff.path / victim
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01  # one byte changed
    path.write_bytes(bytes(data))

    result = retention_run("2026-06-02")
    assert result.code == 1 and result.json["errors"] == 1 and result.json["purged"] == 0 and exists(client)
    failure = RunFailure.objects.get()
    assert failure.stage == "verify" and failure.client_ref == client.pk
    assert "PackageInvalid" in failure.error and (victim in failure.error or "manifest" in failure.error)
    handoff.refresh_from_db()
    assert handoff.status == HandoffStatus.READY  # nothing was deleted; a person decides what next
    assert retention_run("2026-06-03").json["errors"] == 1 and exists(client)  # and it stays blocked


def test_a_client_file_changed_after_the_package_was_built_gets_a_new_package_before_any_purge(
        caseworker, purchased_register, fast_pdf):
    client = county_client(caseworker, purchased_register)
    retention_run("2026-06-01")
    first = ArchiveHandoff.objects.get()
    receive(first)
    entry_record(actor=caseworker, client=client, date=D(2026, 5, 31), content="Loppuyhteenveto")

    result = retention_run("2026-06-02")
    assert exists(client) and result.json["purged"] == 0 and result.json["handed_off"] == 1
    assert result.json["awaiting_receipt"] == 1
    assert "data changed since" in result.out
    first.refresh_from_db()
    second = ArchiveHandoff.objects.exclude(pk=first.pk).get()
    assert first.status == HandoffStatus.SUPERSEDED and second.status == HandoffStatus.AWAITING_RECEIPT
    assert "Loppuyhteenveto" in (Path(settings.ARCHIVE_ROOT) / second.path / "data.json").read_text()
    receive(second)
    assert retention_run("2026-06-03").json["purged"] == 1 and not exists(client)


def test_the_log_names_clients_by_number_only(caseworker, purchased_register, fast_pdf):
    client = county_client(caseworker, purchased_register, last_name="Lokiton")
    result = retention_run("2026-06-01")
    assert f"client #{client.pk}" in result.out and "Lokiton" not in result.out


def test_access_log_entries_past_their_own_retention_are_removed_except_for_held_clients(
        caseworker, contact, register):
    from clients.models import AccessEntry
    from retention.models import RetentionRule

    RetentionRule.objects.create(code="access-logs", name="Käyttöloki", record_kind="access_logs", statutory=True,
                                 start_event="document_date", period_years=2, action="delete")
    kept = person(caseworker, register, last_name="Loki")
    held = person(caseworker, register, last_name="Lokipito")
    legal_hold_place(actor=contact, client=held, reason="Selvitys")
    from django.utils import timezone
    for who in (kept, held):
        for at in (datetime.datetime(2024, 11, 20, 12), datetime.datetime(2024, 11, 22, 12)):
            entry = client_services.access_record(user=caseworker, client=who, kind="client_file")
            AccessEntry.objects.filter(pk=entry.pk).update(at=timezone.make_aware(at))
    result = retention_run("2026-11-21")
    assert "removed 1 access-log entries up to 2024-11-21 (rule access-logs)" in result.out
    assert kept.access_entries.count() == 1 and held.access_entries.count() == 2


def test_a_run_that_died_is_marked_failed_by_the_next_run_with_the_time_it_stopped(caseworker, register):
    """`kill -9` leaves the run row unfinished: the next run (holding the lock, so nobody else
    runs) marks it failed, stopped at the last thing it wrote, instead of "unfinished" for ever."""
    from django.utils import timezone

    from retention.models import RetentionRun, RunFailure

    started = timezone.now() - datetime.timedelta(hours=3)
    dead = RetentionRun.objects.create(today=datetime.date(2026, 11, 20), started_at=started)
    last = started + datetime.timedelta(minutes=7)
    RunFailure.objects.create(run=dead, client_ref=1, stage="purge", error="x", at=last)
    result = retention_run("2026-11-21")
    assert result.code == 0 and "died; marked failed" in result.out
    dead.refresh_from_db()
    assert dead.finished_at == last and dead.summary["status"] == "failed"
    assert dead.summary["stopped_at"] == last.isoformat()
    assert RetentionRun.objects.filter(finished_at__isnull=True).count() == 0
