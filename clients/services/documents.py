"""Client documents (seed 002): scanned payment commitments, transport permits, signed forms.

What this module guarantees:
- Only PDF, JPEG and PNG files of at most 10 MB are stored, judged by the file's own first bytes
  and its extension together (the browser's content type is not trusted). A refused upload
  leaves nothing behind: no file under MEDIA_ROOT and no row.
- Files are written through Django's storage API under a random name (`document_path`); the
  uploaded name is kept only as sanitised text for the download's file name.
- A stored file whose row cannot be written is deleted again.
- A document is read only through `document_open`, which checks access like every client view
  (404 for a client the user may not see) and writes one access-log entry per download.
"""

import datetime
import hashlib
import unicodedata

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import acting_as

from ..constants import AccessKind, DocumentKind
from ..models import Client, Document
from ..selectors import clients_visible_to
from .register import client_open

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024
# Content type by extension, and the signature the file's first bytes must start with.
DOCUMENT_TYPES: dict[str, tuple[str, bytes]] = {
    "pdf": ("application/pdf", b"%PDF-"),
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}
NAME_MAX_LENGTH = 200
_UNSAFE_NAME_CHARS = set('<>:"/\\|?*')


def document_name_clean(name: str) -> str:
    """The uploaded file name as harmless text: the last path component only, no control or
    bidirectional-override characters, no leading dots, at most 200 characters (the extension
    kept). "../../etc/passwd.pdf" becomes "passwd.pdf"."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        "_" if char in _UNSAFE_NAME_CHARS else char
        for char in name if not unicodedata.category(char).startswith("C")
    )
    name = name.strip().lstrip(".").strip()
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) < 10:
            name = stem[: NAME_MAX_LENGTH - len(extension) - 1] + "." + extension
        else:
            name = name[:NAME_MAX_LENGTH]
    return name


def _extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def document_file_check(uploaded_file: UploadedFile) -> str:
    """The content type of an acceptable upload; ValidationError (on "file") with a message a
    caseworker understands otherwise."""
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > MAX_DOCUMENT_SIZE:
        raise ValidationError({"file": _(
            "The file is too large (%(size)s). The largest allowed size is %(limit)s."
        ) % {"size": filesizeformat(size), "limit": filesizeformat(MAX_DOCUMENT_SIZE)}})
    extension = _extension(document_name_clean(uploaded_file.name or ""))
    if extension not in DOCUMENT_TYPES:
        raise ValidationError({"file": _(
            "This type of file cannot be stored. Allowed file types are PDF, JPEG and PNG.")})
    content_type, signature = DOCUMENT_TYPES[extension]
    uploaded_file.seek(0)
    head = uploaded_file.read(len(signature))
    uploaded_file.seek(0)
    if head != signature:
        raise ValidationError({"file": _(
            "The file's content does not match its name (.%(extension)s). Allowed file types are PDF, "
            "JPEG and PNG."
        ) % {"extension": extension}})
    return content_type


def _size_and_sha256(uploaded_file: UploadedFile) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks():
        size += len(chunk)
        if size > MAX_DOCUMENT_SIZE:  # the announced size lied
            raise ValidationError({"file": _("The file is too large. The largest allowed size is "
                                             "%(limit)s.") % {"limit": filesizeformat(MAX_DOCUMENT_SIZE)}})
        digest.update(chunk)
    uploaded_file.seek(0)
    return size, digest.hexdigest()


def document_upload(
    *, actor: User, client: Client, kind: str, title: str, document_date: datetime.date,
    uploaded_file: UploadedFile,
) -> Document:
    """Store one document of `client`. Raises ValidationError (keyed by field) and stores
    nothing when the type, size, title or kind is not acceptable."""
    errors: dict[str, str] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = _("Choose the type of the document.")
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Give the document a title.")
    elif len(title) > 200:
        errors["title"] = _("The title can be at most 200 characters long.")
    if document_date is None:
        errors["document_date"] = _("Give the date of the document.")
    if errors:
        raise ValidationError(errors)
    content_type = document_file_check(uploaded_file)
    size, sha256 = _size_and_sha256(uploaded_file)
    original_name = document_name_clean(uploaded_file.name or "")
    document = Document(
        client=client, kind=kind, title=title, document_date=document_date,
        original_name=original_name, content_type=content_type, size=size, sha256=sha256,
        uploaded_by=actor, uploaded_at=timezone.now(),
    )
    # Random name from `document_path`; the uploaded name plays no part in the path.
    document.file.save(original_name, uploaded_file, save=False)
    stored_name = document.file.name
    try:
        with transaction.atomic(), acting_as(actor):
            document.save()
    except BaseException:
        document.file.storage.delete(stored_name)
        raise
    return document


def document_open(*, user: User, client_pk: int, document_pk: int) -> Document:
    """The document `document_pk` of client `client_pk` if `user` may see that client, with one
    access-log entry naming the document. Http404 otherwise (the attempt on a client the user
    may not see is logged as denied by `client_open`)."""
    title = (Document.objects.filter(pk=document_pk, client_id=client_pk)
             .values_list("title", flat=True).first())
    if title is None:
        if not clients_visible_to(user).filter(pk=client_pk).exists():
            client_open(user=user, pk=client_pk, kind=AccessKind.DOCUMENT)  # logs, raises 404
        raise Http404
    client = client_open(user=user, pk=client_pk, kind=AccessKind.DOCUMENT, detail=title)
    return client.documents.get(pk=document_pk)
