"""Archive packages on disk: build, write atomically, verify.

A package is one folder under ARCHIVE_ROOT:

    <register pk>/<built on>/client-<client pk>/
    <register pk>/<built on>/client-<client pk>-case-<case pk>/   one closed case's records alone
        (no client-file PDF: data.json holds the case and its records, documents/ its documents)
        client-file.pdf     the client file as the client-file PDF
        data.json           every row hanging off the client (sorted keys, one fixed order)
        documents/...       the stored documents, byte for byte
        manifest.json       what the package is, and the SHA-256 and size of every file above;
                            "address_protection" marks a client or a person close to them who
                            carries turvakielto (the archive keeps the address with the marking)

The folder is written under ARCHIVE_ROOT/.incoming/ and renamed into place in one step, so a
package either exists whole or not at all; then every file is read back and checked against
the manifest. The checksum of manifest.json is the package's checksum: it pins every file.
No client name appears in any path."""

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.text import get_valid_filename

from clients.models import Case, Client, Document

from .graph import case_objects, is_handed_over, related_objects

DATA_FORMAT = "asiakasrekisteri-client-data/1"
MANIFEST_FORMAT = "asiakasrekisteri-archive-package/1"
MANIFEST = "manifest.json"
INCOMING = ".incoming"


class PackageInvalid(Exception):
    """The package on disk does not match its manifest or its recorded checksum."""


@dataclass(frozen=True)
class PackageInfo:
    path: str  # relative to ARCHIVE_ROOT
    package_sha256: str
    data_sha256: str
    file_count: int
    total_bytes: int


def archive_root() -> Path:
    return Path(settings.ARCHIVE_ROOT)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sorted_lists(value: Any) -> Any:
    """Many-to-many values come out in no fixed order; sort them so equal data gives equal bytes."""
    if isinstance(value, dict):
        return {k: _sorted_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_lists(v) for v in value]
        try:
            return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, cls=DjangoJSONEncoder))
        except TypeError:
            return items
    return value


def _natural_keys_load(rows_by_model: dict[type[models.Model], list[models.Model]]) -> None:
    """The rows a natural foreign key names (users by username) in one query per model, put
    where the serialiser looks for them: without this it reads one user per row and field."""
    wanted: dict[type[models.Model], dict[int, list[tuple[models.Model, models.ForeignKey]]]] = {}
    for rows in rows_by_model.values():
        for field in rows[0]._meta.concrete_fields if rows else ():
            if not isinstance(field, models.ForeignKey):
                continue
            target = field.related_model
            if not isinstance(target, type) or not hasattr(target, "natural_key"):
                continue
            for obj in rows:
                ref = getattr(obj, field.attname)
                if ref is not None and not field.is_cached(obj):
                    wanted.setdefault(target, {}).setdefault(ref, []).append((obj, field))
    for target, refs in wanted.items():
        for related in target._base_manager.filter(pk__in=list(refs)):
            for obj, field in refs[related.pk]:
                field.set_cached_value(obj, related)


def _records(objects: dict[type[models.Model], dict[int, models.Model]]) -> list[Any]:
    """The handed-over rows of `objects` as Django serialises them, by model and primary key."""
    rows_by_model = {model: [obj for _pk, obj in sorted(rows.items())]
                     for model, rows in sorted(objects.items(), key=lambda item: item[0]._meta.label_lower)
                     if is_handed_over(model)}
    _natural_keys_load(rows_by_model)
    records = []
    for rows in rows_by_model.values():
        records += serializers.serialize("python", rows, use_natural_foreign_keys=True)
    return _sorted_lists(records)


def client_data_json(client: Client, *, exclude_disclosure: int | None = None) -> bytes:
    """data.json: every row handed over with the client, as Django serialises it (users by
    username), ordered by model and primary key, keys sorted. Deterministic: the same data gives
    the same bytes, which is how a package is known to be still current at purge time.
    `exclude_disclosure` leaves out the disclosure-log entry recording the handoff itself."""
    objects = related_objects([client])
    if exclude_disclosure is not None:
        for model in objects:
            if model._meta.label_lower == "clients.disclosure":
                objects[model] = {pk: obj for pk, obj in objects[model].items() if pk != exclude_disclosure}
    payload = {"format": DATA_FORMAT, "client_ref": client.pk, "records": _records(objects)}
    return json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, indent=1).encode()


