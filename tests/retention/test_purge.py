"""The purge: everything hanging off a client goes, in one transaction, with its change
history; nothing personal stays anywhere in the database; a crash halfway leaves everything in
place and a rerun finishes the job with counts that reconcile."""

import datetime
import io
import uuid
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.admin.models import CHANGE
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from clients import services as client_services
from clients.constants import ServiceTask
from clients.models import Client, Document
from clients.services.breaches import breach_create, breach_notice_record
from requests import services as request_services
from requests.constants import Outcome, RequestType
from retention.constants import Action, AppliesTo, RecordKind, StartEvent
from retention.models import ArchiveHandoff, FileRemoval, PurgeRecord, RetentionRule, RunFailure
from retention.services import graph

from .conftest import (
    add_case,
    county_client,
    database_text,
    due_statutory_client,
    exists,
    person,
    receive,
    retention_run,
)

D = datetime.date
NAME, FIRST, EMAIL, PHONE = "Poistettavainen", "Ulrika", "ulrika.poistettavainen@example.fi", "040 7654321"


def related_counts(client: Client) -> dict[str, int]:
    return {model._meta.label: len(objs) for model, objs in graph.related_objects([client]).items()}


def history_count(client: Client) -> int:
    related = graph.related_objects([client])
    return sum(LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model),
                                       object_id__in=list(objs)).count() for model, objs in related.items())


def test_after_a_purge_no_row_anywhere_contains_the_clients_name_or_identity_code(
        caseworker, contact, register, django_capture_on_commit_callbacks):
    client, file = due_statutory_client(caseworker, register, last_name=NAME, first_names=FIRST, email=EMAIL,
                                        phone=PHONE, street_address="Poistokuja 13")
    client_services.client_update(actor=caseworker, client=client, municipality="Tampere",
                                  health={"allergies": "Pähkinä", "special_needs": "", "home_notes": "Kissa"})
    other, _other_file = due_statutory_client(caseworker, register, last_name="Pysyvä", first_names="Paavo")
    client_services.client_update(actor=caseworker, client=other, date_of_death=None,
                                  reason="Kuolinpäivä kirjattu väärälle asiakkaalle.")
    # A completed request (no hold), a breach listing the client, an admin change, a document.
    request = request_services.request_register(
        actor=contact, client=client, type=RequestType.ACCESS, received_on=D(2026, 1, 5), channel="in_person",
        requester_name=f"{FIRST} {NAME}", submission_key=uuid.uuid4(), today=D(2026, 1, 5))
    request_services.request_verify_identity(actor=contact, request=request, method="photo_id")
    request_services.request_decide(actor=contact, request=request, outcome=Outcome.GRANTED, decision="Annettu",
                                    no_redactions_needed=True)
    breach = breach_create(actor=contact, clients=[client, other], title="Hukattu muistitikku",
                           discovered_at=timezone.now(), description="Tikku katosi", affected_data="Nimet")
    breach_notice_record(actor=contact, breach=breach, client=client, channel="letter", now=timezone.now())
    AdminLogEntry.objects.create(user=contact, content_type=ContentType.objects.get_for_model(Client),
                                 object_id=str(client.pk), object_repr=client.display_name, action_flag=CHANGE,
                                 change_message=f"Changed {NAME}")
    code = client.identity_code
    document_path = Path(settings.MEDIA_ROOT) / file["document"].file.name
    before = database_text()
    assert NAME in before and code in before and EMAIL in before and document_path.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        result = retention_run("2026-11-21")
    assert result.json["purged"] == 1 and not exists(client) and exists(other)

    after = database_text()
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    for needle in (NAME, code, EMAIL, PHONE, "Poistokuja", "Pähkinä"):
        assert needle not in after, needle
        assert needle not in dump.getvalue(), needle
    assert "Pysyvä" in after  # the other client is untouched
    assert not document_path.exists() and not FileRemoval.objects.exists()
    breach.refresh_from_db()
    assert list(breach.affected_clients.all()) == [other]
    assert "[poistettu]" in str(LogEntry.objects.get_for_object(breach).values_list("changes", flat=True))


