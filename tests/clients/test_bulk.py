"""core.bulk: COPY inserts for demo and benchmark data, in the caller's connection or, with
`background=True`, in a thread of its own while the caller makes the next batch."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from clients.constants import ClientKind
from clients.models import Client
from core.bulk import BulkWriter, new
from tests.conftest import make_controller, make_register

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


def people(register, count: int, start: int = 0) -> list[Client]:
    return [new(Client, register=register, kind=ClientKind.PERSON, first_names="Bulk", last_name=f"Asiakas{n}",
                search_name=f"asiakas{n}", relationship_started=datetime.date(2026, 1, 1))
            for n in range(start, start + count)]


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_background_rows_arrive_with_the_keys_given_when_closed():
    register = make_register(make_controller("Bulk Oy"))
    writer = BulkWriter(background=True)
    assert writer._queue is not None  # really in a thread of its own (no transaction is open)
    batches = [people(register, 300, start) for start in (0, 300, 600)]
    for batch in batches:
        writer.save(Client, batch)
    keys = [c.pk for batch in batches for c in batch]
    assert None not in keys and len(set(keys)) == 900
    writer.close()
    stored = dict(Client.objects.filter(register=register).values_list("pk", "last_name"))
    assert stored == {c.pk: c.last_name for batch in batches for c in batch}


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_failed_background_copy_is_raised_by_close_and_stops_the_rest():
    register = make_register(make_controller("Bulk Oy"))
    writer = BulkWriter(background=True)
    broken = people(register, 5)
    for client in broken:
        client.register_id = 999_999_999  # no such register: the foreign key fails at commit
    writer.save(Client, broken)
    writer.save(Client, people(register, 5, 5))
    with pytest.raises(IntegrityError):
        writer.close()
    assert not Client.objects.filter(last_name__startswith="Asiakas").exists()


@pytest.mark.django_db
def test_inside_a_transaction_it_writes_in_the_callers_connection():
    register = make_register(make_controller("Bulk Oy"))
    with transaction.atomic():
        writer = BulkWriter(background=True)
        assert writer._queue is None  # a thread's own connection could not see `register`
        writer.save(Client, people(register, 10))
        assert Client.objects.filter(register=register).count() == 10
        writer.close()
