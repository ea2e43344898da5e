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
- A misfiled document is never silently deleted (seed 003: "Mahdollisesti virheelliset
  merkinnät korjataan niin, että merkintä on myöhemmin luettavissa. Korjauksen tekijän nimi,
  korjauksen tekopäivä ja korjauksen peruste merkitään asiakastietoihin."):
  `document_remove` marks it removed with a DocumentChange (who, when, why); its row and file stay
  readable to the register contact and the admin until the client's own retention purge deletes
  both. `document_move` hands it to the right client of the same controller, one the actor may
  see, with a DocumentChange on each file. The stored file's name is random and says nothing of
  the client, so the file follows the row without moving on disk: from then on it is the new
  client's, in their access log, their archive package and their purge.
"""

import datetime
import hashlib
import unicodedata

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import acting_as
from core.roles import Role, user_roles

from ..constants import AccessKind, DocumentChangeKind, DocumentKind
from ..models import Case, Client, Document, DocumentChange
from ..selectors import clients_visible_to
from .register import access_record, client_open

# Who may still open a removed document: the register's keepers, not the caseworkers.
REMOVED_DOCUMENT_READERS = frozenset({Role.ADMIN, Role.REGISTER_CONTACT})

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
    uploaded_file: UploadedFile, case: Case | None = None,
) -> Document:
    """Store one document of `client` (filed under `case`, one of the client's: removed with
    that case when its period has run out). Raises ValidationError (keyed by field) and stores
    nothing when the type, size, title or kind is not acceptable."""
    errors: dict[str, str] = {}
    if case is not None and case.client_id != client.pk:
        errors["case"] = _("Choose one of this client's cases.")
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
        client=client, case=case, kind=kind, title=title, document_date=document_date,
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
    removed = Document.objects.filter(pk=document_pk, removed_at__isnull=False).exists()
    if removed and not user_roles(user) & REMOVED_DOCUMENT_READERS:
        # The removed record stays on the file; the misfiled content only for the register contact.
        visible = clients_visible_to(user).filter(pk=client_pk).first()
        if visible is None:
            client_open(user=user, pk=client_pk, kind=AccessKind.DOCUMENT)  # logs, raises 404
        access_record(user=user, client=visible, kind=AccessKind.DENIED,  # type: ignore[arg-type]
                      detail=f"{title} (removed)", granted=False)
        raise Http404
    client = client_open(user=user, pk=client_pk, kind=AccessKind.DOCUMENT,
                         detail=f"{title} (removed)" if removed else title)
    return client.documents.get(pk=document_pk)


def _change_check(*, actor: User, document: Document, reason: str) -> str:
    """The reason, stripped; refuses a document the actor may not see or one already removed."""
    if not clients_visible_to(actor).filter(pk=document.client_id).exists():
        raise PermissionDenied
    if document.removed_at is not None:
        raise ValidationError(_("This document has already been removed."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


@transaction.atomic
def document_remove(
    *, actor: User, document: Document, reason: str, when: datetime.datetime | None = None,
) -> DocumentChange:
    """Remove a misfiled document from its client's file, with the reason. Nothing is deleted:
    the document is marked removed (out of the caseworkers' reach, still readable to the register
    contact) and the file's trail says who removed it, when and why."""
    reason = _change_check(actor=actor, document=document, reason=reason)
    when = when or timezone.now()
    with acting_as(actor):
        document.removed_at = when
        document.save(update_fields=["removed_at"])
        return DocumentChange.objects.create(
            client_id=document.client_id, document=document, kind=DocumentChangeKind.REMOVED,
            title=document.title, document_date=document.document_date, reason=reason,
            changed_by=actor, changed_at=when,
        )


@transaction.atomic
def document_move(
    *, actor: User, document: Document, to_client: Client, reason: str,
    when: datetime.datetime | None = None,
) -> DocumentChange:
    """Move a misfiled document to the right client: one of the same controller that the actor
    may see (a caseworker: a client assigned to them). Both files keep a trail entry; the look at
    the receiving client is in its access log. Returns the entry on the file it left."""
    reason = _change_check(actor=actor, document=document, reason=reason)
    source = Client.objects.select_related("register").get(pk=document.client_id)
    target = clients_visible_to(actor).select_related("register").filter(pk=to_client.pk).first()
    if target is None or target.register.controller_id != source.register.controller_id:
        raise ValidationError({"to_client": _(
            "The document can be moved only to a client of the same organisation whose file you may see.")})
    if target.pk == source.pk:
        raise ValidationError({"to_client": _("The document is already in this client's file.")})
    when = when or timezone.now()
    with acting_as(actor):
        document.client = target
        document.save(update_fields=["client"])
        trail = {"document": document, "title": document.title, "document_date": document.document_date,
                 "reason": reason, "changed_by": actor, "changed_at": when}
        DocumentChange.objects.create(client=target, kind=DocumentChangeKind.MOVED_IN, other_client=source,
                                      **trail)
        left = DocumentChange.objects.create(client=source, kind=DocumentChangeKind.MOVED_OUT,
                                             other_client=target, **trail)
    access_record(user=actor, client=target, kind=AccessKind.CLIENT_EDIT,
                  detail=f"document moved here: {document.title}")
    return left
