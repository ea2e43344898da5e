"""Every retention promise a seed makes, quoted, shown with dates passed in."""

import datetime
import hashlib
import io
import json
from pathlib import Path

import pypdf
import pytest
from django.conf import settings

from clients.constants import ServiceTask
from clients.models import Disclosure
from retention.constants import HandoffStatus
from retention.models import ArchiveHandoff, PurgeRecord

from .conftest import exists, full_client_file, person, retention_run, rule, run_command

D = datetime.date


# The seeds' own words, quoted from the five privacy notices the register was built from (whitespace
# folded to single spaces, as the notices print them). The repository is complete on its own: the
# tests quote the notices rather than read them from anywhere outside the checkout.
SEED_PASSAGES = {
    # Seed 000: the "Henkilötietojen säilyttämisaika" row of the notice's table; the row label
    # "säilyttämisaika" falls in the middle of the sentence.
    "000": ("<b>Henkilötietojen</b> Asiakkaiden osalta tiedot poistetaan asiakassuhteen päättyessä ja siirretään "
            "<b>säilyttämisaika</b> sosiaalitoimelle. Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon "
            "kuluttua asiakassuhteen päättymisestä."),
    "001": ("Henkilötietoja säilytetään rekisterissä ja kirjanpitoaineistossa seitsemän vuotta tai niin kauan kuin "
            "laki rekisterinpitäjältä sitä edellyttää tai siihen asti, että asiakas esittää henkilötietojansa "
            "koskevan poistopyynnön rekisterinpitäjälle, ellei rekisterinpitäjää edellytetä edelleen "
            "säilyttämään tietoja tai ellei rekisterinpitäjällä ole oikeutettua etua edelleen säilyttää tietoja. "
            "[...] Ajanvarausjärjestelmän tietoja säilytetään 12 kuukautta."),
    "002": ("Kun asiakkuus päättyy, poistamme järjestelmässä olevat asiakastiedot ja siirrämme ne järjestelmämme "
            "arkistoon tuhottavaksi. Toimitamme asiakasasiakirjat hyvinvointialueen arkistoon hyvinvointialueen "
            "ohjeen mukaisesti."),
    "003": ("Asiakassuhteen aikana kertynyttä materiaalia säilytetään lukitussa tilassa lain vaatimien ohjeiden "
            "mukaan. Asiakassuhteen päättymisen jälkeen materiaali luovutetaan asiakkaalle ja/tai hänen "
            "asioistaan vastaavalle viranomaiselle."),
}


def seed_text(number: str) -> str:
    """The quoted passage of seed `number`."""
    return SEED_PASSAGES[number]


def test_seed_000_hands_over_to_the_social_services_and_deletes_two_weeks_after_the_relationship_ends(
        caseworker, register, fast_pdf):
    """Seed 000: "Asiakkaiden osalta tiedot poistetaan asiakassuhteen päättyessä ja siirretään
    sosiaalitoimelle. Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon kuluttua
    asiakassuhteen päättymisestä." A private client (no statutory case) of a client register."""
    promise = ("Asiakkaiden osalta tiedot poistetaan asiakassuhteen päättyessä ja siirretään sosiaalitoimelle. "
               "Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon kuluttua asiakassuhteen päättymisestä.")
    # The seed's table cell breaks the sentence around the row label "säilyttämisaika".
    assert "Asiakkaiden osalta tiedot poistetaan asiakassuhteen päättyessä ja siirretään" in seed_text("000")
    assert "sosiaalitoimelle. Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon kuluttua" in seed_text("000")
    assert promise in rule("seed-000-two-weeks").legal_reference
    client = person(caseworker, register, relationship_ended=D(2026, 3, 1), last_name="Nappula")
    full_client_file(caseworker, client, task=ServiceTask.PRIVATE, closed=D(2026, 3, 1))

    # The day the relationship ends: handed to the social services, not deleted.
    first = retention_run("2026-03-01")
    assert first.json["handed_off"] == 1 and first.json["purged"] == 0 and exists(client)
    handoff = ArchiveHandoff.objects.get(client_ref=client.pk)
    assert handoff.archive_name == "Kunnan sosiaalitoimi" and handoff.status == HandoffStatus.AWAITING_RECEIPT
    assert Disclosure.objects.filter(client=client, recipient_kind="archive",
                                     recipient_name="Kunnan sosiaalitoimi").count() == 1

    # The social services confirm receipt; thirteen days after the end the data is still here.
    receipt = run_command("retention_receipt", "--handoff", str(handoff.pk), "--reference", "SOS/2026/41")
    assert receipt.code == 0 and "receipt SOS/2026/41 recorded" in receipt.out
    assert retention_run("2026-03-14").json["purged"] == 0 and exists(client)

    # Two weeks after the end: gone from the system, and it says so.
    last = retention_run("2026-03-15")
    assert last.json == {"today": "2026-03-15", "dry_run": False, "due": 1, "handed_off": 0,
                         "awaiting_receipt": 0, "purged": 1, "held": 0, "errors": 0}
    assert not exists(client)
    record = PurgeRecord.objects.get()
    assert record.rule_code == "seed-000-two-weeks" and record.package_sha256 == handoff.package_sha256
    assert record.counts["clients.Client"] == 1


