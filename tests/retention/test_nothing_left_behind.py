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


def test_after_a_case_is_handed_over_on_its_own_nothing_of_its_records_is_left_on_disk_or_in_the_database(
        caseworker, provider, fast_pdf, django_capture_on_commit_callbacks):
    """Retention per case: the client stays (another case is open), one closed case's records go
    to the archive on their own. After the receipt and the run, neither our copy of the case's
    package, nor the stored document, nor any row or change history holds the case's words."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from clients import services as client_services
    from clients.constants import ServiceTask
    from clients.services.file import entry_record, granted_service_add, plan_version_create
    from retention.models import RetentionRule
    from tests.conftest import make_register

    from .conftest import PDF_BYTES, add_case, person

    records = make_register(provider)
    rule = RetentionRule.objects.create(
        code="older-people-archive", name="Iäkkäiden asiakirjat kunnan arkistoon", controller=provider,
        applies_to="cases_of_task", service_task=ServiceTask.OLDER_PEOPLE, start_event="case_closed",
        period_years=10, action="archive_then_delete", receipt_required=True, archive_name="Kunnan arkisto")
    rule.registers.set([records])
    client = person(caseworker, records, last_name="Jaettava")
    on = datetime.date(2010, 3, 1)
    old = add_case(caseworker, client, ServiceTask.OLDER_PEOPLE, on, datetime.date(2012, 1, 15))
    service = granted_service_add(actor=caseworker, case=old, content="Kotihoito Vanhasalo", valid_from=on)
    entry_record(actor=caseworker, client=client, date=on, duration_minutes=45, granted_service=service,
                 content="Käynti Vanhasalossa: lääkkeet Xerbolol")
    plan_version_create(actor=caseworker, client=client, client_view="Kotona Vanhasalossa",
                        service_and_need="Kotihoito", goals="Xerbolol-lääkitys kuntoon",
                        review_on=on + datetime.timedelta(days=180), made_on=on, place="Tampere", case=old)
    marked = PDF_BYTES.replace(b"%%EOF", b"%Xerbolol-resepti\n%%EOF")
    client_services.document_upload(
        actor=caseworker, client=client, kind="signed_form", title="Xerbolol-päätös", document_date=on, case=old,
        uploaded_file=SimpleUploadedFile("xerbolol.pdf", marked, content_type="application/pdf"))
    add_case(caseworker, client, ServiceTask.DISABILITY, datetime.date(2011, 5, 1))
    needles = ["Xerbolol", "Vanhasalo"]

    assert retention_run("2022-01-16").json["handed_off"] == 1
    handoff = ArchiveHandoff.objects.get()
    package = Path(settings.ARCHIVE_ROOT) / handoff.path
    assert package.is_dir() and residue(needles)  # the package (and the records) hold them until then
    receive(handoff)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run("2022-01-17").code == 0

    assert residue(needles) == []
    assert not package.exists()
    handoff.refresh_from_db()
    assert handoff.status == HandoffStatus.PURGED and handoff.case_ref == old.pk
    assert handoff.receipt_reference == "R-1" and len(handoff.package_sha256) == 64


def test_a_client_whose_case_package_awaits_the_archives_receipt_is_not_purged_until_it_is_received(
        caseworker, provider, fast_pdf, django_capture_on_commit_callbacks):
    """Issue 18: a closed case's package was handed to the archive on its own; then the client's
    last rule runs out before the archive's receipt. Purging the client now would leave the case's
    package (names, identity code) on disk and the archive's receipt never recorded: the client
    waits, counted and logged as awaiting the receipt, in the dry run too. Once the receipt is
    recorded the next run removes the case's records and the client, and no package of the
    client is left under ARCHIVE_ROOT."""
    from clients import services as client_services
    from clients.constants import ServiceTask
    from clients.models import Client
    from clients.services.file import case_close
    from retention.models import RetentionRule
    from tests.conftest import make_register

    from .conftest import add_case, person

    records = make_register(provider)
    rule = RetentionRule.objects.create(
        code="older-people-archive", name="Iäkkäiden asiakirjat kunnan arkistoon", controller=provider,
        applies_to="cases_of_task", service_task=ServiceTask.OLDER_PEOPLE, start_event="case_closed",
        period_years=10, action="archive_then_delete", receipt_required=True, archive_name="Kunnan arkisto")
    rule.registers.set([records])
    client = person(caseworker, records, last_name="Odottava", first_names="Oili")
    add_case(caseworker, client, ServiceTask.OLDER_PEOPLE, datetime.date(2010, 3, 1), datetime.date(2012, 1, 15))
    other = add_case(caseworker, client, ServiceTask.DISABILITY, datetime.date(2011, 5, 1))
    needles = [client.identity_code, "Odottava"]

    assert retention_run("2022-01-16").json["handed_off"] == 1
    (case_handoff,) = ArchiveHandoff.objects.all()
    assert case_handoff.case_ref is not None and case_handoff.status == HandoffStatus.AWAITING_RECEIPT
    case_package = Path(settings.ARCHIVE_ROOT) / case_handoff.path
    assert case_package.is_dir()
    # The client's last rule runs out before the archive has confirmed the case's package.
    client_services.client_update(actor=caseworker, client=client, date_of_death=datetime.date(2015, 1, 1))
    case_close(actor=caseworker, case=other, closed_on=datetime.date(2014, 12, 31))

    dry = retention_run("2025-01-01", "--dry-run")
    assert dry.code == 0, dry.out + dry.err
    assert [dry.json[k] for k in ("due", "handed_off", "purged", "awaiting_receipt")] == [1, 0, 0, 1]
    assert f"client #{client.pk}: due, but not purged yet: its case package {case_handoff.path}" in dry.out

    kept = retention_run("2025-01-01")
    assert kept.code == 0, kept.out + kept.err
    assert [kept.json[k] for k in ("due", "handed_off", "purged", "awaiting_receipt")] == [1, 0, 0, 1]
    assert f"client #{client.pk}: due, but not purged yet: its case package {case_handoff.path}" in kept.out
    assert Client.objects.filter(pk=client.pk).exists() and case_package.is_dir()

    receive(case_handoff)
    # The case goes as designed, our copy of its package with it; then the client file is handed
    # over (a rule of the client archives) and, once that package is received too, purged.
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_run("2025-01-02").code == 0
    assert not case_package.exists() and Client.objects.filter(pk=client.pk).exists()
    for handoff in ArchiveHandoff.objects.filter(status=HandoffStatus.AWAITING_RECEIPT):
        receive(handoff)
    assert retention_run("2025-01-03", "--dry-run").json["purged"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        purged = retention_run("2025-01-03")
    assert purged.code == 0, purged.out + purged.err
    assert (purged.json["purged"], purged.json["awaiting_receipt"]) == (1, 0)

    assert not Client.objects.filter(pk=client.pk).exists()
    assert not case_package.exists()
    on_disk = [f"{path}: {n}" for path in files_under(settings.ARCHIVE_ROOT) for n in needles
               if n.encode() in path.read_bytes() or n in str(path)]
    assert on_disk == []
    for handoff in ArchiveHandoff.objects.all():
        assert handoff.status == HandoffStatus.PURGED and handoff.purged_at is not None
        assert handoff.receipt_reference == "R-1" and len(handoff.package_sha256) == 64 and handoff.received_on
        assert handoff.client_id is None
