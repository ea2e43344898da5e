"""Archive handoff in two phases.

Phase 1 (`handoff_build`) writes a client's package under ARCHIVE_ROOT (see `package`), reads it
back, and only then records it, with the handoff in the client's disclosure log, as awaiting
the archive's receipt. Phase 2 (`handoff_receipt_record`) records the receipt; only then may the
client be purged (or at once, when the rule needs no receipt).

Guarantees:
- A client has at most one live package; every run reuses it instead of building another.
- A crash between writing and recording leaves a folder nobody recorded: the next run adopts it
  when it holds the same data (same client, same day), otherwise removes and rebuilds it. That
  folder is found through the pending record written before it (`pending_mark`), at a constant
  cost: the archive is never searched.
- At purge time the package is verified again and its data compared with the database
  (`handoff_check`): a tampered package, or a client file changed after the package was built,
  never leads to a purge of data the archive does not have."""

import datetime
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.constants import RecipientKind
from clients.models import Case, Client
from clients.services import disclosure_record

from ..constants import HandoffStatus
from ..models import ArchiveHandoff, RetentionRule, RetentionRun
from . import package
from .package import PackageInfo, PackageInvalid


class HandoffStale(Exception):
    """The client's data changed after the package was built."""


def client_file_pdf_bytes(client: Client, *, now: datetime.datetime) -> bytes:
    """The client file as PDF, rendered by the clients app (the same PDF as the client gets)."""
    from clients.selectors import client_file_pdf

    return client_file_pdf(client, now=now)


def _package_path(client: Client, today: datetime.date) -> str:
    return f"{client.register_id}/{today:%Y-%m-%d}/client-{client.pk}"


# Before a package is written, its folder is named in a pending record
# (ARCHIVE_ROOT/.pending/client-<pk>); the record goes once the handoff row is committed. A crash
# in between leaves the record, so the folder it left is found by reading one small file, never
# by searching the archive (which grows every night and is never pruned).
PENDING = ".pending"


def _pending_file(client_ref: int, case_ref: int | None = None) -> Path:
    name = f"client-{client_ref}" if case_ref is None else f"client-{client_ref}-case-{case_ref}"
    return package.archive_root() / PENDING / name


def pending_mark(client_ref: int, relative_path: str, case_ref: int | None = None) -> None:
    """Name the folder about to be written for this client (or one case of it), durably, before
    any of it exists."""
    path = _pending_file(client_ref, case_ref)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}")
    with partial.open("w") as handle:
        handle.write(relative_path)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def pending_clear(client_ref: int, case_ref: int | None = None) -> None:
    _pending_file(client_ref, case_ref).unlink(missing_ok=True)


def pending_folder(client_ref: int, case_ref: int | None = None) -> str | None:
    path = _pending_file(client_ref, case_ref)
    try:
        return path.read_text().strip() or None
    except FileNotFoundError:
        return None


def _unrecorded_folders(client: Client, wanted: str, case_ref: int | None = None) -> list[str]:
    """Folders of this client that no handoff row records (a crash between writing and
    recording): the one its pending record names, and any at today's deterministic names
    (`wanted`, `wanted-2`, ...) that exist without a row. A constant number of look-ups
    however many packages the archive holds."""
    root = package.archive_root()
    recorded = set(ArchiveHandoff.objects.filter(client_ref=client.pk).values_list("path", flat=True))
    candidates = set()
    marked = pending_folder(client.pk, case_ref)
    if marked is not None:
        candidates.add(marked)
    number, path = 1, wanted
    while path in recorded or (root / path).is_dir():
        candidates.add(path)
        number += 1
        path = f"{wanted}-{number}"
    return sorted(c for c in candidates
                  if c not in recorded and not c.startswith(package.INCOMING) and (root / c).is_dir())


def _free_path(wanted: str) -> str:
    root = package.archive_root()
    path, number = wanted, 1
    while ArchiveHandoff.objects.filter(path=path).exists() or (root / path).exists():
        number += 1
        path = f"{wanted}-{number}"
    return path


def _adopt_or_remove(leftovers: Iterable[str], wanted: str, data_sha256: str) -> PackageInfo | None:
    """Folders a run left without a record (it died after writing): today's package of the same
    data is adopted (its info returned), every other one removed."""
    info = None
    for leftover in leftovers:
        today_s = leftover == wanted or leftover.startswith(f"{wanted}-")
        if info is None and today_s and (adopted := _adoptable(leftover, data_sha256)):
            info = adopted
        else:
            package.package_remove(leftover)
    return info


def _adoptable(relative_path: str, data_sha256: str) -> PackageInfo | None:
    """A folder a crashed run wrote but never recorded, still whole and with today's data."""
    manifest_path = package.archive_root() / relative_path / package.MANIFEST
    if not manifest_path.is_file():
        return None
    checksum = package.sha256_file(manifest_path)
    try:
        manifest = package.package_verify(relative_path=relative_path, package_sha256=checksum)
    except (PackageInvalid, ValueError, KeyError):
        return None
    if package.package_data_sha256(relative_path) != data_sha256:
        return None
    files = manifest["files"]
    return PackageInfo(path=relative_path, package_sha256=checksum, data_sha256=data_sha256,
                       file_count=len(files) + 1,
                       total_bytes=sum(f["bytes"] for f in files) + manifest_path.stat().st_size)


