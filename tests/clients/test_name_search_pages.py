"""Issue 21 and 17: a name search finds any part of a name, a hyphenated one piece by piece, and
its pages read in Finnish order from the name-word index (a register contact's list), page
after page the same clients as the plain search, never another organisation's."""

import datetime

import pytest
from django.db import connection

from clients import services
from clients.selectors import client_list_search, client_search, clients_visible_to
from clients.views.register import PAGE_SIZE
from core.scope import system_scope
from tests.conftest import make_client


def names_found(web, query: str, page: int = 1) -> list[str]:
    response = web.get("/clients/", {"q": query, "page": page})
    assert response.status_code == 200
    return [client.display_name for client in response.context["page"].object_list]


@pytest.fixture
def contact_web(client, contact):
    client.force_login(contact)
    return client


def test_a_piece_of_a_hyphenated_name_finds_the_client(contact_web, contact, register):
    """The caseworker who remembers "Kuusela" finds "Mäki-Kuusela"; the whole part and its first
    piece find her too; the middle of a piece does not."""
    make_client(contact, register, last_name="Mäki-Kuusela", first_names="Anna-Liisa")
    make_client(contact, register, last_name="Kuusinen", first_names="Eero")
    for query in ("kuusela", "KUUS", "mäki", "maki-kuusela", "liisa", "anna-liisa kuusela"):
        assert "Mäki-Kuusela Anna-Liisa" in names_found(contact_web, query), query
    assert names_found(contact_web, "kuusela") == ["Mäki-Kuusela Anna-Liisa"]
    assert names_found(contact_web, "uusela") == []


def test_a_renamed_client_is_found_by_the_new_pieces_and_not_the_old(contact_web, contact, register):
    """The edit path: a marriage name added later is searchable at once, the old one no more."""
    person = make_client(contact, register, last_name="Virtanen", first_names="Aino")
    services.client_update(actor=contact, client=person, last_name="Virtanen-Öhman",
                           reason="Nimenmuutos väestötietojärjestelmän mukaan")
    assert names_found(contact_web, "ohman") == ["Virtanen-Öhman Aino"]
    services.client_update(actor=contact, client=person, last_name="Öhman",
                           reason="Nimenmuutos väestötietojärjestelmän mukaan")
    assert names_found(contact_web, "virtanen") == []
    assert names_found(contact_web, "ohman") == ["Öhman Aino"]


@pytest.fixture
def many_matches(contact, register, other_register, other_contact):
    """60 clients of the register whose names start "mak" in different words (family names,
    first names, a hyphenated piece; some twice over), in an order unlike their byte order,
    and another organisation's Mäkinens."""
    last_names = ["Mäkinen", "Mäkelä", "Makkonen", "Aho", "Mäki-Kuusela", "Öhman", "Åberg", "Laine"]
    first_names = ["Maksim", "Aino", "Matti Maksim", "Eero"]
    made = []
    for i in range(60):
        made.append(make_client(contact, register, last_name=last_names[i % len(last_names)],
                                first_names=first_names[i % len(first_names)], born=datetime.date(1950, 1, 1 + i % 28)))
    for _ in range(5):
        make_client(other_contact, other_register, last_name="Mäkinen", first_names="Maksim")
    return made


@pytest.mark.parametrize("query", ["mak", "ma", "maksim", "maksim mak", "a"])
def test_the_pages_of_a_name_search_are_the_plain_search_in_finnish_order(contact_web, contact, many_matches, query):
    """Page after page, the register contact's list (read from the name-word index in list order)
    holds exactly the clients the plain search finds, in the list's order, none twice, none of
    another organisation."""
    with system_scope():
        plain = client_search(clients_visible_to(contact), query).order_by("sort_name", "pk")
        expected = [c.display_name for c in plain]
    assert len(expected) > PAGE_SIZE or query == "maksim mak", (query, len(expected))
    pages: list[str] = []
    for page in range(1, 5):
        pages += names_found(contact_web, query, page)
    assert pages == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the name-word index is PostgreSQL's")
def test_the_application_wall_holds_without_row_level_security(contact, many_matches, other_contact):
    """The index names the contact's registers itself: in the system scope (as the nightly run,
    or an installation that connects as a superuser by mistake) the search still finds none of
    another organisation's clients, and all of its own."""
    with system_scope():
        found = list(client_list_search(contact, "makinen", first=1000))
        theirs = list(client_list_search(other_contact, "makinen", first=1000))
    assert found and {c.register_id for c in found} == {many_matches[0].register_id}
    assert len(found) == sum(1 for c in many_matches if c.last_name == "Mäkinen")
    assert len(theirs) == 5 and not {c.pk for c in theirs} & {c.pk for c in many_matches}


def test_a_caseworker_finds_only_their_own_clients_by_a_name_piece(client, caseworker, contact, register):
    mine = make_client(caseworker, register, last_name="Mäki-Kuusela", first_names="Anna")
    make_client(contact, register, last_name="Kuusela", first_names="Anna")
    client.force_login(caseworker)
    assert names_found(client, "kuusela") == [mine.display_name]