def test_the_purge_deletes_exactly_what_the_archive_package_serialises(caseworker, register):
    client, _file = due_statutory_client(caseworker, register)
    expected = related_counts(client)
    assert expected["clients.ServiceEntry"] == 1 and expected["consents.Consent"] == 1
    retention_run("2026-11-21")
    counts = PurgeRecord.objects.get().counts
    assert {k: v for k, v in counts.items()
            if "LogEntry" not in k and "_" not in k.split(".")[1] and "(kept)" not in k} == expected
    assert counts["auditlog.LogEntry"] > 0
    # The logs are not the client's documents: they stay, without the client (issue 18).
    assert counts["clients.AccessEntry (kept)"] == 1 and counts["clients.Disclosure (kept)"] == 1


@pytest.mark.parametrize("way", ["chunk", "archived"])
def test_the_access_log_and_disclosures_outlive_the_purged_client_without_the_person(
        caseworker, contact, register, purchased_register, fast_pdf, way):
    """The purge record still answers "who looked at this client's data and on what grounds" and
    "to whom was it disclosed", without holding the client's identity: the log rows stay, the
    client replaced by the purge record's reference; their organisation still sees them, and
    no text in them names the client."""
    from clients.models import AccessEntry, Disclosure

    if way == "chunk":
        client, _file = due_statutory_client(caseworker, register, last_name="Lokinen")
        today = "2026-11-21"
    else:
        client = county_client(caseworker, purchased_register, last_name="Lokinen")
    client_services.access_record(user=contact, client=client, kind="client_file",
                                  purpose="Tietopyyntö: Tuomas Lokinen")
    code, pk = client.identity_code, client.pk
    looked = set(AccessEntry.objects.filter(client=client).values_list("pk", flat=True))
    disclosed = set(Disclosure.objects.filter(client=client).values_list("pk", flat=True))
    assert looked and disclosed
    if way == "archived":
        assert retention_run("2026-05-31").json["handed_off"] == 1
        receive(ArchiveHandoff.objects.get(client_ref=pk))
        today = "2026-06-01"
        # The handover to the archive is a disclosure too, and it stays as well.
        disclosed = set(Disclosure.objects.filter(client=client).values_list("pk", flat=True))
        assert Disclosure.objects.filter(client=client, recipient_kind="archive").count() == 1
    assert retention_run(today).json["purged"] == 1 and not Client.objects.filter(pk=pk).exists()

    record = PurgeRecord.objects.get()
    kept_entries = AccessEntry.objects.filter(purged_client_ref=f"{record.reference}:1")
    assert set(kept_entries.values_list("pk", flat=True)) == looked
    assert set(Disclosure.objects.filter(purged_client_ref=f"{record.reference}:1")
               .values_list("pk", flat=True)) == disclosed
    entry = kept_entries.get(purpose__startswith="[")
    assert entry.client_id is None and entry.user == contact and entry.purpose == "[poistettu]"
    assert "Lokinen" not in str(list(kept_entries.values())) and code not in str(list(kept_entries.values()))
    # Row-level security: the rows keep their register, so the organisation still sees them.
    with connection.cursor() as cursor:
        cursor.execute("SELECT rls_register_id, id, kind, purged_client_ref FROM clients_accessentry"
                       " WHERE purged_client_ref <> ''")
        rows = cursor.fetchall()
    assert {row[0] for row in rows} == {record.register_id}


def crash_after(calls: int):
    """A wrapper factory: the wrapped step runs, and on its `calls`-th call raises afterwards."""
    def wrap(original):
        seen = []

        def crash(*args, **kwargs):
            result = original(*args, **kwargs)
            seen.append(1)
            if len(seen) == calls:
                raise RuntimeError("the machine lost power")
            return result
        return crash
    return wrap


CRASHES = {
    # delete-only clients go in chunks, deleted by sets model after model
    "chunk: halfway through the models": ("chunk", "_forget_history_of", 6),
    "chunk: every row gone, before the record": ("chunk", "_write_purge_record", 1),
    # handed-over clients go one by one through Django's Collector, entries first
    "archived: after the entries, before the client": ("archived", "_step_delete_first", 1),
    "archived: every row gone, before the record": ("archived", "_write_purge_record", 1),
}