def address_protection_marking(client: Client) -> dict[str, Any]:
    """The turvakielto of the client and of the people close to them, for the manifest: the
    archive takes the record as it is, address included, and the marking travels with it
    (clients/selectors/protection.py), so the archive knows the address reaches no one but the
    client and those serving them."""
    people = sorted(client.representatives.filter(address_protected=True).values_list("pk", flat=True))
    return {
        "client": client.address_protected,
        "representatives": people,
        "rule": "turvakielto: the address and municipality are given to no one but the client and those "
                "serving the client" if client.address_protected or people else "",
    }


def case_data_json(case: Case) -> bytes:
    """data.json of a package of one closed case (retention per case): the case row and every
    row its own retention removes (graph.case_objects), as `client_data_json` writes a client's."""
    payload = {"format": DATA_FORMAT, "client_ref": case.client_id, "case_ref": case.pk,
               "records": _records(case_objects(case))}
    return json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, indent=1).encode()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def document_package_name(document: Document) -> str:
    return f"documents/{document.pk}-{get_valid_filename(document.original_name or 'document')}"


def package_write(
    *, relative_path: str, data_json: bytes, pdf: bytes | None, documents: list[Document],
    meta: dict[str, Any],
) -> PackageInfo:
    """Write a new package atomically and verify it. The destination must not exist."""
    root = archive_root()
    final = root / relative_path
    if final.exists():
        raise FileExistsError(relative_path)
    incoming = root / INCOMING / uuid.uuid4().hex
    try:
        files: dict[str, bytes] = {"data.json": data_json}
        if pdf is not None:
            files["client-file.pdf"] = pdf
        for document in documents:
            with document.file.open("rb") as handle:
                files[document_package_name(document)] = handle.read()
        entries: list[dict[str, Any]] = []
        for name, content in sorted(files.items()):
            _write(incoming / name, content)
            entries.append({"path": name, "sha256": sha256_bytes(content), "bytes": len(content)})
        manifest = json.dumps({**meta, "format": MANIFEST_FORMAT, "files": entries},
                              cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, indent=1).encode()
        _write(incoming / MANIFEST, manifest)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.rename(incoming, final)  # atomic on one filesystem: whole package or none
        _fsync_dir(final.parent)
    except BaseException:
        shutil.rmtree(incoming, ignore_errors=True)
        raise
    package_sha256 = sha256_bytes(manifest)
    package_verify(relative_path=relative_path, package_sha256=package_sha256)
    return PackageInfo(path=relative_path, package_sha256=package_sha256, data_sha256=sha256_bytes(data_json),
                       file_count=len(entries) + 1, total_bytes=sum(int(e["bytes"]) for e in entries) + len(manifest))


def package_verify(*, relative_path: str, package_sha256: str) -> dict[str, Any]:
    """Read the package back: the manifest must have the recorded checksum, every file listed
    must be there with its checksum and size, and nothing else may be there. Returns the
    manifest; raises PackageInvalid saying what is wrong."""
    folder = archive_root() / relative_path
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise PackageInvalid(f"{relative_path}: manifest.json is missing")
    if sha256_file(manifest_path) != package_sha256:
        raise PackageInvalid(f"{relative_path}: manifest.json does not match the recorded checksum")
    manifest = json.loads(manifest_path.read_bytes())
    listed = {entry["path"] for entry in manifest["files"]}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    if present - listed:
        raise PackageInvalid(f"{relative_path}: files not in the manifest: {', '.join(sorted(present - listed))}")
    for entry in manifest["files"]:
        path = folder / entry["path"]
        if not path.is_file():
            raise PackageInvalid(f"{relative_path}: {entry['path']} is missing")
        if path.stat().st_size != entry["bytes"] or sha256_file(path) != entry["sha256"]:
            raise PackageInvalid(f"{relative_path}: {entry['path']} does not match its checksum")
    return manifest


def package_data_sha256(relative_path: str) -> str | None:
    path = archive_root() / relative_path / "data.json"
    return sha256_file(path) if path.is_file() else None


def package_remove(relative_path: str) -> None:
    """Remove our copy of a package: one never recorded (left by a crash: nobody received it),
    or one whose client is purged after the archive's receipt (the handoff keeps its reference,
    checksum and dates)."""
    shutil.rmtree(archive_root() / relative_path, ignore_errors=True)


def incoming_clear() -> int:
    """Remove half-written packages a crashed run left behind (they hold personal data). Only
    called under the run lock, when no package is being written."""
    incoming = archive_root() / INCOMING
    if not incoming.is_dir():
        return 0
    removed = 0
    for path in incoming.iterdir():
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed
