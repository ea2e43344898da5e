"""Row-level security as the second wall between organisations (issue 17, part 2).

The application scopes every query to the user's organisation (selectors, admin). These tests
leave the application out: they ask the database directly, as the app role the web and the
commands connect as, and show that the policies alone keep organisations apart."""

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser, User
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from clients.models import Client, Representative
from core.scope import SYSTEM_SCOPE_LINE, RegisterScopeMiddleware, scope_set
from tests.conftest import APP_ROLE, make_client

pytestmark = pytest.mark.django_db

# Tables whose rows refer to a client (or to such a row) but hold no personal data.
NOT_CLIENT_DATA = {
    "retention_purgerecord": "accountability of a purge without personal data (counts, rule, checksum)",
}


def protected_tables() -> dict[str, str]:
    """Every table under the policies, with the column naming its register."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name, register_column FROM rls_protected_table")
        tables = dict(cursor.fetchall())
    return {**tables, "auditlog_logentry": "rls_register_id"}


def client_data_tables() -> set[str]:
    """From the models: every table that refers to a client, or to a row that does (a granted
    service's case, a notification's request), including many-to-many link tables; and from the
    database, every table with a client_id column."""
    models = apps.get_models(include_auto_created=True)
    found = {Client._meta.db_table}
    grew = True
    while grew:
        grew = False
        for model in models:
            table = model._meta.db_table
            if table in found or table in NOT_CLIENT_DATA:
                continue
            targets = {f.related_model._meta.db_table for f in model._meta.concrete_fields
                       if f.is_relation and f.related_model is not None
                       and not isinstance(f.related_model, str)}
            if targets & found:
                found.add(table)
                grew = True
    # Tables the models do not know (PostgreSQL-only side tables kept by triggers, such as the
    # name words of the search), found by the column that names their client.
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
                       "AND column_name = 'client_id'")
        found |= {row[0] for row in cursor.fetchall()} - set(NOT_CLIENT_DATA)
    return found | {"auditlog_logentry"}


@contextmanager
def scope(registers: str) -> Iterator[None]:
    """The transaction's scope, as a request would set it, then back to the test's own."""
    with transaction.atomic():
        previous = scope_set(connection, registers, local=True)
        try:
            yield
        finally:
            scope_set(connection, previous, local=True)


def registers_seen(table: str, column: str) -> list[int | None]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")
        return [row[0] for row in cursor.fetchall()]


def test_every_table_with_a_clients_data_is_under_forced_row_level_security():
    """Found from the models, so that a new table hanging off a client cannot be forgotten."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname FROM pg_class WHERE relkind = 'r' AND relrowsecurity AND relforcerowsecurity")
        forced = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT DISTINCT tablename FROM pg_policies")
        with_policy = {row[0] for row in cursor.fetchall()}
    needed = client_data_tables()
    assert len(needed) >= 22
    assert needed - forced == set()
    assert needed - with_policy == set()
    assert set(protected_tables()) == needed


def test_each_organisations_scope_shows_none_of_another_organisations_rows(organisations):
    """County, provider A and provider B, each in its own scope: every client-data table gives
    exactly the rows of the organisation's registers, the purchased-services register's to both
    the county (controller) and provider A (operator), and nothing of anyone else's."""
    tables = protected_tables()
    everything = {table: registers_seen(table, column) for table, column in tables.items()}
    all_registers = set().union(*(org.registers for org in organisations.values()))
    for table, seen in everything.items():
        # The data is there to be hidden: rows of every register in every table.
        assert all_registers <= set(seen), table
    assert organisations["county"].registers & organisations["a"].registers  # the purchased register

    for name, org in organisations.items():
        with scope(org.scope):
            for table, column in tables.items():
                visible = registers_seen(table, column)
                expected = [r for r in everything[table] if r in org.registers]
                assert sorted(visible) == sorted(expected), (name, table)
            # The ORM sees the same: the organisation's clients, no one else's.
            assert set(Client.objects.values_list("pk", flat=True)) == {c.pk for c in org.clients}
            others = [c for o in organisations.values() if o is not org for c in o.clients if c not in org.clients]
            assert others
            assert not Client.objects.filter(pk__in=[c.pk for c in others]).exists()
            assert not Representative.objects.filter(client__in=others).exists()


