"""The second wall (core/rls.py), tested in the database itself: the app role, the policies, the
scopes. PostgreSQL only, and only where the suite runs as the app role (.ci/with-postgres).

`organisations` builds a county and two providers: the county's own register, the county's
purchased-services register kept by provider A (both may see it), A's own register and B's own
register; in each a client with a row in every table that holds a client's data."""

import datetime
import uuid
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from clients.constants import ControllerKind, RegisterKind
from clients.models import (
    AccessEntry,
    Breach,
    BreachNotice,
    Case,
    Client,
    Controller,
    Correction,
    Disclosure,
    Document,
    DocumentChange,
    EmergencyAccess,
    GrantedService,
    HealthInformation,
    NoticeInforming,
    PrivacyNotice,
    Register,
    Representative,
    ServiceAgreement,
    ServiceEntry,
    ServicePlan,
)
from clients.selectors import registers_visible_to
from consents.models import Consent, ConsentPurpose, Prohibition
from core.roles import Role
from portal.models import Withholding
from requests.models import (
    Art19Notification,
    DataSubjectRequest,
    DocumentJob,
    Letter,
    Release,
    ReleasedCopy,
    RequestNote,
)
from retention.models import ArchiveHandoff, LegalHold, RetentionRule
from tests.conftest import APP_ROLE, make_client, make_controller, make_register, make_user

D = datetime.date(2025, 3, 1)


@pytest.fixture(autouse=True)
def postgresql_with_app_role():
    if connection.vendor != "postgresql":
        pytest.skip("row-level security is PostgreSQL's: on SQLite (make run) the application's scoping "
                    "is the only wall")
    if not APP_ROLE:
        pytest.skip("DATABASE_APP_ROLE is not set: the tests would connect as the database owner "
                    "(run them through .ci/with-postgres, as make test does)")


@dataclass
class Organisation:
    controller: Controller
    contact: User
    registers: set[int] = field(default_factory=set)
    clients: list[Client] = field(default_factory=list)

    @property
    def scope(self) -> str:
        return ",".join(str(pk) for pk in sorted(self.registers))


