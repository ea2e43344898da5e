"""Retention per case (issue 18): a closed case's records go when its own period has run out,
even while the client stays because another case is open; the client's basic data goes with
the last case. And the family-law period counts from the child's birth, not the parent's."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clients import services as client_services
from clients.constants import ServiceTask
from clients.models import Case, Document, GrantedService, ServiceAgreement, ServiceEntry, ServicePlan
from clients.services.file import agreement_record, entry_record, granted_service_add, plan_version_create
from retention.constants import WaitingFor
from retention.models import PurgeRecord
from retention.selectors import case_retentions, client_file_rules, client_retention
from tests.conftest import make_register

from .conftest import PDF_BYTES, add_case, exists, person, retention_run

D = datetime.date


@pytest.fixture
def records(provider):
    """A client-records register with the statutory defaults only (no seed's own rule)."""
    return make_register(provider)


def case_file(actor, client, case, on):
    """Records filed under `case`: a granted service with a visit, a plan, an agreement, a document."""
    service = granted_service_add(actor=actor, case=case, content="Kotihoito", valid_from=on)
    entry = entry_record(actor=actor, client=client, date=on, duration_minutes=45,
                         content="Kotikäynti: lääkkeet jaettu", granted_service=service)
    plan = plan_version_create(actor=actor, client=client, client_view="Kotona", service_and_need="Kotihoito",
                               goals="Arjen sujuminen", review_on=on + datetime.timedelta(days=180), made_on=on,
                               place="Tampere", case=case)
    agreement = agreement_record(actor=actor, client=client, service="Kotihoito", agreed_matters="Käynnit",
                                 valid_from=on, made_on=on, place="Tampere", case=case)
    document = client_services.document_upload(
        actor=actor, client=client, kind="signed_form", title="Hoitosopimus", document_date=on, case=case,
        uploaded_file=SimpleUploadedFile("sopimus.pdf", PDF_BYTES, content_type="application/pdf"))
    return {"service": service, "entry": entry, "plan": plan, "agreement": agreement, "document": document}


def two_case_client(actor, register):
    """An older people's case closed on 2012-01-15 (due 10 years later) and a disability case
    still open: the client stays, the older people's case's records do not."""
    client = person(actor, register, last_name="Kaksiasia")
    old = add_case(actor, client, ServiceTask.OLDER_PEOPLE, D(2010, 3, 1), D(2012, 1, 15))
    old_file = case_file(actor, client, old, D(2010, 3, 1))
    open_case = add_case(actor, client, ServiceTask.DISABILITY, D(2011, 5, 1))
    open_file = case_file(actor, client, open_case, D(2011, 5, 1))
    return client, old, old_file, open_case, open_file


def test_a_closed_cases_records_go_when_its_own_period_ends_while_the_client_stays_for_another_open_case(
        caseworker, records):
    client, old, old_file, open_case, open_file = two_case_client(caseworker, records)

    before = retention_run(D(2022, 1, 14))
    assert before.code == 0
    assert ServiceEntry.objects.filter(pk=old_file["entry"].pk).exists()

    result = retention_run(D(2022, 1, 16))
    assert result.code == 0, result.out + result.err
    assert exists(client)
    for model, row in ((ServiceEntry, "entry"), (GrantedService, "service"), (ServicePlan, "plan"),
                       (ServiceAgreement, "agreement"), (Document, "document")):
        assert not model.objects.filter(pk=old_file[row].pk).exists(), row
        assert model.objects.filter(pk=open_file[row].pk).exists(), row
    old.refresh_from_db()
    assert old.records_removed_on == D(2022, 1, 16) and old.title == "–"
    assert old.closed_on == D(2012, 1, 15)  # the client's own retention still counts from it
    record = PurgeRecord.objects.get(case_service_task=ServiceTask.OLDER_PEOPLE)
    assert record.client_count == 0 and record.rule_code == "statutory-older-people"
    assert "Kaksiasia" not in str(record.counts) and record.counts["clients.ServiceEntry"] == 1
    assert "closed cases' records removed" in result.out

    again = retention_run(D(2022, 1, 17))
    assert again.code == 0
    assert PurgeRecord.objects.filter(case_service_task=ServiceTask.OLDER_PEOPLE).count() == 1


def test_a_dry_run_lists_the_cases_records_it_would_remove_and_removes_nothing(caseworker, records):
    client, old, old_file, _open_case, _open_file = two_case_client(caseworker, records)
    result = retention_run(D(2022, 1, 16), "--dry-run")
    assert result.code == 0
    assert f"would remove the records of case #{old.pk}" in result.out
    assert ServiceEntry.objects.filter(pk=old_file["entry"].pk).exists()
    assert not PurgeRecord.objects.exists()


def test_the_clients_basic_data_goes_with_the_last_case(caseworker, records):
    client, _old, _old_file, open_case, _open_file = two_case_client(caseworker, records)
    retention_run(D(2022, 1, 16))
    client_services.client_update(actor=caseworker, client=client, date_of_death=D(2015, 1, 1))
    from clients.services.file import case_close

    case_close(actor=caseworker, case=open_case, closed_on=D(2014, 12, 31))
    assert exists(client)
    retention_run(D(2025, 1, 1))
    assert not exists(client)


def test_a_held_client_keeps_its_closed_cases_records(caseworker, contact, records):
    from retention.services import legal_hold_place

    client, _old, old_file, _open_case, _open_file = two_case_client(caseworker, records)
    legal_hold_place(actor=contact, client=client, reason="Oikeudenkäynti", until=None)
    retention_run(D(2022, 1, 16))
    assert ServiceEntry.objects.filter(pk=old_file["entry"].pk).exists()


def test_family_law_period_counts_from_the_childs_birth_on_the_case_when_the_client_is_a_parent(
        caseworker, records):
    """DESIGN.md (Act 703/2023 annex): "family-law matters concerning a child | 120 years |
    child's birth". The parent born in 1950 is not the child: the case's child, born in 2010,
    decides, and without that date the period cannot start."""
    parent = person(caseworker, records, last_name="Vanhempi", born=D(1950, 5, 17))
    case = add_case(caseworker, parent, ServiceTask.FAMILY_LAW_CHILD, D(2012, 1, 1), D(2013, 1, 1))
    rules = client_file_rules()
    (waiting,) = case_retentions(parent, rules)
    assert waiting.due_on is None and waiting.waiting_for == WaitingFor.CHILD_DATE_OF_BIRTH
    status = client_retention(parent, rules, D(2026, 1, 1))
    assert status.due_on is None

    Case.objects.filter(pk=case.pk).update(child_date_of_birth=D(2010, 6, 1))
    (per_case,) = case_retentions(parent, rules)
    assert per_case.due_on == D(2130, 6, 1)
    family = next(r for r in client_retention(parent, rules, D(2026, 1, 1)).applicable
                  if r.rule.code == "statutory-family-law-child")
    assert family.start_on == D(2010, 6, 1) and family.due_on == D(2130, 6, 1)


def test_family_law_period_counts_from_the_clients_own_birth_when_the_client_is_the_child(caseworker, records):
    child = person(caseworker, records, last_name="Lapsi", born=D(2008, 3, 3), sign="A")
    add_case(caseworker, child, ServiceTask.FAMILY_LAW_CHILD, D(2012, 1, 1), D(2013, 1, 1))
    (per_case,) = case_retentions(child, client_file_rules())
    assert per_case.due_on == D(2128, 3, 3)


def test_the_client_file_shows_each_cases_own_removal_date(client, caseworker, records):
    """The services part lists the cases, each with its own removal date or why it waits; the
    retention line on the first part names the closed cases that go on their own."""
    person_with_cases, old, _old_file, _open_case, _open_file = two_case_client(caseworker, records)
    client.force_login(caseworker)
    client.cookies["django_language"] = "en"
    services = client.get(f"/clients/{person_with_cases.pk}/services/").content.decode()
    assert ("The records of this case are removed on 15.1.2022 at the earliest (rule: Iäkkäiden "
            "palvelutehtävä).") in services
    assert "The records of this case are kept: waiting for the case to be closed" in services
    first = client.get(person_with_cases.get_absolute_url()).content.decode()
    assert "Services for older people: the case's records removed on 15.1.2022 at the earliest" in first

    retention_run(D(2022, 1, 16))
    services = client.get(f"/clients/{person_with_cases.pk}/services/").content.decode()
    assert "The records of this case were removed on 16.1.2022." in services


def test_a_caseworker_files_a_document_under_a_case_and_cannot_file_it_under_another_clients_case(
        client, caseworker, records):
    owner, old, _old_file, _open_case, _open_file = two_case_client(caseworker, records)
    other = person(caseworker, records, last_name="Toinen")
    others_case = add_case(caseworker, other, ServiceTask.OLDER_PEOPLE, D(2020, 1, 1))
    client.force_login(caseworker)
    url = f"/clients/{owner.pk}/documents/new/"

    def upload(case_pk):
        return client.post(url, {"kind": "signed_form", "title": "Päätös", "document_date": "2011-02-01",
                                 "case": case_pk,
                                 "file": SimpleUploadedFile("paatos.pdf", PDF_BYTES, content_type="application/pdf")})

    assert upload(others_case.pk).status_code == 200  # the form again, nothing stored
    assert not Document.objects.filter(title="Päätös").exists()
    assert upload(old.pk).status_code == 302
    assert Document.objects.get(title="Päätös").case == old


def test_the_case_form_takes_the_childs_date_of_birth_for_a_family_law_matter_only(client, caseworker, records):
    parent = person(caseworker, records, last_name="Isa")
    client.force_login(caseworker)
    url = f"/clients/{parent.pk}/cases/new/"
    refused = client.post(url, {"service_task": ServiceTask.OLDER_PEOPLE, "title": "Kotihoito",
                                "opened_on": "2020-01-01", "child_date_of_birth": "2015-04-04"})
    assert refused.status_code == 200 and not Case.objects.filter(client=parent).exists()
    done = client.post(url, {"service_task": ServiceTask.FAMILY_LAW_CHILD, "title": "Tapaamisoikeus",
                             "opened_on": "2020-01-01", "child_date_of_birth": "2015-04-04"})
    assert done.status_code == 302
    assert Case.objects.get(client=parent).child_date_of_birth == D(2015, 4, 4)


# A case handed to an archive on its own ------------------------------------------------------

@pytest.fixture
def case_archive(records):
    """The register's own rule for older people's cases: hand the case's records to the
    municipal archive ten years after the case closed, and delete them here on the archive's
    receipt (the statutory ten-year deletion applies too; the client stays for the open case)."""
    from clients.constants import ServiceTask as Task
    from retention.models import RetentionRule

    rule = RetentionRule.objects.create(
        code="older-people-archive", name="Iäkkäiden asiakirjat kunnan arkistoon", controller=records.controller,
        applies_to="cases_of_task", service_task=Task.OLDER_PEOPLE, start_event="case_closed", period_years=10,
        action="archive_then_delete", receipt_required=True, archive_name="Kunnan arkisto")
    rule.registers.set([records])
    return rule


def test_a_closed_case_whose_rule_archives_is_handed_over_alone_and_its_records_go_after_the_receipt(
        caseworker, records, case_archive, settings, django_capture_on_commit_callbacks):
    from pathlib import Path

    from clients.models import Disclosure
    from retention.constants import Action, HandoffStatus
    from retention.models import ArchiveHandoff
    from retention.services import package

    from .conftest import receive

    client, old, old_file, open_case, open_file = two_case_client(caseworker, records)
    first = retention_run(D(2022, 1, 16))
    assert first.code == 0, first.out + first.err
    assert (first.json["handed_off"], first.json["awaiting_receipt"]) == (1, 1)
    handoff = ArchiveHandoff.objects.get()
    assert (handoff.case_ref, handoff.client_ref, handoff.status) == (old.pk, client.pk, HandoffStatus.AWAITING_RECEIPT)
    # Nothing goes before the archive has confirmed it has the records.
    assert ServiceEntry.objects.filter(pk=old_file["entry"].pk).exists()
    folder = Path(settings.ARCHIVE_ROOT) / handoff.path
    manifest = package.package_verify(relative_path=handoff.path, package_sha256=handoff.package_sha256)
    assert manifest["case_ref"] == old.pk and manifest["archive"] == "Kunnan arkisto"
    names = {entry["path"] for entry in manifest["files"]}
    assert "data.json" in names and f"documents/{old_file['document'].pk}-sopimus.pdf" in names
    assert not any(f"documents/{open_file['document'].pk}-" in n for n in names)  # the open case stays out
    data = (folder / "data.json").read_text()
    assert "Kotikäynti: lääkkeet jaettu" in data and f'"pk": {old_file["entry"].pk}' in data
    assert f'"pk": {open_file["entry"].pk},' not in data
    assert Disclosure.objects.filter(client=client, recipient_name="Kunnan arkisto").count() == 1
    assert not (Path(settings.ARCHIVE_ROOT) / ".pending" / f"client-{client.pk}-case-{old.pk}").exists()

    receive(handoff)
    with django_capture_on_commit_callbacks(execute=True):
        second = retention_run(D(2022, 1, 17))
    assert second.code == 0, second.out + second.err
    assert exists(client)
    for model, row in ((ServiceEntry, "entry"), (GrantedService, "service"), (ServicePlan, "plan"),
                       (ServiceAgreement, "agreement"), (Document, "document")):
        assert not model.objects.filter(pk=old_file[row].pk).exists(), row
        assert model.objects.filter(pk=open_file[row].pk).exists(), row
    handoff.refresh_from_db()
    assert handoff.status == HandoffStatus.PURGED and handoff.purged_at is not None
    assert not folder.exists()  # our copy goes once the archive has it
    record = PurgeRecord.objects.get(case_service_task=ServiceTask.OLDER_PEOPLE)
    assert (record.action, record.handoff, record.package_sha256) == (
        Action.ARCHIVE_THEN_DELETE, handoff, handoff.package_sha256)
    old.refresh_from_db()
    assert old.records_removed_on == D(2022, 1, 17)


def test_a_dry_run_says_a_case_would_be_handed_over_and_writes_nothing(caseworker, records, case_archive, settings):
    from pathlib import Path

    from retention.models import ArchiveHandoff

    client, old, old_file, _open_case, _open_file = two_case_client(caseworker, records)
    result = retention_run(D(2022, 1, 16), "--dry-run")
    assert result.code == 0
    assert f"would hand the records of case #{old.pk} over to Kunnan arkisto" in result.out
    assert not ArchiveHandoff.objects.exists() and not PurgeRecord.objects.exists()
    assert not Path(settings.ARCHIVE_ROOT).exists() or not any(Path(settings.ARCHIVE_ROOT).rglob("manifest.json"))


def test_a_case_package_left_by_a_crash_before_it_was_recorded_is_adopted_not_duplicated(
        caseworker, records, case_archive, settings, monkeypatch):
    """The machine stops after the case's package is written and before its handoff row is
    committed: the next run finds the folder through its pending record and adopts it."""
    from pathlib import Path

    from retention.models import ArchiveHandoff

    client, old, _old_file, _open_case, _open_file = two_case_client(caseworker, records)

    def crash(**kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr("retention.services.handoff.disclosure_record", crash)
    crashed = retention_run(D(2022, 1, 16))
    assert crashed.code == 1 and not ArchiveHandoff.objects.exists()
    day = Path(settings.ARCHIVE_ROOT) / str(records.pk) / "2022-01-16"
    assert [p.name for p in day.iterdir()] == [f"client-{client.pk}-case-{old.pk}"]
    monkeypatch.undo()

    again = retention_run(D(2022, 1, 16))
    assert again.code == 0, again.out + again.err
    handoff = ArchiveHandoff.objects.get()
    assert handoff.path == f"{records.pk}/2022-01-16/client-{client.pk}-case-{old.pk}"
    assert [p.name for p in day.iterdir()] == [f"client-{client.pk}-case-{old.pk}"]


def test_a_case_changed_after_its_package_was_built_gets_a_new_package_before_anything_goes(
        caseworker, records, case_archive):
    from retention.constants import HandoffStatus
    from retention.models import ArchiveHandoff

    from .conftest import receive

    client, old, old_file, _open_case, _open_file = two_case_client(caseworker, records)
    retention_run(D(2022, 1, 16))
    receive(ArchiveHandoff.objects.get())
    ServiceEntry.objects.filter(pk=old_file["entry"].pk).update(content="Kotikäynti: lääkkeet jaettu, korjattu")
    result = retention_run(D(2022, 1, 17))
    assert result.code == 0, result.out + result.err
    assert ServiceEntry.objects.filter(pk=old_file["entry"].pk).exists()
    statuses = sorted(ArchiveHandoff.objects.values_list("status", flat=True))
    assert statuses == sorted([HandoffStatus.SUPERSEDED, HandoffStatus.AWAITING_RECEIPT])


# Client fee decisions: counted from the document's own date ----------------------------------

def test_a_client_fee_decision_goes_twelve_years_from_its_own_date_not_with_the_case_it_is_filed_under(
        caseworker, records):
    """Act 703/2023 annex (the statutory rule's source): "Asiakasmaksupäätökset ja
    tuloselvitysasiakirjat 12 vuotta päätöksen voimassaolon päättymisestä", counted from the
    document's date. The older people's case closed on 2012-01-15 goes on 2022-01-15; the fee
    decision filed under it, dated 2010-03-01, stays until 2022-03-01, and goes on that day
    although the client stays (another case is open)."""
    from retention.models import RetentionRule

    assert "12 vuotta" in RetentionRule.objects.get(code="statutory-client-fee-decisions").legal_reference
    client, old, old_file, _open_case, open_file = two_case_client(caseworker, records)
    fee = client_services.document_upload(
        actor=caseworker, client=client, kind="client_fee_decision", title="Asiakasmaksupäätös 2010",
        document_date=D(2010, 3, 1), case=old,
        uploaded_file=SimpleUploadedFile("maksu.pdf", PDF_BYTES, content_type="application/pdf"))
    later_fee = client_services.document_upload(
        actor=caseworker, client=client, kind="client_fee_decision", title="Asiakasmaksupäätös 2011",
        document_date=D(2011, 6, 1),
        uploaded_file=SimpleUploadedFile("maksu2.pdf", PDF_BYTES, content_type="application/pdf"))

    case_day = retention_run(D(2022, 1, 16))
    assert case_day.code == 0, case_day.out + case_day.err
    assert not Document.objects.filter(pk=old_file["document"].pk).exists()  # the case's own document went
    assert Document.objects.filter(pk=fee.pk).exists()  # the fee decision counts from its own date

    day_before = retention_run(D(2022, 2, 28))
    assert day_before.code == 0
    assert Document.objects.filter(pk=fee.pk).exists()

    due_day = retention_run(D(2022, 3, 1))
    assert due_day.code == 0, due_day.out + due_day.err
    assert not Document.objects.filter(pk=fee.pk).exists()
    assert Document.objects.filter(pk=later_fee.pk).exists() and exists(client)
    assert Document.objects.filter(pk=open_file["document"].pk).exists()
    record = PurgeRecord.objects.get(rule_code="statutory-client-fee-decisions")
    assert record.counts["clients.Document"] == 1 and record.client_count == 0
    assert "removed 1 documents" in due_day.out


def test_many_clients_closed_cases_go_in_one_transaction_with_one_purge_record_and_a_failing_one_alone(
        caseworker, records, monkeypatch):
    """The closed cases of clients who stay go in chunks (one rule, register and service task),
    as delete-only clients do; a chunk that fails is retried one client at a time."""
    from retention.services import purge

    first = two_case_client(caseworker, records)
    second = two_case_client(caseworker, records)
    result = retention_run(D(2022, 1, 16))
    assert result.code == 0, result.out + result.err
    (record,) = PurgeRecord.objects.filter(case_service_task=ServiceTask.OLDER_PEOPLE)
    assert record.counts["clients.Case (records removed, case kept)"] == 2
    assert record.counts["clients.ServiceEntry"] == 2 and record.client_count == 0
    for client, _old, old_file, _open_case, open_file in (first, second):
        assert exists(client) and not ServiceEntry.objects.filter(pk=old_file["entry"].pk).exists()
        assert ServiceEntry.objects.filter(pk=open_file["entry"].pk).exists()

    PurgeRecord.objects.all().delete()
    third = two_case_client(caseworker, records)
    fourth = two_case_client(caseworker, records)
    real = purge.cases_records_purge_chunk

    def spoiled(**kwargs):
        if any(client_id == third[0].pk for client_id, _case in kwargs["cases"]):
            raise RuntimeError("a broken row")
        return real(**kwargs)

    monkeypatch.setattr("retention.services.run.cases_records_purge_chunk", spoiled)
    again = retention_run(D(2022, 1, 17))
    assert again.code == 1  # the broken client is recorded as failed, the rest went on
    assert ServiceEntry.objects.filter(pk=third[2]["entry"].pk).exists()
    assert not ServiceEntry.objects.filter(pk=fourth[2]["entry"].pk).exists()


def test_the_purge_services_refuse_a_client_whose_case_package_awaits_the_archives_receipt(
        caseworker, records, case_archive):
    """The run waits for a case package's receipt before it purges the client; a purge service
    called on any other path refuses too, and nothing of the client goes."""
    from retention.constants import Action
    from retention.services import CasePackageOpen, client_anonymise, clients_purge, clients_purge_chunk

    client, old, old_file, _open_case, _open_file = two_case_client(caseworker, records)
    assert retention_run(D(2022, 1, 16)).json["awaiting_receipt"] == 1
    attempts = (
        lambda: clients_purge(client_ids=[client.pk], rule=case_archive, action=Action.DELETE, today=D(2022, 1, 17),
                              run=None),
        lambda: clients_purge_chunk(client_ids=[client.pk], rule=case_archive, today=D(2022, 1, 17), run=None),
        lambda: client_anonymise(client_id=client.pk, rule=case_archive, today=D(2022, 1, 17), run=None),
    )
    for attempt in attempts:
        with pytest.raises(CasePackageOpen) as refused:
            attempt()
        assert refused.value.client_ids == [client.pk]
    assert exists(client) and ServiceEntry.objects.filter(pk=old_file["entry"].pk).exists()
    assert not PurgeRecord.objects.exists()