@pytest.mark.parametrize("crash", CRASHES)
def test_a_crash_in_the_middle_of_a_purge_deletes_nothing_and_a_rerun_finishes_it(
        caseworker, register, purchased_register, monkeypatch, django_capture_on_commit_callbacks, fast_pdf, crash):
    """Like Zulip's archiving tests: a step of the purge raises after earlier steps have deleted
    rows; the transaction rolls all of it back."""
    path, step, calls = CRASHES[crash]
    if path == "chunk":
        client, file = due_statutory_client(caseworker, register)
    else:
        client = county_client(caseworker, purchased_register)
        retention_run("2026-11-20")
        receive(ArchiveHandoff.objects.get())
        file = {"document": client.documents.get()}
    counts_before, history_before = related_counts(client), history_count(client)
    document = Path(settings.MEDIA_ROOT) / file["document"].file.name

    from retention.services import purge
    original = getattr(purge, step)
    monkeypatch.setattr(purge, step, crash_after(calls)(original))
    with django_capture_on_commit_callbacks(execute=True):
        failed = retention_run("2026-11-21")
    assert failed.code == 1 and failed.json["errors"] == 1 and failed.json["purged"] == 0
    assert f"client #{client.pk}: FAILED at purge: RuntimeError: the machine lost power" in failed.out
    assert RunFailure.objects.get().stage == "purge"
    assert related_counts(client) == counts_before and history_count(client) == history_before
    assert document.is_file() and not PurgeRecord.objects.exists() and not FileRemoval.objects.exists()

    monkeypatch.setattr(purge, step, original)
    with django_capture_on_commit_callbacks(execute=True):
        rerun = retention_run("2026-11-21")
    assert rerun.code == 0 and rerun.json["purged"] == 1 and not exists(client) and not document.exists()
    record = PurgeRecord.objects.get()
    for label, count in counts_before.items():
        assert record.counts[label] == count, label
    assert record.counts["auditlog.LogEntry"] >= history_before


def test_one_failing_client_does_not_stop_the_others_in_its_chunk(caseworker, register, monkeypatch):
    clients = [due_statutory_client(caseworker, register, last_name=f"Erä{i}")[0] for i in range(3)]
    bad = clients[1]
    from retention.services import purge
    original = purge._delete_by_sets

    def fail_for_bad(client_ids, *args):
        original(client_ids, *args)
        if bad.pk in client_ids:
            raise RuntimeError("constraint trouble")

    monkeypatch.setattr(purge, "_delete_by_sets", fail_for_bad)
    result = retention_run("2026-11-21")
    assert result.code == 1
    assert (result.json["due"], result.json["purged"], result.json["errors"]) == (3, 2, 1)
    assert [exists(c) for c in clients] == [False, True, False]
    assert list(RunFailure.objects.values_list("client_ref", flat=True)) == [bad.pk]
    assert "Erä1" not in RunFailure.objects.get().error


def test_files_of_a_purge_that_committed_are_removed_by_the_next_run(caseworker, register):
    """Without the on-commit callback (a crash right after the commit), the queued removal
    stays and the next run removes the file."""
    client, file = due_statutory_client(caseworker, register)
    document = Path(settings.MEDIA_ROOT) / file["document"].file.name
    retention_run("2026-11-21")  # callbacks are not run inside the test's transaction
    assert not exists(client) and document.is_file() and FileRemoval.objects.count() == 1
    result = retention_run("2026-11-22")
    assert "1 files" in result.out and not document.exists() and not FileRemoval.objects.exists()