def client_with_everything(register: Register, worker: User) -> Client:
    """A client with a row in every table that hangs off a client (written in the system scope
    the tests' own fixtures work in)."""
    now = timezone.now()
    client = make_client(worker, register, last_name=f"Asiakas{register.pk}")
    client.assigned_workers.add(worker)
    HealthInformation.objects.create(client=client, allergies="pähkinä")
    relative = Representative.objects.create(client=client, role="next_of_kin", first_names="Liisa",
                                             last_name="Omainen", valid_from=D)
    AccessEntry.objects.create(client=client, user=worker, at=now, kind="client_file")
    case = Case.objects.create(client=client, service_task="older_people", title="Kotihoito", opened_on=D)
    granted = GrantedService.objects.create(case=case, content="Kotihoito 10 h/kk", valid_from=D)
    entry = ServiceEntry.objects.create(client=client, granted_service=granted, date=D, worker=worker,
                                        content="Terveys: diabetes")
    ServiceAgreement.objects.create(client=client, service="Kotihoito", agreed_matters="Käynnit",
                                    valid_from=D, made_on=D, place="Tampere", created_by=worker)
    plan = ServicePlan.objects.create(client=client, version=1, client_view="Pärjään", service_and_need="Apu",
                                      goals="Kotona asuminen", review_on=D, made_on=D, place="Tampere",
                                      created_by=worker)
    Correction.objects.create(client=client, entry=entry, plan=plan, field="content", original_value="a",
                              corrected_value="b", reason="virhe", corrected_by=worker, corrected_at=now)
    document = Document.objects.create(client=client, kind="signed_form", title="Maksusitoumus", document_date=D,
                                       file="documents/x.pdf", original_name="x.pdf",
                                       content_type="application/pdf", size=1, sha256="0" * 64,
                                       uploaded_by=worker, uploaded_at=now)
    DocumentChange.objects.create(client=client, document=document, kind="removed", title="Maksusitoumus",
                                  document_date=D, reason="Väärä asiakas", changed_by=worker, changed_at=now)
    disclosure = Disclosure.objects.create(client=client, recipient_kind="authority", recipient_name="Kela",
                                           content="Käynnit", disclosed_at=now, recorded_by=worker)
    EmergencyAccess.objects.create(user=worker, client=client, reason="Kiire", started_at=now,
                                   expires_at=now + datetime.timedelta(hours=1))
    breach = Breach.objects.create(controller=register.controller, title="Väärä osoite", discovered_at=now,
                                   description="Kirje", affected_data="Nimi", created_by=worker)
    breach.affected_clients.add(client)
    BreachNotice.objects.create(breach=breach, client=client, language="fi", channel="letter", sent_at=now,
                                recorded_by=worker)
    notice = PrivacyNotice.objects.create(controller=register.controller, register=register, language="fi", version=1,
                                          published_at=now, published_by=worker, html="<p>Seloste</p>", pdf=b"%PDF",
                                          sha256="0" * 64)
    NoticeInforming.objects.create(client=client, notice=notice, method="first_visit", informed_on=D,
                                   recorded_by=worker, recorded_at=now)
    purpose = ConsentPurpose.objects.create(register=register, code=f"p{register.pk}", name="Kysely")
    Consent.objects.create(client=client, purpose=purpose, method="written", given_at=now, recorded_by=worker,
                           recorded_at=now, evidence_document=document, recipient_representative=relative)
    Prohibition.objects.create(client=client, kind="direct_marketing", given_at=now, recorded_by=worker,
                               recorded_at=now)
    request = DataSubjectRequest.objects.create(client=client, type="access", requester_name="Asiakas",
                                                received_on=D, channel="in_person",
                                                submission_key=uuid.uuid4(), created_by=worker)
    Art19Notification.objects.create(request=request, disclosure=disclosure, recipient_name="Kela",
                                     notified_on=D, method="letter", notified_by=worker)
    release = Release.objects.create(request=request, document="access_report", sha256="0" * 64, size_bytes=1,
                                     recipient_role="client", released_at=now, released_by=worker)
    ReleasedCopy.objects.create(release=release, client=client, content=b"%PDF-1.4")
    RequestNote.objects.create(request=request, author=worker, written_at=now, text="Soitettu asiakkaalle")
    DocumentJob.objects.create(request=request, client=client, document="access_report", queued_by=worker,
                               queued_at=now)
    DocumentJob.objects.create(client=client, document="client_file", queued_by=worker, queued_at=now)
    Letter.objects.create(request=request, kind="acknowledgement", channel="pdf", language="fi", sha256="0" * 64,
                          size_bytes=1, recipient_role="client", produced_at=now, produced_by=worker)
    LegalHold.objects.create(client=client, reason="Oikeudenkäynti", placed_by=worker, placed_at=now)
    Withholding.objects.create(client=client, part="Lausunto", legal_ground="Laki", decided_by=worker, decided_on=D)
    rule = RetentionRule.objects.create(code=f"r{register.pk}", name="Sääntö", start_event="relationship_ended")
    ArchiveHandoff.objects.create(client=client, client_ref=client.pk, register=register, rule=rule,
                                  archive_name="Arkisto", built_on=D, path=f"handoff-{client.pk}",
                                  package_sha256="0" * 64, data_sha256="0" * 64, file_count=1, total_bytes=1,
                                  status="ready", receipt_required=False, created_at=now)
    # A deleted row's change history too (auditlog writes it after the row is gone).
    Representative.objects.create(client=client, role="next_of_kin", first_names="Poistettu",
                                  last_name="Omainen", valid_from=D).delete()
    return client


@pytest.fixture
def organisations() -> dict[str, Organisation]:
    county = make_controller("Pirkanmaan hyvinvointialue", kind=ControllerKind.WELLBEING_COUNTY)
    provider_a = make_controller("Hoivapolku Oy")
    provider_b = make_controller("Perhetuki Kantele Oy")
    orgs = {name: Organisation(controller, make_user(Role.REGISTER_CONTACT, controller))
            for name, controller in (("county", county), ("a", provider_a), ("b", provider_b))}
    registers = [
        make_register(county),
        make_register(county, operator=provider_a, kind=RegisterKind.PURCHASED_SERVICES),
        make_register(provider_a),
        make_register(provider_b),
    ]
    for register in registers:
        keeper = next(o for o in orgs.values() if o.controller.pk == register.operator_id)
        client = client_with_everything(register, keeper.contact)
        for org in orgs.values():
            if org.controller.pk in (register.controller_id, register.operator_id):
                org.clients.append(client)
    for org in orgs.values():
        org.registers = set(registers_visible_to(org.contact).values_list("pk", flat=True))
    return orgs
