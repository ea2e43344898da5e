"""The purge takes the client's name search words along (clients_name_word, PostgreSQL only): the
name in pieces, lower-case and without accents, is still the client's name."""

import pytest
from django.db import connection

from clients import services as client_services

from .conftest import due_statutory_client, exists, retention_run

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the name words are PostgreSQL's")


def words_of(client_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM clients_name_word WHERE client_id = %s ORDER BY word", [client_id])
        return [row[0] for row in cursor.fetchall()]


def test_after_a_purge_not_even_the_name_words_of_the_client_are_left(caseworker, register):
    client, _file = due_statutory_client(caseworker, register, last_name="Poistettavainen", first_names="Ulrika")
    other, _other_file = due_statutory_client(caseworker, register, last_name="Pysyvä", first_names="Paavo")
    client_services.client_update(actor=caseworker, client=other, **{"date_of_death": None},
                                  reason="Kuolinpäivä kirjattu väärälle asiakkaalle")
    assert words_of(client.pk) == ["poistettavainen", "ulrika"]
    result = retention_run("2026-11-21")
    assert result.json["purged"] == 1 and not exists(client) and exists(other)
    assert words_of(client.pk) == []
    assert words_of(other.pk) == ["paavo", "pysyva"]