def test_an_anonymising_rule_keeps_the_row_and_the_cases_without_anything_identifying(
        caseworker, marketing_register):
    RetentionRule.objects.create(code="anon", name="Anonymisointi", register_kind="marketing",
                                 controller=marketing_register.controller,
                                 record_kind=RecordKind.CLIENT_FILE, applies_to=AppliesTo.ALL_CLIENTS,
                                 start_event=StartEvent.RELATIONSHIP_ENDED, period_years=1, action=Action.ANONYMISE)
    client = person(caseworker, marketing_register, last_name=NAME, relationship_ended=D(2024, 5, 1))
    add_case(caseworker, client, ServiceTask.PRIVATE, D(2024, 1, 1), D(2024, 5, 1))
    code = client.identity_code
    result = retention_run("2025-05-01")
    assert result.json["purged"] == 1
    kept = Client.objects.get(pk=client.pk)
    assert (kept.last_name, kept.first_names, kept.identity_code, kept.date_of_birth) == ("", "", "", D(1950, 1, 1))
    assert kept.cases.get().service_task == ServiceTask.PRIVATE
    text = database_text()
    assert NAME not in text and code not in text
    assert PurgeRecord.objects.get().anonymised_client_ref == client.pk
    again = retention_run("2025-05-02")
    assert again.json["due"] == 0 and PurgeRecord.objects.count() == 1


def test_purged_documents_rows_go_with_the_client(caseworker, register):
    client, file = due_statutory_client(caseworker, register)
    retention_run("2026-11-21")
    assert not Document.objects.filter(pk=file["document"].pk).exists()


def enrich(client, caseworker, caseworker_b, contact):
    """Rows of every other app that hang off a client: a released hold, a completed request, an
    emergency access, a breach notice."""
    from clients.services.emergency import emergency_access_open
    from retention.services import legal_hold_place, legal_hold_release

    legal_hold_release(actor=contact, hold=legal_hold_place(actor=contact, client=client, reason="Selvitys"))
    request = request_services.request_register(
        actor=contact, client=client, type=RequestType.ERASURE, received_on=D(2026, 1, 5), channel="in_person",
        submission_key=uuid.uuid4(), today=D(2026, 1, 5))
    request_services.request_verify_identity(actor=contact, request=request, method="photo_id")
    request_services.request_decide(actor=contact, request=request, outcome=Outcome.REFUSED, decision="Ei",
                                    refusal_reasons="Lakisääteinen säilytys")
    emergency_access_open(actor=caseworker_b, lookup=client.identity_code, reason="Päivystys", now=timezone.now())
    breach = breach_create(actor=contact, clients=[client], title="Väärä vastaanottaja",
                           discovered_at=timezone.now(), description="Kirje", affected_data="Nimi")
    breach_notice_record(actor=contact, breach=breach, client=client, channel="letter", now=timezone.now())


def test_both_ways_of_purging_delete_the_same_rows_and_history(caseworker, caseworker_b, contact, register):
    """The chunk purge (by sets, for delete-only rules) and the one-client purge (Django's
    Collector, for handed-over clients) leave the same result."""
    from retention.services import clients_purge, clients_purge_chunk

    twins = [due_statutory_client(caseworker, register, last_name=name)[0] for name in ("Yksi", "Kaksi")]
    for twin in twins:
        enrich(twin, caseworker, caseworker_b, contact)
    expected = related_counts(twins[0])
    assert related_counts(twins[1]) == expected and expected["retention.LegalHold"] == 1
    older = RetentionRule.objects.get(code="statutory-older-people")
    one = clients_purge(client_ids=[twins[0].pk], rule=older, action=Action.DELETE, today=D(2026, 11, 21), run=None)
    two = clients_purge_chunk(client_ids=[twins[1].pk], rule=older, today=D(2026, 11, 21), run=None)
    assert one.counts == two.counts
    # Requests and emergency accesses outlive the client now (issue 18): kept, not deleted.
    assert one.counts["requests.DataSubjectRequest (kept)"] == 1 and one.counts["clients.EmergencyAccess (kept)"] == 1
    assert not exists(twins[0]) and not exists(twins[1])
    text = database_text()
    assert "Yksi" not in text and "Kaksi" not in text


def test_a_client_handed_to_an_archive_leaves_no_personal_data_behind_either(caseworker, purchased_register,
                                                                             fast_pdf):
    from retention.models import ArchiveHandoff

    client = county_client(caseworker, purchased_register, last_name=NAME, email=EMAIL)
    code = client.identity_code
    retention_run("2026-06-01")
    receive(ArchiveHandoff.objects.get())
    assert retention_run("2026-06-02").json["purged"] == 1
    text = database_text()
    for needle in (NAME, code, EMAIL):
        assert needle not in text, needle