def _handoff_record(
    *, client: Client, rule: RetentionRule, info: PackageInfo, today: datetime.date, run: RetentionRun | None,
    actor: User, when: datetime.datetime,
) -> ArchiveHandoff:
    """Phase 1's last step, in one transaction: the disclosure-log entry and the handoff row."""
    with transaction.atomic():
        disclosure = disclosure_record(
            actor=actor, client=client, recipient_kind=RecipientKind.ARCHIVE,
            recipient_name=rule.archive_name[:200],
            legal_basis=(rule.legal_reference or rule.name)[:300],
            content=_("Client file handed over for archiving: client-file PDF, data and documents "
                      "(package %(path)s).") % {"path": info.path},
            when=when,
        )
        return ArchiveHandoff.objects.create(
            client=client, client_ref=client.pk, register_id=client.register_id, rule=rule, run=run,
            disclosure=disclosure, archive_name=rule.archive_name, built_on=today, path=info.path,
            package_sha256=info.package_sha256, data_sha256=info.data_sha256, file_count=info.file_count,
            total_bytes=info.total_bytes,
            status=HandoffStatus.AWAITING_RECEIPT if rule.receipt_required else HandoffStatus.READY,
            receipt_required=rule.receipt_required, created_at=when, verified_at=when,
        )


def open_handoff(client: Client) -> ArchiveHandoff | None:
    """The client file's live package (a case's own package is not the client's)."""
    return ArchiveHandoff.objects.filter(
        client_ref=client.pk, case_ref__isnull=True,
        status__in=[HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY]).first()


def handoff_build(
    *, client: Client, rule: RetentionRule, today: datetime.date, run: RetentionRun | None, actor: User,
    when: datetime.datetime | None = None,
) -> tuple[ArchiveHandoff, bool]:
    """Phase 1 for one client: (the handoff, whether it was built now). A live package is
    reused as it is."""
    existing = open_handoff(client)
    if existing is not None:
        if pending_folder(client.pk) == existing.path:  # died after the commit, before clearing
            pending_clear(client.pk)
        return existing, False
    when = when or timezone.now()
    data = package.client_data_json(client)
    data_sha256 = package.sha256_bytes(data)
    wanted = _package_path(client, today)
    info = _adopt_or_remove(_unrecorded_folders(client, wanted), wanted, data_sha256)
    if info is None:
        path = _free_path(wanted)
        pending_mark(client.pk, path)
        controller = client.register.controller
        info = package.package_write(
            relative_path=path, data_json=data, pdf=client_file_pdf_bytes(client, now=when),
            documents=list(client.documents.order_by("pk")),
            meta={
                "client_ref": client.pk, "built_on": today, "created_at": when,
                "controller": {"name": controller.name, "business_id": controller.business_id},
                "register": {"name": client.register.name, "kind": client.register.kind},
                "archive": rule.archive_name,
                "rule": {"code": rule.code, "name": rule.name, "source": rule.legal_reference},
                "address_protection": package.address_protection_marking(client),
            },
        )
    handoff = _handoff_record(client=client, rule=rule, info=info, today=today, run=run, actor=actor, when=when)
    pending_clear(client.pk)
    return handoff, True


def handoff_check(handoff: ArchiveHandoff, client: Client, *, when: datetime.datetime | None = None) -> None:
    """Before a purge: the package must still verify (raises PackageInvalid) and must hold the
    client's current data (raises HandoffStale)."""
    package.package_verify(relative_path=handoff.path, package_sha256=handoff.package_sha256)
    current = package.sha256_bytes(package.client_data_json(client, exclude_disclosure=handoff.disclosure_id))
    if current != handoff.data_sha256:
        raise HandoffStale(handoff.path)
    ArchiveHandoff.objects.filter(pk=handoff.pk).update(verified_at=when or timezone.now())


@transaction.atomic
def handoff_receipt_record(
    *, handoff: ArchiveHandoff, reference: str, actor: User, received_on: datetime.date | None = None,
    package_sha256: str | None = None, when: datetime.datetime | None = None,
) -> ArchiveHandoff:
    """Phase 2: the archive confirms it received the package. With `package_sha256` (a receipt
    file states it) the receipt must name this very package."""
    handoff = ArchiveHandoff.objects.select_for_update().get(pk=handoff.pk)
    if handoff.status not in (HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY):
        raise ValidationError(_("Package %(path)s is no longer open (%(status)s).") % {
            "path": handoff.path, "status": handoff.get_status_display()})
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Give the archive's receipt reference.")})
    if package_sha256 is not None and package_sha256.strip().lower() != handoff.package_sha256:
        raise ValidationError(_("The receipt's checksum does not match package %(path)s: the archive "
                                "confirmed some other package.") % {"path": handoff.path})
    when = when or timezone.now()
    handoff.status = HandoffStatus.READY
    handoff.receipt_reference = reference[:200]
    handoff.received_on = received_on or timezone.localdate(when)
    handoff.receipt_recorded_at = when
    handoff.receipt_recorded_by = actor
    handoff.save(update_fields=["status", "receipt_reference", "received_on", "receipt_recorded_at",
                                "receipt_recorded_by"])
    return handoff


