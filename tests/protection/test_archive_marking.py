"""Issue 19 (4): the archive package of an address-protected client. As documented in
clients/selectors/protection.py and the README ("The archive package keeps it: the archive takes
the record as it is, the marking with it"): the archive is the controller's own archive, so the
package keeps the address of the client and of a protected person close to them, and marks it:
the client row and the person's row carry the marking, the manifest names it, and the
client-file PDF in the package shows it."""

import datetime
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from clients import services as client_services
from retention.constants import Action
from retention.models import RetentionRule
from retention.services import handoff_build
from tests.conftest import make_client

TODAY = datetime.date(2026, 11, 21)


@pytest.fixture
def archive_root(settings, tmp_path) -> Path:
    settings.ARCHIVE_ROOT = str(tmp_path / "archive")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.ARCHIVE_ROOT)


def test_the_archive_keeps_a_protected_address_and_marks_it(db, contact, caseworker, register, provider,
                                                             archive_root):
    person = make_client(caseworker, register, first_names="Ella", street_address="Piilokuja 4",
                         postal_code="36200", city="Kangasala", municipality="Kangasala", address_protected=True)
    sister = client_services.representative_save(
        actor=contact, client=person, today=TODAY, role="next_of_kin", first_names="Sisko", last_name="Mäkinen",
        valid_from=datetime.date(2024, 1, 1), street_address="Salakatu 9", postal_code="33720", city="Tampere",
        address_protected=True)
    plain = client_services.representative_save(
        actor=contact, client=person, today=TODAY, role="next_of_kin", first_names="Veli", last_name="Mäkinen",
        valid_from=datetime.date(2024, 1, 1), street_address="Avoin tie 1")
    rule = RetentionRule.objects.create(
        code="archive-test", name="Arkistoon", controller=provider, start_event="relationship_ended",
        action=Action.ARCHIVE_THEN_DELETE, archive_name="Hoivapolku Oy:n arkisto")

    handoff, built = handoff_build(client=person, rule=rule, today=TODAY, run=None, actor=contact)

    assert built
    folder = archive_root / handoff.path
    records = json.loads((folder / "data.json").read_text())["records"]
    client_row = next(r["fields"] for r in records if r["model"] == "clients.client")
    assert (client_row["street_address"], client_row["municipality"]) == ("Piilokuja 4", "Kangasala")
    assert client_row["address_protected"] is True
    people = {r["pk"]: r["fields"] for r in records if r["model"] == "clients.representative"}
    assert people[sister.pk]["street_address"] == "Salakatu 9" and people[sister.pk]["address_protected"] is True
    assert people[plain.pk]["address_protected"] is False
    marking = json.loads((folder / "manifest.json").read_text())["address_protection"]
    assert marking["client"] is True and marking["representatives"] == [sister.pk]
    assert "turvakielto" in marking["rule"]
    reader = PdfReader(io.BytesIO((folder / "client-file.pdf").read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Piilokuja 4" in text and "Salakatu 9" in text
    assert "Turvakielto" in text or "Address protection (turvakielto)" in text
