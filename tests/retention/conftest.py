"""Retention fixtures: an archive and a media folder per test, clients with a full client file
made through the services, and a way to run the commands and read what they print."""

import datetime
import io
import json
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from clients import services as client_services
from clients.constants import RegisterKind, ServiceTask
from clients.models import Case, Client
from clients.services.file import case_close, case_open, entry_record, granted_service_add, plan_version_create
from retention.models import ArchiveHandoff, RetentionRule
from tests.conftest import make_register

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def archive_and_media(settings, tmp_path):
    settings.ARCHIVE_ROOT = str(tmp_path / "archive")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def fast_pdf(monkeypatch):
    """The client-file PDF is the clients app's (tested there); most retention tests only need
    some PDF bytes in the package."""
    monkeypatch.setattr("retention.services.handoff.client_file_pdf_bytes", lambda client, now: PDF_BYTES)


@pytest.fixture(autouse=True)
def provider_register_keeps_seed_000s_promise(request):
    """Rules belong to registers: seed 000's own rule applies only to the register it names. The
    test provider's client register (`register`) makes seed 000's promise its own, as the seed's
    provider did, so the run's stories can be told on it; every other register keeps only the
    statutory defaults and its own rules."""
    if "register" not in request.fixturenames:
        return
    register = request.getfixturevalue("register")
    two_weeks = RetentionRule.objects.get(code="seed-000-two-weeks")
    two_weeks.controller = register.controller
    two_weeks.save(update_fields=["controller"])
    two_weeks.registers.set([register])


@pytest.fixture
def purchased_register(provider, db):
    """A county's purchased-services register kept by the provider, with the county's own rule
    (as seed 002's: hand the client documents to the county archive when the relationship ends)."""
    from tests.conftest import make_controller

    county = make_controller("Pirkanmaan hyvinvointialue", kind="wellbeing_county")
    purchased = make_register(county, operator=provider, kind=RegisterKind.PURCHASED_SERVICES)
    county_rule = RetentionRule.objects.create(
        code="county-archive", name="Asiakasasiakirjat hyvinvointialueen arkistoon", controller=county,
        register_kind=RegisterKind.PURCHASED_SERVICES, start_event="relationship_ended",
        action="archive_then_delete", receipt_required=True, archive_name="Hyvinvointialueen arkisto")
    county_rule.registers.set([purchased])
    return purchased


@pytest.fixture
def marketing_register(provider):
    return make_register(provider, kind=RegisterKind.MARKETING)


@pytest.fixture
def seed_registers(db):
    """The seed controllers' registers as clients/seed_registers.py makes them, with each seed's
    own rules attached to that seed's register only: {(controller slug, register slug): register}."""
    from clients.models import Register
    from clients.seed_registers import seed_registers_create
    from retention.services import seed_rules_attach

    controllers = seed_registers_create(today=datetime.date(2026, 1, 2))
    seed_rules_attach(actor=None)
    return {(r.controller.slug, r.slug): r for r in Register.objects.filter(controller__in=controllers)
            .select_related("controller")}


def rule(code: str) -> RetentionRule:
    return RetentionRule.objects.get(code=code)


def person(actor, register, *, last_name="Testinen", first_names="Tuomas", born=datetime.date(1950, 5, 17),
           individual=None, **extra) -> Client:
    from tests.conftest import make_client

    return make_client(actor, register, last_name=last_name, first_names=first_names, born=born,
                       individual=individual, **extra)


def add_case(actor, client: Client, task: str, opened: datetime.date, closed: datetime.date | None = None) -> Case:
    case = case_open(actor=actor, client=client, service_task=task, title="Asia", opened_on=opened)
    if closed:
        case_close(actor=actor, case=case, closed_on=closed)
    return case