def test_seed_000_without_the_receipt_nothing_is_deleted(caseworker, register, fast_pdf):
    client = person(caseworker, register, relationship_ended=D(2026, 3, 1))
    result = retention_run("2026-04-01")
    assert result.json["handed_off"] == 1 and result.json["awaiting_receipt"] == 1
    assert result.json["purged"] == 0 and exists(client)
    assert f"client #{client.pk}: awaiting the archive's receipt" in result.out


def test_seed_002_hands_client_documents_to_the_county_archive_when_the_relationship_ends(
        caseworker, seed_registers):
    """Seed 002: "Kun asiakkuus päättyy, poistamme järjestelmässä olevat asiakastiedot ja siirrämme
    ne järjestelmämme arkistoon tuhottavaksi. Toimitamme asiakasasiakirjat hyvinvointialueen
    arkistoon hyvinvointialueen ohjeen mukaisesti." The county is the controller (ostopalvelu)."""
    promise = "Toimitamme asiakasasiakirjat hyvinvointialueen arkistoon hyvinvointialueen ohjeen mukaisesti."
    assert promise in seed_text("002") and promise in rule("seed-002-county-archive").legal_reference
    purchased_register = seed_registers["mll-vs-perhepalvelut", "asiakasrekisteri"]
    client = person(caseworker, purchased_register, relationship_ended=D(2026, 5, 31), last_name="Kotihoito",
                    commissioning_authority=purchased_register.controller)
    file = full_client_file(caseworker, client, task=ServiceTask.OLDER_PEOPLE, closed=D(2026, 5, 31))

    assert retention_run("2026-05-30").json["handed_off"] == 0  # the relationship has not ended
    result = retention_run("2026-05-31")
    assert result.json["handed_off"] == 1 and result.json["awaiting_receipt"] == 1 and exists(client)

    handoff = ArchiveHandoff.objects.get(client_ref=client.pk)
    assert handoff.archive_name == "Hyvinvointialueen arkisto"
    folder = Path(settings.ARCHIVE_ROOT) / handoff.path
    assert "Kotihoito" not in handoff.path and str(client.pk) in handoff.path
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == ["client-file.pdf", "data.json", f"documents/{file['document'].pk}-suostumus.pdf",
                     "manifest.json"]
    manifest_bytes = (folder / "manifest.json").read_bytes()
    assert hashlib.sha256(manifest_bytes).hexdigest() == handoff.package_sha256
    manifest = json.loads(manifest_bytes)
    for entry in manifest["files"]:
        assert hashlib.sha256((folder / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    assert manifest["archive"] == "Hyvinvointialueen arkisto" and manifest["rule"]["code"] == "seed-002-county-archive"
    pdf_text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(
        (folder / "client-file.pdf").read_bytes())).pages)
    assert "Kotihoito" in pdf_text
    data = json.loads((folder / "data.json").read_text())
    models = {r["model"] for r in data["records"]}
    assert {"clients.client", "clients.case", "clients.serviceentry", "clients.serviceplan", "clients.document",
            "clients.representative", "consents.consent", "consents.prohibition"} <= models
    assert "clients.accessentry" not in models  # the access log is not a client document

    # A receipt for some other package is refused; the archive's own receipt file is recorded.
    receipt_file = Path(settings.ARCHIVE_ROOT).parent / "receipt.json"
    receipt_file.write_text(json.dumps({"handoff": handoff.pk, "package_sha256": "0" * 64, "reference": "X"}))
    assert run_command("retention_receipt", "--file", str(receipt_file)).code == 1
    receipt_file.write_text(json.dumps([{"handoff": handoff.pk, "package_sha256": handoff.package_sha256,
                                         "reference": "PIRHA/ARK/2026/77", "received_on": "2026-06-02"}]))
    assert run_command("retention_receipt", "--file", str(receipt_file)).code == 0

    final = retention_run("2026-06-03")
    assert final.json["purged"] == 1 and not exists(client)
    handoff.refresh_from_db()
    assert handoff.status == HandoffStatus.PURGED and handoff.client is None and handoff.received_on == D(2026, 6, 2)
    assert folder.is_dir()  # the package stays where the archive collects it


@pytest.mark.parametrize("code,words", [
    ("seed-001-bookkeeping", "kirjanpitoaineistossa seitsemän vuotta"),
    ("seed-001-booking", "Ajanvarausjärjestelmän tietoja säilytetään 12 kuukautta."),
    ("seed-003-return-material", "Asiakassuhteen päättymisen jälkeen materiaali luovutetaan asiakkaalle"),
])
def test_seed_001_and_003_rules_are_documented_but_not_in_use(db, code, words):
    """Seed 001: "Henkilötietoja säilytetään rekisterissä ja kirjanpitoaineistossa seitsemän vuotta"
    and "Ajanvarausjärjestelmän tietoja säilytetään 12 kuukautta." (bookkeeping and booking
    live outside this system); seed 003: "Asiakassuhteen päättymisen jälkeen materiaali luovutetaan
    asiakkaalle ja/tai hänen asioistaan vastaavalle viranomaiselle." (a template to adapt)."""
    assert words in seed_text(code[5:8]) and words in rule(code).legal_reference
    assert not rule(code).active and not rule(code).is_enforced