@transaction.atomic
def handoff_supersede(*, handoff: ArchiveHandoff, actor: User) -> ArchiveHandoff:
    """Give up a package (its data went stale, or it failed verification): the next run builds
    a new one, which needs a new receipt. The folder stays for the record."""
    handoff = ArchiveHandoff.objects.select_for_update().get(pk=handoff.pk)
    if handoff.status not in (HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY):
        raise ValidationError(_("Package %(path)s is no longer open (%(status)s).") % {
            "path": handoff.path, "status": handoff.get_status_display()})
    handoff.status = HandoffStatus.SUPERSEDED
    handoff.save(update_fields=["status"])
    return handoff


# Retention per case: one closed case's records handed over on their own ------------------------

def _case_package_path(case: Case, client: Client, today: datetime.date) -> str:
    return f"{client.register_id}/{today:%Y-%m-%d}/client-{client.pk}-case-{case.pk}"


def open_case_handoff(case: Case) -> ArchiveHandoff | None:
    return ArchiveHandoff.objects.filter(
        case_ref=case.pk, status__in=[HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY]).first()


def case_handoff_build(
    *, case: Case, rule: RetentionRule, today: datetime.date, run: RetentionRun | None, actor: User,
    when: datetime.datetime | None = None,
) -> tuple[ArchiveHandoff, bool]:
    """Phase 1 for one closed case whose own period has run out while the client stays: a
    package of the case alone (its data.json and documents, no client-file PDF), written,
    read back and recorded with the same crash safety as a client's (`handoff_build`): a
    pending record names the folder before it is written, a folder left by a crash is adopted
    when it holds the same data, otherwise removed. (the handoff, whether it was built now)."""
    client = case.client
    existing = open_case_handoff(case)
    if existing is not None:
        if pending_folder(client.pk, case.pk) == existing.path:  # died after the commit, before clearing
            pending_clear(client.pk, case.pk)
        return existing, False
    when = when or timezone.now()
    data = package.case_data_json(case)
    data_sha256 = package.sha256_bytes(data)
    wanted = _case_package_path(case, client, today)
    info = _adopt_or_remove(_unrecorded_folders(client, wanted, case.pk), wanted, data_sha256)
    if info is None:
        path = _free_path(wanted)
        pending_mark(client.pk, path, case.pk)
        controller = client.register.controller
        info = package.package_write(
            relative_path=path, data_json=data, pdf=None,
            documents=list(case.documents.order_by("pk")),
            meta={
                "client_ref": client.pk, "case_ref": case.pk, "service_task": case.service_task,
                "opened_on": case.opened_on, "closed_on": case.closed_on, "built_on": today, "created_at": when,
                "controller": {"name": controller.name, "business_id": controller.business_id},
                "register": {"name": client.register.name, "kind": client.register.kind},
                "archive": rule.archive_name,
                "rule": {"code": rule.code, "name": rule.name, "source": rule.legal_reference},
            },
        )
    with transaction.atomic():
        disclosure = disclosure_record(
            actor=actor, client=client, recipient_kind=RecipientKind.ARCHIVE,
            recipient_name=rule.archive_name[:200],
            legal_basis=(rule.legal_reference or rule.name)[:300],
            content=_("The records of a closed case (%(task)s) handed over for archiving: data and documents "
                      "(package %(path)s).") % {"task": case.get_service_task_display(), "path": info.path},
            when=when,
        )
        handoff = ArchiveHandoff.objects.create(
            client=client, client_ref=client.pk, case_ref=case.pk, register_id=client.register_id, rule=rule,
            run=run, disclosure=disclosure, archive_name=rule.archive_name, built_on=today, path=info.path,
            package_sha256=info.package_sha256, data_sha256=info.data_sha256, file_count=info.file_count,
            total_bytes=info.total_bytes,
            status=HandoffStatus.AWAITING_RECEIPT if rule.receipt_required else HandoffStatus.READY,
            receipt_required=rule.receipt_required, created_at=when, verified_at=when,
        )
    pending_clear(client.pk, case.pk)
    return handoff, True


def case_handoff_check(handoff: ArchiveHandoff, case: Case, *, when: datetime.datetime | None = None) -> None:
    """Before a case's records are purged: the package must still verify (raises PackageInvalid)
    and hold the case's current records (raises HandoffStale)."""
    package.package_verify(relative_path=handoff.path, package_sha256=handoff.package_sha256)
    if package.sha256_bytes(package.case_data_json(case)) != handoff.data_sha256:
        raise HandoffStale(handoff.path)
    ArchiveHandoff.objects.filter(pk=handoff.pk).update(verified_at=when or timezone.now())
