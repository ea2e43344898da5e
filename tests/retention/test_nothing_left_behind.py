"""Nothing left behind (issue 18): once the archive's receipt is recorded and the client purged,
our copy of the package goes; the handoff keeps only its reference, manifest checksum and dates.
After a run with handoffs, ARCHIVE_ROOT, MEDIA_ROOT and every row of every table hold none of
the purged clients' names or identity codes."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from retention.constants import HandoffStatus
from retention.models import ArchiveHandoff
from retention.services.purge import purged_packages_remove

from .conftest import county_client, database_text, due_statutory_client, receive, retention_run

pytestmark = pytest.mark.django_db

# Seed 002, the purchased-services register's own promise:
SEED_002 = ("Kun asiakkuus päättyy, poistamme järjestelmässä olevat asiakastiedot ja siirrämme ne järjestelmämme "
            "arkistoon tuhottavaksi. Toimitamme asiakasasiakirjat hyvinvointialueen arkistoon hyvinvointialueen "
            "ohjeen mukaisesti.")


def files_under(root: str) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def residue(needles: list[str]) -> list[str]:
    """Every place a needle is still found: a file's name or bytes, a database row."""
    found = []
    for root in (settings.ARCHIVE_ROOT, settings.MEDIA_ROOT):
        for path in files_under(root):
            data = path.read_bytes()
            found += [f"{path}: {n}" for n in needles if n.encode() in data or n in str(path)]
    text = database_text()
    found += [f"database: {n}" for n in needles if n in text]
    return found


def test_after_a_run_with_handoffs_no_purged_clients_name_or_identity_code_is_left_on_disk_or_in_the_database(
        caseworker, register, purchased_register, fast_pdf, django_capture_on_commit_callbacks):
    assert "hyvinvointialueen arkistoon" in SEED_002
    handed = [county_client(caseworker, purchased_register, last_name=name, first_names="Arja")
              for name in ("Arkistoinen", "Luovutettu")]
    deleted, _file = due_statutory_client(caseworker, register, last_name="Poistuva", first_names="Pekka")
    needles = [n for c in (*handed, deleted) for n in (c.identity_code, c.last_name, f"Arja {c.last_name}")]
    needles = sorted(set(needles) - {"Arja Poistuva"})

    first = retention_run("2026-06-01").json
    assert (first["handed_off"], first["purged"]) == (2, 1)
    packages = {h.pk: Path(settings.ARCHIVE_ROOT) / h.path for h in ArchiveHandoff.objects.all()}
    assert all(p.is_dir() for p in packages.values())
    for handoff in ArchiveHandoff.objects.all():
        receive(handoff)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run("2026-06-02").json["purged"] == 2

    assert residue(needles) == []
    assert not any(p.exists() for p in packages.values())
    for handoff in ArchiveHandoff.objects.all():
        assert handoff.status == HandoffStatus.PURGED and handoff.purged_at is not None
        assert handoff.receipt_reference == "R-1" and len(handoff.package_sha256) == 64 and handoff.received_on


def test_a_package_left_by_a_crash_after_the_purge_is_removed_by_the_next_run(
        caseworker, purchased_register, fast_pdf, monkeypatch):
    client = county_client(caseworker, purchased_register, last_name="Kaatuminen")
    retention_run("2026-06-01")
    receive(ArchiveHandoff.objects.get())
    # The machine stops right after the purge's commit, before our copy is removed.
    monkeypatch.setattr("retention.services.package.package_remove", lambda path: None)
    retention_run("2026-06-02")
    handoff = ArchiveHandoff.objects.get()
    folder = Path(settings.ARCHIVE_ROOT) / handoff.path
    assert handoff.status == HandoffStatus.PURGED and folder.is_dir()
    monkeypatch.undo()

    assert purged_packages_remove() == 1 or not folder.exists()
    retention_run(datetime.date(2026, 6, 3))
    assert not folder.exists() and residue([client.identity_code, "Kaatuminen"]) == []
