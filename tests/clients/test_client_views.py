"""Client list, search, client file and forms as a caseworker sees them."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from clients.demo import identity_code_make
from clients.models import AccessEntry, Client, Representative
from core.roles import Role
from tests.conftest import make_client, make_user


@pytest.fixture
def contact_client(client, contact):
    client.force_login(contact)
    return client


def test_name_search_is_prefix_and_ignores_case_and_accents(contact_client, contact, register):
    make_client(contact, register, last_name="Mäkinen", first_names="Åsa")
    make_client(contact, register, last_name="Makkonen", first_names="Pekka")
    make_client(contact, register, last_name="Laine", first_names="Mäkinen-Eero")
    html = contact_client.get("/clients/", {"q": "makinen"}).content.decode()
    assert "Mäkinen Åsa" in html
    assert "Makkonen" not in html
    assert "Laine Mäkinen-Eero" in html  # a first name that starts so is found too
    assert "Mäkinen Åsa" in contact_client.get("/clients/", {"q": "MÄKI"}).content.decode()
    assert "Mäkinen Åsa" in contact_client.get("/clients/", {"q": "asa makinen"}).content.decode()


def test_search_by_full_identity_code_finds_exactly_that_client(contact_client, contact, register):
    wanted = make_client(contact, register, last_name="Nieminen", born=datetime.date(1944, 2, 29),
                         individual=312)
    make_client(contact, register, last_name="Niemi", born=datetime.date(1944, 2, 29), individual=314)
    response = contact_client.get("/clients/", {"q": wanted.identity_code.lower()})
    page = list(response.context["page"].object_list)
    assert page == [wanted]


def test_identity_codes_are_masked_in_the_list(contact_client, client_a):
    html = contact_client.get("/clients/").content.decode()
    assert client_a.identity_code not in html
    assert client_a.identity_code[:7] + "****" in html


def test_client_file_shows_the_full_code_and_health_information(contact_client, contact, register):
    person = make_client(contact, register)
    from clients import services

    services.client_update(actor=contact, client=person,
                           health={"allergies": "Pähkinäallergia", "special_needs": "",
                                   "home_notes": "Koira kotona"})
    html = contact_client.get(f"/clients/{person.pk}/").content.decode()
    assert person.identity_code in html
    assert "Pähkinäallergia" in html and "Koira kotona" in html
    assert "Pähkinäallergia" not in contact_client.get("/clients/").content.decode()


def test_each_client_file_view_writes_exactly_one_access_entry(contact_client, contact, client_a):
    for expected in (1, 2):
        assert contact_client.get(f"/clients/{client_a.pk}/").status_code == 200
        entries = AccessEntry.objects.filter(client=client_a, user=contact)
        assert entries.count() == expected
    assert set(entries.values_list("kind", flat=True)) == {"client_file"}
    contact_client.get(f"/clients/{client_a.pk}/edit/")
    assert AccessEntry.objects.filter(client=client_a, user=contact, kind="client_edit").count() == 1


def test_list_rows_are_not_access_logged(contact_client, client_a):
    contact_client.get("/clients/")
    assert not AccessEntry.objects.exists()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_representatives(person, count: int) -> None:
    for i in range(count):
        Representative.objects.create(client=person, role="next_of_kin", first_names=f"Omainen{i}",
                                      last_name="Mäkinen", valid_from=datetime.date(2024, 1, 1))


def test_client_file_query_count_does_not_grow_with_representatives(contact_client, client_a):
    url = f"/clients/{client_a.pk}/"
    add_representatives(client_a, 1)
    one = count_queries(contact_client, url)
    add_representatives(client_a, 11)
    assert count_queries(contact_client, url) == one


def test_client_list_query_count_does_not_grow_with_rows(contact_client, contact, register):
    for i in range(2):
        add_representatives(make_client(contact, register, last_name=f"Asiakas{i}"), 1)
    few = count_queries(contact_client, "/clients/")
    for i in range(2, 22):
        add_representatives(make_client(contact, register, last_name=f"Asiakas{i}"), 2)
    assert count_queries(contact_client, "/clients/") == few <= 10


def test_create_client_with_invalid_identity_code_shows_finnish_error_and_saves_nothing(
    client, caseworker, register
):
    client.force_login(caseworker)
    response = client.post("/clients/new/", {
        "register": register.pk, "kind": "person", "last_name": "Virhe", "first_names": "Ville",
        "identity_code": "170550-123X", "preferred_language": "fi", "relationship_started": "2026-01-01",
    })
    assert response.status_code == 200
    assert "tarkistusmerkki" in response.content.decode()
    assert not Client.objects.exists()


def test_create_client_derives_birth_date_and_assigns_the_caseworker(client, caseworker, register):
    client.force_login(caseworker)
    code = identity_code_make(datetime.date(2012, 6, 30), 345, "B")
    response = client.post("/clients/new/", {
        "register": register.pk, "kind": "person", "last_name": "Järvinen", "first_names": "Onni",
        "identity_code": code.lower(), "preferred_language": "fi", "relationship_started": "2026-02-30",
    })
    assert response.status_code == 200  # 30 February is no date
    assert "relationship_started" in response.context["form"].errors
    response = client.post("/clients/new/", {
        "register": register.pk, "kind": "person", "last_name": "Järvinen", "first_names": "Onni",
        "identity_code": code.lower(), "preferred_language": "fi", "relationship_started": "2026-02-03",
        "health-allergies": "Laktoosi-intoleranssi",
    })
    person = Client.objects.get()
    assert response.status_code == 302 and response.url == f"/clients/{person.pk}/"
    assert person.identity_code == code  # century sign B kept as given
    assert person.date_of_birth == datetime.date(2012, 6, 30)
    assert list(person.assigned_workers.all()) == [caseworker]
    assert person.health.allergies == "Laktoosi-intoleranssi"


def test_same_identity_code_twice_in_a_register_is_refused(client, caseworker, client_a, register):
    client.force_login(caseworker)
    response = client.post("/clients/new/", {
        "register": register.pk, "kind": "person", "last_name": "Kopio", "first_names": "K",
        "identity_code": client_a.identity_code, "preferred_language": "fi",
        "relationship_started": "2026-01-01",
    })
    assert response.status_code == 200
    assert "on jo" in response.content.decode()
    assert Client.objects.count() == 1


def test_organisation_client_needs_a_name_and_a_valid_business_id(client, caseworker, register):
    """Seed 001: organisation clients with name, business ID, address, email, contact person."""
    client.force_login(caseworker)
    base = {"register": register.pk, "kind": "organisation", "preferred_language": "fi",
            "relationship_started": "2026-01-01", "contact_person": "Sirpa Mäkinen"}
    response = client.post("/clients/new/", {**base, "business_id": "3157784-0"})
    assert set(response.context["form"].errors) == {"organisation_name", "business_id"}
    response = client.post("/clients/new/", {**base, "organisation_name": "Osuuskunta Oy",
                                              "business_id": "3157784-9"})
    assert response.status_code == 302
    assert Client.objects.get().search_name == "osuuskunta oy"


def test_restricted_client_shows_a_banner_everywhere(contact_client, contact, register):
    person = make_client(contact, register, restricted=True,
                         restriction_reason="Tietojen oikeellisuus kiistetty")
    for url in [f"/clients/{person.pk}/", f"/clients/{person.pk}/edit/",
                f"/clients/{person.pk}/representatives/new/"]:
        html = contact_client.get(url).content.decode()
        assert "Käsittelyä rajoitettu" in html, url
    assert "rajoitettu" in contact_client.get("/clients/").content.decode()


def test_identity_code_is_fully_masked_in_change_history(db, contact, register):
    person = make_client(contact, register)
    entry = LogEntry.objects.get_for_object(person).get(action=LogEntry.Action.CREATE)
    assert entry.changes_dict["identity_code"][1] == "****"
    assert person.identity_code not in str(entry.changes)
    assert person.identity_code[:6] not in str(entry.changes)


def test_deactivated_user_keeps_their_name_in_the_access_log(contact_client, contact, client_a):
    contact_client.get(f"/clients/{client_a.pk}/")
    contact.is_active = False
    contact.save()
    entry = AccessEntry.objects.get(client=client_a)
    assert entry.user.username == "kontakti"


def test_caseworker_sees_clients_with_roles_other_than_their_own_hidden(db, provider, client_a):
    unsigned_admin = make_user(Role.ADMIN, provider, signed=False)
    from clients.selectors import clients_visible_to

    assert not clients_visible_to(unsigned_admin).exists()


def test_list_pages_without_counting_everything(contact_client, contact, register):
    for i in range(30):
        make_client(contact, register, last_name=f"Sivutettava{i:02d}")
    first = contact_client.get("/clients/", {"q": "sivutettava"})
    assert len(first.context["page"].object_list) == 25 and first.context["page"].has_next
    second = contact_client.get("/clients/", {"q": "sivutettava", "page": "2"})
    assert len(second.context["page"].object_list) == 5 and not second.context["page"].has_next
    assert "Sivutettava29" in second.content.decode()
    assert contact_client.get("/clients/", {"page": "x"}).context["page"].number == 1


def test_a_first_name_a_middle_name_or_the_start_of_an_identity_code_finds_the_client(
        contact_client, contact, register):
    """A caseworker remembers "Eino" or "Johannes", or has the first digits of the code from a
    letter: each finds Eino Johannes Heikkilä, and no one else."""
    wanted = make_client(contact, register, last_name="Heikkilä", first_names="Eino Johannes",
                         born=datetime.date(1937, 8, 2), individual=123)
    make_client(contact, register, last_name="Einari", first_names="Maija", born=datetime.date(1937, 8, 3))
    make_client(contact, register, last_name="Virtanen", first_names="Aino", born=datetime.date(1948, 2, 8))
    for query in ("Eino", "johannes", "JOH", "Johannes Heikkilä", "heikkila eino", "020837", "020837-1",
                  wanted.identity_code[:8].lower()):
        found = list(contact_client.get("/clients/", {"q": query}).context["page"].object_list)
        assert found == [wanted], query
    # "Ein" starts a first name of one and the last name of the other: both are found.
    both = list(contact_client.get("/clients/", {"q": "ein"}).context["page"].object_list)
    assert {c.last_name for c in both} == {"Heikkilä", "Einari"}


@pytest.mark.parametrize("query", ["2.8.1937", "02.08.1937", "1937-08-02", " 2.8.1937 "])
def test_a_date_of_birth_finds_the_clients_born_that_day(contact_client, contact, register, query):
    wanted = make_client(contact, register, last_name="Heikkilä", born=datetime.date(1937, 8, 2))
    make_client(contact, register, last_name="Kuusela", born=datetime.date(1937, 2, 8))
    html = contact_client.get("/clients/", {"q": query}).content.decode()
    found = list(contact_client.get("/clients/", {"q": query}).context["page"].object_list)
    assert found == [wanted] and "Kuusela" not in html
    assert not contact_client.get("/clients/", {"q": "31.2.1937"}).context["page"].object_list


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Finnish collation is PostgreSQL's ICU")
def test_the_client_list_is_in_finnish_alphabetical_order(contact_client, contact, register):
    """Finnish order: Heikkilä before Hämäläinen (ä is a letter of its own, after z), and å, ä, ö
    after z, in that order; not Åberg first as byte order or accent-stripping would have it."""
    for name in ("Öhman", "Åberg", "Hämäläinen", "Zetterberg", "Heikkilä", "Äijälä", "Aalto", "Haapala"):
        make_client(contact, register, last_name=name)
    names = [c.last_name for c in contact_client.get("/clients/").context["page"].object_list]
    assert names == ["Aalto", "Haapala", "Heikkilä", "Hämäläinen", "Zetterberg", "Åberg", "Äijälä", "Öhman"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans are PostgreSQL's")
@pytest.mark.parametrize("query,index,searched", [
    ("makin", "clients_name_word_order", "word"),  # the start of the last name
    ("matti", "clients_name_word_order", "word"),  # a first name alone
    ("juhani", "clients_name_word_order", "word"),  # a middle name
    ("matti makinen", "clients_name_word_order", "word"),  # several words, any order
    ("020837", "client_identity_code", "identity_code"),  # the start of an identity code
    ("2.8.1937", "client_date_of_birth", "date_of_birth"),
])
def test_every_kind_of_search_is_served_by_an_index(contact, register, query, index, searched):
    """Issue 21: "Search by first names, any name part, the start of an identity code and date of
    birth, still index-backed at a million clients". Under row-level security only leakproof
    operators reach an index before the policy (LIKE and the trigram operators are not), so each
    search is planned here as a request runs it: as the app role (the suite's connection), in the
    signed-in register contact's scope, through clients_visible_to."""
    from clients.selectors import client_search, clients_visible_to, registers_visible_to
    from core.scope import scope_set

    make_client(contact, register, last_name="Mäkinen", first_names="Matti Juhani", born=datetime.date(1937, 8, 2))
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        role, superuser, bypasses = cursor.fetchone()
    assert (superuser, bypasses) == (False, False), role
    # The registers a request of this user is scoped to (RegisterScopeMiddleware).
    scope = ",".join(str(pk) for pk in registers_visible_to(contact).values_list("pk", flat=True))
    assert scope and scope != "all"
    with transaction.atomic():
        previous = scope_set(connection, scope, local=True)
        try:
            found = client_search(clients_visible_to(contact), query)
            assert [c.last_name for c in found] == ["Mäkinen"]
            # Unordered: at a million clients the planner filters first and sorts the few found;
            # with the handful of rows here it would rather walk the sort index.
            sql, params = found.order_by().query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(f"EXPLAIN {sql}", params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
                cursor.execute("SET LOCAL enable_seqscan = on")
        finally:
            scope_set(connection, previous, local=True)
    lines = plan.splitlines()
    # A name-word search may take either index of the word table on a test's handful of rows
    # (its key (client_id, word) or the list-order index): both have the word in the condition.
    scans = [i for i, line in enumerate(lines)
             if f"using {index} on" in line or (index.startswith("clients_name_word")
                                                and "using clients_name_word_pkey on" in line)]
    assert scans, plan
    # The search itself is the index's condition, not a filter run on every visible row.
    assert "Index Cond:" in lines[scans[0] + 1] and searched in lines[scans[0] + 1], plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's")
def test_the_comparisons_the_searches_use_are_leakproof(db):
    """Only a leakproof operator may run before a row-level security policy, and so use an index:
    the searches compare text and dates with these, never LIKE or trigrams."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, proleakproof FROM pg_proc WHERE proname IN "
                       "('texteq', 'text_ge', 'text_lt', 'date_eq', 'textlike')")
        leakproof = dict(cursor.fetchall())
    assert leakproof == {"texteq": True, "text_ge": True, "text_lt": True, "date_eq": True, "textlike": False}