def test_change_history_not_attributable_to_a_register_needs_the_system_scope(organisations):
    """Entries about users or controllers carry no register: no organisation's scope shows them."""
    user = organisations["a"].contact
    user.first_name = "Muutettu"
    user.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM auditlog_logentry WHERE rls_register_id IS NULL")
        assert cursor.fetchone()[0] >= 1
        # A deleted row's entry (written after the row was gone) still has its client's register.
        cursor.execute("SELECT e.rls_register_id FROM auditlog_logentry e JOIN django_content_type ct"
                       " ON ct.id = e.content_type_id WHERE ct.model = 'representative' AND e.action = 2")
        assert len(deleted := [row[0] for row in cursor.fetchall()]) == 4 and None not in deleted
        for org in organisations.values():
            with scope(org.scope):
                cursor.execute("SELECT count(*) FROM auditlog_logentry WHERE rls_register_id IS NULL")
                assert cursor.fetchone()[0] == 0


def test_without_a_scope_nothing_is_read(organisations):
    with scope(""), connection.cursor() as cursor:
        for table in protected_tables():
            cursor.execute(f"SELECT count(*) FROM {table}")
            assert cursor.fetchone()[0] == 0, table
        assert not Client.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_fresh_app_role_connection_with_no_scope_reads_zero_rows(organisations):
    """Committed data, a new connection as the app role, no setting: zero rows everywhere."""
    settings = connection.settings_dict
    assert settings["USER"] == APP_ROLE
    counts = {}
    with connection.cursor() as cursor:  # the test's own connection, in the system scope
        for table in protected_tables():
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[table] = cursor.fetchone()[0]
    assert all(counts.values()), counts
    with psycopg.connect(host=settings["HOST"], port=settings["PORT"] or 5432, dbname=settings["NAME"],
                         user=APP_ROLE, password=settings["PASSWORD"] or None, autocommit=True) as raw:
        assert raw.execute("SELECT current_user, current_setting('app.registers', true)").fetchone() == (
            APP_ROLE, None)
        for table in counts:
            assert raw.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        # A scope naming registers that do not exist, or garbage, lets nothing through either.
        raw.execute("SELECT set_config('app.registers', '999999', false)")
        assert raw.execute("SELECT count(*) FROM clients_client").fetchone() == (0,)
        raw.execute("SELECT set_config('app.registers', 'everything', false)")
        with pytest.raises(psycopg.errors.InvalidTextRepresentation):
            raw.execute("SELECT count(*) FROM clients_client")


@pytest.mark.parametrize("statement", [
    "ALTER TABLE {table} DISABLE ROW LEVEL SECURITY",
    "ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY",
    "DROP POLICY register_scope ON {table}",
    "ALTER POLICY register_scope ON {table} USING (true)",
    "CREATE POLICY open_door ON {table} USING (true)",
    "DROP TRIGGER rls_register ON {table}",
    "ALTER TABLE {table} DROP COLUMN rls_register_id",
    "CREATE OR REPLACE FUNCTION app_scope_allows(register bigint) RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE OR REPLACE FUNCTION app_scope_all() RETURNS boolean LANGUAGE sql AS 'SELECT true'",
    "CREATE OR REPLACE FUNCTION app_scope_registers() RETURNS bigint[] LANGUAGE sql AS 'SELECT NULL::bigint[]'",
])
def test_the_app_role_cannot_take_the_wall_down(statement):
    for table in ("clients_representative", "consents_consent", "requests_datasubjectrequest"):
        with (pytest.raises(DatabaseError, match="must be owner|permission denied"), transaction.atomic(),
              connection.cursor() as cursor):
            cursor.execute(statement.format(table=table))


def test_the_app_role_is_no_superuser_owns_nothing_and_cannot_become_the_owner():
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (False, False, False)
        cursor.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        owners = {row[0] for row in cursor.fetchall()}
    assert APP_ROLE not in owners
    for owner in owners:
        with (pytest.raises(DatabaseError, match="permission denied"), transaction.atomic(),
              connection.cursor() as cursor):
            cursor.execute(f'SET ROLE "{owner}"')
    # Turning row security off does not show the rows: it refuses the query.
    with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL row_security = off")
        cursor.execute("SELECT count(*) FROM clients_client")


