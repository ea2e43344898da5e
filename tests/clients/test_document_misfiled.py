"""A misfiled document is removed from a client's file or moved to the right client, with a
reason, and the trail stays. Seed 003: "Mahdollisesti virheelliset merkinnät korjataan niin, että
merkintä on myöhemmin luettavissa. Korjauksen tekijän nimi, korjauksen tekopäivä ja korjauksen
peruste merkitään asiakastietoihin." """

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clients import services
from clients.constants import AccessKind, DocumentChangeKind, DocumentKind
from clients.models import AccessEntry, Document, DocumentChange
from tests.conftest import make_client

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def misfiled(caseworker, client_a, media_root) -> Document:
    """Aino Virtanen's payment commitment, scanned into Matti Mäkinen's file."""
    return services.document_upload(
        actor=caseworker, client=client_a, kind=DocumentKind.PAYMENT_COMMITMENT,
        title="Maksusitoumus Virtanen 3/2026", document_date=datetime.date(2026, 3, 1),
        uploaded_file=SimpleUploadedFile("sitoumus.pdf", PDF, content_type="application/pdf"),
    )


@pytest.fixture
def right_client(caseworker, register):
    """The client the document belongs to, also assigned to the caseworker."""
    return make_client(caseworker, register, last_name="Virtanen", first_names="Aino",
                       born=datetime.date(1961, 3, 2))


def signed_in(web, user):
    web.force_login(user)
    web.cookies["django_language"] = "en"
    return web


def stored(media_root: Path, document: Document) -> Path:
    return media_root / document.file.name


def test_a_caseworker_removes_a_misfiled_document_and_the_file_shows_who_when_and_why(
        client, caseworker, client_a, misfiled, media_root):
    """Seed 003: "merkintä on myöhemmin luettavissa. Korjauksen tekijän nimi, korjauksen tekopäivä
    ja korjauksen peruste merkitään asiakastietoihin." """
    web = signed_in(client, caseworker)
    page = web.get(f"/clients/{client_a.pk}/documents/{misfiled.pk}/remove/")
    assert page.status_code == 200 and "Maksusitoumus Virtanen 3/2026" in page.content.decode()

    response = web.post(f"/clients/{client_a.pk}/documents/{misfiled.pk}/remove/",
                        {"reason": "Skannattu väärän asiakkaan tietoihin"})

    assert response.status_code == 302
    misfiled.refresh_from_db()
    assert misfiled.removed_at is not None
    change = DocumentChange.objects.get(client=client_a)
    assert (change.kind, change.changed_by, change.reason) == (
        DocumentChangeKind.REMOVED, caseworker, "Skannattu väärän asiakkaan tietoihin")
    tab = web.get(f"/clients/{client_a.pk}/documents/").content.decode()
    assert "Removed from the client&#x27;s file" in tab
    assert "Skannattu väärän asiakkaan tietoihin" in tab and caseworker.get_full_name() in tab
    assert f"/documents/{misfiled.pk}/\"" not in tab  # no download link for the caseworker
    # Not silently deleted: the row and the file are still there.
    assert stored(media_root, misfiled).read_bytes() == PDF


def test_a_removed_document_is_readable_to_the_register_contact_only_and_each_try_is_logged(
        client, caseworker, contact, client_a, misfiled):
    services.document_remove(actor=caseworker, document=misfiled, reason="Kaksoiskappale")
    url = f"/clients/{client_a.pk}/documents/{misfiled.pk}/"

    assert signed_in(client, caseworker).get(url).status_code == 404
    denied = AccessEntry.objects.get(client=client_a, user=caseworker, kind=AccessKind.DENIED)
    assert not denied.granted and "Maksusitoumus Virtanen 3/2026" in denied.detail

    web = signed_in(client, contact)
    assert web.get(f"/clients/{client_a.pk}/documents/").content.decode().count(url) == 1
    response = web.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AccessEntry.objects.filter(client=client_a, user=contact, kind=AccessKind.DOCUMENT,
                                      detail__contains="(removed)").count() == 1


def test_a_removal_needs_a_reason(client, caseworker, client_a, misfiled):
    response = signed_in(client, caseworker).post(
        f"/clients/{client_a.pk}/documents/{misfiled.pk}/remove/", {"reason": "  "})
    assert response.status_code == 200
    misfiled.refresh_from_db()
    assert misfiled.removed_at is None and not DocumentChange.objects.exists()
    with pytest.raises(ValidationError):
        services.document_remove(actor=caseworker, document=misfiled, reason="")


def test_a_caseworker_moves_a_misfiled_document_to_the_right_client_and_both_files_keep_the_trail(
        client, caseworker, client_a, right_client, misfiled, media_root):
    web = signed_in(client, caseworker)
    search = web.get(f"/clients/{client_a.pk}/documents/{misfiled.pk}/move/", {"q": "Virtanen"}).content.decode()
    assert "Virtanen Aino" in search

    response = web.post(f"/clients/{client_a.pk}/documents/{misfiled.pk}/move/", {
        "to_client": right_client.pk, "reason": "Kuuluu Aino Virtaselle", "q": "Virtanen"})

    assert response.status_code == 302
    misfiled.refresh_from_db()
    assert misfiled.client == right_client and misfiled.removed_at is None
    assert stored(media_root, misfiled).read_bytes() == PDF  # the file follows the row
    left = web.get(f"/clients/{client_a.pk}/documents/").content.decode()
    assert "Moved to another client&#x27;s file" in left and "Kuuluu Aino Virtaselle" in left
    arrived = web.get(f"/clients/{right_client.pk}/documents/").content.decode()
    assert "Moved here from another client&#x27;s file" in arrived
    assert f"/clients/{right_client.pk}/documents/{misfiled.pk}/" in arrived  # downloadable there
    # Access-logged on both files.
    assert AccessEntry.objects.filter(client=client_a, user=caseworker, kind=AccessKind.CLIENT_EDIT,
                                      detail="document move").exists()
    assert AccessEntry.objects.filter(client=right_client, user=caseworker, kind=AccessKind.CLIENT_EDIT,
                                      detail__contains="Maksusitoumus Virtanen").exists()