def full_client_file(actor, client: Client, *, on: datetime.date = datetime.date(2024, 3, 1),
                     task: str = ServiceTask.PRIVATE, closed: datetime.date | None = None) -> dict:
    """Everything a client file can hold, each through its service, with change history."""
    from consents.models import ConsentPurpose
    from consents.services import consent_give, prohibition_add

    case = add_case(actor, client, task, on, closed)
    service = granted_service_add(actor=actor, case=case, content="Kotikäynnit", valid_from=on)
    entry = entry_record(actor=actor, client=client,
        date=on, duration_minutes=60, content=f"Käynti: {client.first_names} voi hyvin.",
        granted_service=service)
    plan = plan_version_create(actor=actor, client=client,
        client_view="Apua arkeen", service_and_need="Kotipalvelu", goals="Kotona asuminen",
        review_on=on + datetime.timedelta(days=180), made_on=on, place="Tampere")
    rep = client_services.representative_save(actor=actor, client=client, today=on, role="next_of_kin",
                                              first_names="Liisa", last_name=client.last_name, relationship="tytär",
                                              phone="040 1234567", valid_from=on)
    document = client_services.document_upload(
        actor=actor, client=client, kind="signed_form", title="Allekirjoitettu suostumus", document_date=on,
        uploaded_file=SimpleUploadedFile("suostumus.pdf", PDF_BYTES, content_type="application/pdf"))
    disclosure = client_services.disclosure_record(
        actor=actor, client=client, recipient_kind="authority", recipient_name="Kela",
        legal_basis="Laki 703/2023", content="Palvelusuunnitelma")
    purpose = ConsentPurpose.objects.create(register=client.register, code=f"kin-{client.pk}",
                                            name="Tietojen antaminen lähiomaiselle", needs_recipient=True,
                                            recipient_kind="next_of_kin")
    consent = consent_give(actor=actor, client=client, purpose=purpose, given_by="client", method="written",
                           given_at=timezone.now(), recipient_representative=rep, evidence_document=document)
    prohibition_add(actor=actor, client=client, kind="direct_marketing")
    client_services.access_record(user=actor, client=client, kind="client_file")
    return {"case": case, "service": service, "entry": entry, "plan": plan, "representative": rep,
            "document": document, "disclosure": disclosure, "consent": consent}


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict:
        return json.loads(self.out.strip().splitlines()[-1])


def run_command(name: str, *args: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        return Result(exc.returncode, out.getvalue(), err.getvalue())
    return Result(0, out.getvalue(), err.getvalue())


def retention_run(today: datetime.date | str, *extra: str) -> Result:
    return run_command("retention_run", "--today", str(today), "--json", *extra)


def exists(client: Client) -> bool:
    return Client.objects.filter(pk=client.pk).exists()


# Shared by test_purge and test_run: a client due on a known day, a county's client whose
# documents go to its archive, and the archive's receipt.


def due_statutory_client(actor, register, **extra):
    """An older people's service client who died in 2012: due on 2022-01-15 (10 years from the
    case closing, later than 2 years from death)."""
    client = person(actor, register, **extra)
    file = full_client_file(actor, client, task=ServiceTask.OLDER_PEOPLE, on=datetime.date(2010, 3, 1),
                            closed=datetime.date(2012, 1, 15))
    client_services.client_update(actor=actor, client=client, date_of_death=datetime.date(2012, 2, 1))
    return client, file


def database_text() -> str:
    """Every row of every table, as text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            rows += [f"{table}: {row}" for row in cursor.fetchall()]
    return "\n".join(rows)


ENDED = datetime.date(2026, 5, 31)


def county_client(actor, purchased_register, *, ended=ENDED, **extra):
    client = person(actor, purchased_register, relationship_ended=ended,
                    commissioning_authority=purchased_register.controller, **extra)
    full_client_file(actor, client, task=ServiceTask.OLDER_PEOPLE, closed=ended)
    return client


def receive(handoff: ArchiveHandoff) -> None:
    """The archive confirms it received the package (the receipt command, as its staff would)."""
    assert run_command("retention_receipt", "--handoff", str(handoff.pk), "--reference", "R-1").code == 0