def test_rows_for_another_organisations_client_cannot_be_written_in_a_users_scope(organisations):
    """WITH CHECK: in provider B's scope, nothing is added to, moved into or changed in A's data."""
    a_client = next(c for c in organisations["a"].clients if c not in organisations["county"].clients)
    b_client = organisations["b"].clients[0]
    b_relative = Representative.objects.filter(client=b_client).first()
    with scope(organisations["b"].scope):
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Representative.objects.create(client_id=a_client.pk, role="next_of_kin", first_names="Vieras",
                                          last_name="Tunkeilija", valid_from=a_client.relationship_started)
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Representative.objects.filter(pk=b_relative.pk).update(client_id=a_client.pk)
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            Client.objects.filter(pk=b_client.pk).update(register_id=a_client.register_id)
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            make_client(organisations["b"].contact, a_client.register)
        # Another organisation's rows are not there to change or delete.
        assert Client.objects.filter(pk=a_client.pk).update(last_name="Muutettu") == 0
        assert Representative.objects.filter(client_id=a_client.pk).delete()[0] == 0
    a_client.refresh_from_db()
    assert a_client.last_name != "Muutettu"
    assert Representative.objects.filter(client=a_client).exists()


def test_a_client_moved_to_another_register_takes_its_rows_along(organisations):
    client = organisations["b"].clients[0]
    target = next(iter(organisations["a"].registers - organisations["county"].registers))
    Client.objects.filter(pk=client.pk).update(register_id=target)
    tables = protected_tables()
    with connection.cursor() as cursor:
        for table, column in tables.items():
            if table in ("clients_client", "auditlog_logentry"):
                continue
            parent = "request_id" if table in ("requests_art19notification", "requests_release",
                                               "requests_requestnote", "requests_letter") else (
                "case_id" if table == "clients_grantedservice" else "client_id")
            # The client's rows through the table's own parent only (an id of another kind of
            # parent may equal the client's id by chance).
            owner = {"request_id": "SELECT id FROM requests_datasubjectrequest WHERE client_id = %s",
                     "case_id": "SELECT id FROM clients_case WHERE client_id = %s",
                     "client_id": "SELECT %s"}[parent]
            cursor.execute(f"SELECT DISTINCT {column} FROM {table} x WHERE x.{parent} IN ({owner})",
                           [client.pk])
            assert [row[0] for row in cursor.fetchall()] == [target], table


def test_a_request_runs_in_the_signed_in_users_scope_and_gives_the_previous_one_back(organisations):
    seen = {}

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('app.registers', true)")
            seen["scope"] = cursor.fetchone()[0]
        seen["clients"] = set(Client.objects.values_list("pk", flat=True))
        return HttpResponse("ok")

    middleware = RegisterScopeMiddleware(view)
    for org in organisations.values():
        request = RequestFactory().get("/clients/")
        request.user = org.contact
        org.contact.is_verified = lambda: True  # passed the second factor in this session
        middleware(request)
        assert seen == {"scope": org.scope, "clients": {c.pk for c in org.clients}}
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('app.registers', true)")
            assert cursor.fetchone()[0] == "all"  # the test's own scope is back
    # Anonymous, or signed in without the second factor: no scope, no rows.
    for user in (AnonymousUser(), User.objects.get(pk=organisations["a"].contact.pk)):
        request = RequestFactory().get("/")
        request.user = user
        middleware(request)
        assert seen == {"scope": "", "clients": set()}


def test_commands_that_see_everything_say_so(organisations):
    out, err = io.StringIO(), io.StringIO()
    call_command("retention_forecast", stdout=out, stderr=err)
    assert SYSTEM_SCOPE_LINE in out.getvalue()
    out, err = io.StringIO(), io.StringIO()
    call_command("retention_forecast", "--json", stdout=out, stderr=err)
    assert SYSTEM_SCOPE_LINE in err.getvalue()
    json.loads(out.getvalue())  # --json still prints one JSON object


def test_every_policy_reads_the_scope_once_per_statement():
    """Issue 17's bench: the policies' cost must stay within 10% of the same search without them.
    A policy that parsed app.registers on every row made a search of 50,000 index rows pay 50,000
    parses; every policy reads the scope through sub-selects, evaluated once per statement."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, policyname, coalesce(qual, '') || ' ' || coalesce(with_check, '')"
                       " FROM pg_policies WHERE schemaname = 'public'")
        policies = cursor.fetchall()
    assert len(policies) > 20
    per_row = [(table, name) for table, name, test in policies if "app_scope_allows(" in test]
    assert per_row == []
    assert all("SELECT app_scope_all()" in test and "SELECT app_scope_registers()" in test
               for _, _, test in policies)
