"""The name search by any name part stays true to the register whichever way a client is written,
renamed or removed: on PostgreSQL it reads clients_name_word (clients/migrations/0003), a side
table the models do not know, kept by triggers on clients_client."""

import datetime

import pytest
from django.db import connection

from clients import services
from clients.constants import ClientKind
from clients.models import Client
from core.bulk import BulkWriter, new
from tests.conftest import make_client

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="the name words are PostgreSQL's")


def found(browser, query: str) -> list[str]:
    return [c.display_name for c in browser.get("/clients/", {"q": query}).context["page"].object_list]


def name_words(client: Client) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT word FROM clients_name_word WHERE client_id = %s ORDER BY word", [client.pk])
        return [row[0] for row in cursor.fetchall()]


def test_a_renamed_client_is_found_by_the_new_name_and_no_longer_by_the_old(client, contact, register):
    """A client marries and takes her spouse's name: the caseworker finds her by the new name
    and her new middle name, and the old name finds nobody."""
    person = make_client(contact, register, last_name="Virtanen", first_names="Aino")
    services.client_update(actor=contact, client=person,
                           **{"last_name": "Korhonen", "first_names": "Aino Virtanen-Maria"},
                           reason="Avioliitto, nimenmuutos väestötietojärjestelmästä")
    client.force_login(contact)
    assert found(client, "korhonen") == ["Korhonen Aino Virtanen-Maria"]
    # A piece of a hyphenated part is a part too (issue 21: "kuusela" finds "Mäki-Kuusela").
    assert found(client, "maria aino") == ["Korhonen Aino Virtanen-Maria"]
    assert found(client, "virtanen-m") == ["Korhonen Aino Virtanen-Maria"]
    services.client_update(actor=contact, client=person, **{"first_names": "Aino"},
                           reason="Toinen etunimi poistettu")
    assert found(client, "virtanen") == []
    assert found(client, "aino korh") == ["Korhonen Aino"]


def test_clients_written_by_the_bulk_loader_are_found_by_any_name_part(client, contact, register):
    """Demo data and the benchmarks write clients with COPY and one INSERT ... SELECT: a first
    name or a middle name finds them as it finds clients added through the form."""
    BulkWriter().save(Client, [
        new(Client, register=register, kind=ClientKind.PERSON, last_name="Lahtinen", first_names=f"Ilmari {middle}",
            search_name=f"lahtinen ilmari {middle.lower()}", sort_name=f"Lahtinen Ilmari {middle}",
            relationship_started=datetime.date(2026, 1, 1))
        for middle in ("Kalervo", "Johannes")
    ])
    client.force_login(contact)
    assert found(client, "kalervo") == ["Lahtinen Ilmari Kalervo"]
    assert sorted(found(client, "ilmari")) == ["Lahtinen Ilmari Johannes", "Lahtinen Ilmari Kalervo"]


@needs_postgres
def test_a_deleted_or_anonymised_client_leaves_no_name_words_behind(contact, register):
    """The words are the client's name in pieces: personal data that goes with the client."""
    kept = make_client(contact, register, last_name="Pysyvä", first_names="Paavo")
    gone = make_client(contact, register, last_name="Poistuva", first_names="Pirjo Anneli")
    anonymised = make_client(contact, register, last_name="Nimetön", first_names="Niilo")
    assert name_words(gone) == ["anneli", "pirjo", "poistuva"]
    Client.objects.filter(pk=gone.pk).delete()
    Client.objects.filter(pk=anonymised.pk).update(last_name="", first_names="", search_name="", sort_name="")
    assert name_words(gone) == [] and name_words(anonymised) == []
    assert name_words(kept) == ["paavo", "pysyva"]


@needs_postgres
def test_the_test_runners_flush_empties_the_name_words_too(contact, register):
    """Django's flush truncates the tables its models name; the words go along, so that no name
    of one test's client is left for the next."""
    make_client(contact, register, last_name="Tyhjennettävä")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as outside the test's transaction
        cursor.execute("TRUNCATE clients_client CASCADE")
        cursor.execute("SELECT count(*) FROM clients_name_word")
        assert cursor.fetchone()[0] == 0


def test_a_search_of_accents_alone_finds_nobody_instead_of_failing(client, contact, register):
    make_client(contact, register, last_name="Mäkinen")
    client.force_login(contact)
    response = client.get("/clients/", {"q": "\u0308 \u030a"})
    assert response.status_code == 200 and not response.context["page"].object_list
