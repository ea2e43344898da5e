"""Client documents. Seed 002: "Manuaalista aineistoa ovat asiakkaiden maksusitoumukset ja
lapsiperheiden kuljetusluvut [...] Nämä dokumentit skannataan sähköisesti
asiakastietojärjestelmäämme, jossa ne ovat nähtävillä asiakkuuden keston ajan." Stored outside
the web root, served only through a view that checks access and logs it; type and size limits."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from clients import services
from clients.constants import AccessKind, DocumentKind
from clients.models import AccessEntry, Document
from clients.services.documents import MAX_DOCUMENT_SIZE, document_name_clean

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def worker_client(client, caseworker):
    client.force_login(caseworker)
    client.cookies["django_language"] = "en"
    return client


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def upload(web, client_pk: int, name: str, content: bytes, content_type: str = "application/pdf",
           title: str = "Maksusitoumus 2026"):
    return web.post(f"/clients/{client_pk}/documents/new/", {
        "kind": DocumentKind.PAYMENT_COMMITMENT, "title": title, "document_date": "2026-10-01",
        "file": SimpleUploadedFile(name, content, content_type=content_type),
    })


def make_document(actor, client, title: str = "Kuljetuslupa", content: bytes = PDF) -> Document:
    return services.document_upload(
        actor=actor, client=client, kind=DocumentKind.TRANSPORT_PERMIT, title=title,
        document_date=datetime.date(2026, 9, 1),
        uploaded_file=SimpleUploadedFile("lupa.pdf", content, content_type="application/pdf"),
    )


def test_a_scanned_pdf_is_stored_under_a_random_name_with_size_and_sha256(
    worker_client, client_a, media_root
):
    response = upload(worker_client, client_a.pk, "../../etc/passwd.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get(client=client_a)
    assert document.original_name == "passwd.pdf"
    assert document.size == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.content_type == "application/pdf"
    [path] = stored_files(media_root)
    assert path.read_bytes() == PDF
    assert path.parent == media_root / "documents"
    assert "passwd" not in document.file.name and "etc" not in document.file.name
    assert len(path.name) == 32  # uuid4 hex, nothing of the client or the uploaded name


@pytest.mark.parametrize(("name", "content", "browser_type"), [
    ("ohjelma.exe", EXE, "application/octet-stream"),
    ("lomake.html", b"<html><script>alert(1)</script></html>", "text/html"),
    ("skannaus.pdf", EXE, "application/pdf"),          # the name lies, the bytes tell
    ("kuva.png", JPEG, "image/png"),                    # a JPEG is not a PNG
    ("skannaus.pdf.exe", PDF, "application/pdf"),       # the last extension counts
    ("passwd", PDF, "application/pdf"),                 # no extension
])
def test_a_file_of_the_wrong_type_is_refused_with_a_message_and_nothing_is_stored(
    worker_client, client_a, media_root, name, content, browser_type
):
    response = upload(worker_client, client_a.pk, name, content, browser_type)
    assert response.status_code == 200
    assert "Allowed file types are PDF, JPEG and PNG." in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_over_10_mb_is_refused_with_a_message_and_nothing_is_stored(
    worker_client, client_a, media_root
):
    too_big = b"%PDF-" + b"0" * (MAX_DOCUMENT_SIZE - 4)
    assert len(too_big) == MAX_DOCUMENT_SIZE + 1
    response = upload(worker_client, client_a.pk, "iso.pdf", too_big)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file is too large" in html and "10.0\xa0MB" in html
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_a_file_of_exactly_10_mb_and_jpeg_and_png_are_accepted(caseworker, client_a, media_root):
    for name, content in [("iso.pdf", b"%PDF-" + b"0" * (MAX_DOCUMENT_SIZE - 5)),
                          ("kuva.JPG", JPEG), ("kuva.jpeg", JPEG), ("kuva.png", PNG)]:
        services.document_upload(
            actor=caseworker, client=client_a, kind=DocumentKind.SIGNED_FORM, title=name,
            document_date=datetime.date(2026, 1, 1),
            uploaded_file=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        )
    assert sorted(Document.objects.values_list("content_type", flat=True)) == [
        "application/pdf", "image/jpeg", "image/jpeg", "image/png"]
    assert Document.objects.get(title="iso.pdf").size == MAX_DOCUMENT_SIZE
    assert len(stored_files(media_root)) == 4


def test_an_empty_file_and_a_missing_title_are_refused_before_anything_is_stored(
    caseworker, client_a, media_root
):
    with pytest.raises(ValidationError) as empty:
        services.document_upload(
            actor=caseworker, client=client_a, kind=DocumentKind.OTHER, title="Tyhjä",
            document_date=datetime.date(2026, 1, 1),
            uploaded_file=SimpleUploadedFile("tyhja.pdf", b"", content_type="application/pdf"),
        )
    assert "file" in empty.value.message_dict
    with pytest.raises(ValidationError) as untitled:
        services.document_upload(
            actor=caseworker, client=client_a, kind="virus", title="  ",
            document_date=datetime.date(2026, 1, 1),
            uploaded_file=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
        )
    assert set(untitled.value.message_dict) == {"kind", "title"}
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_the_stored_file_is_deleted_when_the_database_write_fails(
    caseworker, client_a, media_root, monkeypatch
):
    def failing_save(self, *args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(Document, "save", failing_save)
    with pytest.raises(IntegrityError):
        make_document(caseworker, client_a)
    assert stored_files(media_root) == []


@pytest.mark.parametrize(("uploaded", "clean"), [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\system32\\kuva.png", "kuva.png"),
    ("/absolute/path/maksusitoumus.pdf", "maksusitoumus.pdf"),
    (".htaccess.pdf", "htaccess.pdf"),
    ("lasku\u202egnp.pdf", "laskugnp.pdf"),            # right-to-left override removed
    ('a"b<c>.pdf', "a_b_c_.pdf"),
    ("Äitiysloma päätös.pdf", "Äitiysloma päätös.pdf"),
])
def test_uploaded_file_names_are_reduced_to_harmless_text(uploaded, clean):
    assert document_name_clean(uploaded) == clean


def test_a_very_long_name_keeps_its_extension():
    cleaned = document_name_clean("a" * 500 + ".pdf")
    assert len(cleaned) == 200 and cleaned.endswith(".pdf")


def test_download_serves_the_file_as_an_attachment_that_browsers_may_not_sniff(
    worker_client, caseworker, client_a, media_root
):
    document = make_document(caseworker, client_a)
    response = worker_client.get(f"/clients/{client_a.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="lupa.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_each_download_writes_exactly_one_access_entry_naming_the_document(
    worker_client, caseworker, client_a, media_root
):
    document = make_document(caseworker, client_a, title="Kuljetuslupa syksy 2026")
    url = f"/clients/{client_a.pk}/documents/{document.pk}/"
    for expected in (1, 2, 3):
        response = worker_client.get(url)
        b"".join(response.streaming_content)
        entries = AccessEntry.objects.filter(client=client_a, user=caseworker, kind=AccessKind.DOCUMENT)
        assert entries.count() == expected
    assert set(entries.values_list("detail", flat=True)) == {"Kuljetuslupa syksy 2026"}
    assert AccessEntry.objects.filter(client=client_a, user=caseworker).count() == 3


def test_a_document_of_another_caseworkers_client_answers_404_and_the_attempt_is_logged(
    worker_client, caseworker, caseworker_b, client_b, media_root
):
    document = make_document(caseworker_b, client_b, title="Virtasen maksusitoumus")
    response = worker_client.get(f"/clients/{client_b.pk}/documents/{document.pk}/")
    assert response.status_code == 404
    assert "Virtasen" not in response.content.decode()
    denied = AccessEntry.objects.get(client=client_b, user=caseworker)
    assert denied.granted is False and denied.kind == AccessKind.DENIED


def test_a_document_cannot_be_fetched_through_another_client_in_the_url(
    worker_client, caseworker, caseworker_b, client_a, client_b, media_root
):
    document = make_document(caseworker_b, client_b)
    assert worker_client.get(f"/clients/{client_a.pk}/documents/{document.pk}/").status_code == 404
    assert not AccessEntry.objects.filter(kind=AccessKind.DOCUMENT, granted=True).exists()


def test_another_caseworker_cannot_upload_to_a_client_not_assigned_to_them(
    worker_client, client_b, media_root
):
    assert upload(worker_client, client_b.pk, "a.pdf", PDF).status_code == 404
    assert not Document.objects.exists()
    assert stored_files(media_root) == []


def test_the_client_file_lists_documents_with_a_download_link(
    worker_client, caseworker, client_a, media_root
):
    document = make_document(caseworker, client_a, title="Allekirjoitettu palvelusopimus")
    html = worker_client.get(f"/clients/{client_a.pk}/documents/").content.decode()
    assert "Allekirjoitettu palvelusopimus" in html
    assert f"/clients/{client_a.pk}/documents/{document.pk}/" in html
    assert f"/clients/{client_a.pk}/documents/new/" in html