def test_attack_a_caseworker_cannot_move_a_document_to_a_client_not_assigned_to_them(
        client, caseworker, client_a, client_b, misfiled):
    web = signed_in(client, caseworker)
    search = web.get(f"/clients/{client_a.pk}/documents/{misfiled.pk}/move/", {"q": "Virtanen"}).content.decode()
    assert "Virtanen Aino" not in search  # client_b is caseworker_b's

    response = web.post(f"/clients/{client_a.pk}/documents/{misfiled.pk}/move/", {
        "to_client": client_b.pk, "reason": "Yritys", "q": "Virtanen"})

    assert response.status_code == 200
    misfiled.refresh_from_db()
    assert misfiled.client == client_a and not DocumentChange.objects.exists()
    with pytest.raises(ValidationError):
        services.document_move(actor=caseworker, document=misfiled, to_client=client_b, reason="Yritys")
    misfiled.refresh_from_db()
    assert misfiled.client == client_a


def test_attack_no_one_moves_a_document_to_another_organisations_client(
        client, contact, other_contact, client_a, other_register, misfiled):
    foreign = make_client(other_contact, other_register, last_name="Vieras", first_names="Ville")
    web = signed_in(client, contact)
    response = web.post(f"/clients/{client_a.pk}/documents/{misfiled.pk}/move/", {
        "to_client": foreign.pk, "reason": "Yritys"})
    assert response.status_code == 200
    with pytest.raises(ValidationError):
        services.document_move(actor=contact, document=misfiled, to_client=foreign, reason="Yritys")
    misfiled.refresh_from_db()
    assert misfiled.client == client_a and not DocumentChange.objects.exists()


def test_attack_another_organisation_cannot_remove_or_move_our_document(
        client, other_contact, client_a, misfiled):
    web = signed_in(client, other_contact)
    for action in ("remove", "move"):
        assert web.get(f"/clients/{client_a.pk}/documents/{misfiled.pk}/{action}/").status_code == 404
        assert web.post(f"/clients/{client_a.pk}/documents/{misfiled.pk}/{action}/",
                        {"reason": "x", "to_client": client_a.pk}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.document_remove(actor=other_contact, document=misfiled, reason="Yritys")
    misfiled.refresh_from_db()
    assert misfiled.removed_at is None and not DocumentChange.objects.exists()
    assert AccessEntry.objects.filter(client=client_a, user=other_contact, granted=False).exists()


def test_a_removed_document_can_be_neither_removed_again_nor_moved(caseworker, misfiled, right_client):
    services.document_remove(actor=caseworker, document=misfiled, reason="Kaksoiskappale")
    with pytest.raises(ValidationError):
        services.document_remove(actor=caseworker, document=misfiled, reason="Uudestaan")
    with pytest.raises(ValidationError):
        services.document_move(actor=caseworker, document=misfiled, to_client=right_client, reason="Siirto")


def test_a_moved_document_leaves_with_the_right_clients_purge_not_the_wrong_ones(
        caseworker, client_a, right_client, misfiled, media_root, django_capture_on_commit_callbacks):
    """The retention purge deletes the files of purged clients: after a move the file is the
    right client's, so purging the client it was misfiled on leaves it, and purging its own
    client removes it."""
    from retention.models import RetentionRule
    from retention.services import clients_purge

    services.document_move(actor=caseworker, document=misfiled, to_client=right_client, reason="Väärä asiakas")
    path = stored(media_root, misfiled)
    rule = RetentionRule.objects.order_by("pk").first()
    today = datetime.date(2060, 1, 1)

    with django_capture_on_commit_callbacks(execute=True):
        clients_purge(client_ids=[client_a.pk], rule=rule, action="delete", today=today, run=None)
    assert path.is_file() and Document.objects.filter(pk=misfiled.pk).exists()
    trail = DocumentChange.objects.get(client=right_client)
    assert trail.other_client is None and trail.kind == DocumentChangeKind.MOVED_IN  # the purged one forgotten

    with django_capture_on_commit_callbacks(execute=True):
        clients_purge(client_ids=[right_client.pk], rule=rule, action="delete", today=today, run=None)
    assert not path.exists() and not Document.objects.filter(pk=misfiled.pk).exists()


def test_a_removed_document_is_deleted_from_disk_with_its_clients_purge(
        caseworker, client_a, misfiled, media_root, django_capture_on_commit_callbacks):
    from retention.models import RetentionRule
    from retention.services import clients_purge

    services.document_remove(actor=caseworker, document=misfiled, reason="Väärä asiakas")
    path = stored(media_root, misfiled)
    with django_capture_on_commit_callbacks(execute=True):
        clients_purge(client_ids=[client_a.pk], rule=RetentionRule.objects.order_by("pk").first(),
                      action="delete", today=datetime.date(2060, 1, 1), run=None)
    assert not path.exists() and not DocumentChange.objects.exists()
