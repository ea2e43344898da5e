"""Row-level security in PostgreSQL: the second wall between organisations (DDL for migrations).

The first wall is the application: selectors and admin pages scope every query to the user's
organisation. This one holds even where the application forgets: every table that holds a
client's data carries the register its row belongs to in a column the Django models do not know
(`rls_register_id`, filled by a BEFORE INSERT trigger from the row's client or parent row), and a
policy lets a row through only when that register is in the transaction's scope:

    (SELECT app_scope_all()) OR rls_register_id = ANY ((SELECT app_scope_registers())::bigint[])
    reads current_setting('app.registers'):
        'all'        the system scope (retention run, demo data, migrations' data steps)
        '3,17'       the registers a signed-in user may see (core.scope.RegisterScopeMiddleware)
        '' or unset  nothing at all: without a scope a query returns no rows (fail closed)
    The functions are wrapped in sub-selects so that PostgreSQL reads and parses the setting once
    per statement (an InitPlan), not once per row: a search that reads 50,000 index rows pays
    50,000 array look-ups for the policy, not 50,000 parses (clients migration 0015).

The tables FORCE row-level security, so that even their owner goes through the policies (a
superuser still does not: the app must never connect as one). clients_client itself is scoped by
its own `register_id`.

The migrations that protect a table call these builders. Migrations are history: a builder's
output changes only together with a migration that brings existing databases to the same state
(clients 0015 did so for the policies' test, scope_allows).
Every function here returns SQL text and touches no database.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.migrations import RunPython

SCOPE_SETTING = "app.registers"
AUDIT_WRITTEN_SETTING = "app.auditlog_written"
SYSTEM_SCOPE = "all"
COLUMN = "rls_register_id"

# Every migration step that reads or writes protected rows runs in the system scope (the owner is
# subject to the policies too: FORCE ROW LEVEL SECURITY). Transaction-local: the step's own.
SYSTEM_SCOPE_SQL = "SELECT set_config('app.registers', 'all', true);"

# What the policies call, each once per statement (see scope_allows): whether the scope is the
# system's, and the registers in scope (none when unset; a malformed setting is an error).
SCOPE_FUNCTIONS_SQL = """
CREATE OR REPLACE FUNCTION app_scope_all() RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('app.registers', true), '') = 'all'
$$;
CREATE OR REPLACE FUNCTION app_scope_registers() RETURNS bigint[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(string_to_array(
           nullif(nullif(current_setting('app.registers', true), 'all'), ''), ',')::bigint[], '{}')
$$;
"""


def scope_allows(column: str) -> str:
    """A policy's test for a row whose register is in `column`."""
    return f"((SELECT app_scope_all()) OR {column} = ANY ((SELECT app_scope_registers())::bigint[]))"


# The functions every policy uses, and the table that lists what is protected (the auditlog
# trigger and the client-moved trigger read it). app_scope_allows(register) is for triggers;
# policies use scope_allows(column).
FOUNDATION_SQL = SCOPE_FUNCTIONS_SQL + """
CREATE FUNCTION app_scope_allows(register bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(current_setting('app.registers', true), '') = 'all'
      OR register = ANY (string_to_array(
           nullif(nullif(current_setting('app.registers', true), 'all'), ''), ',')::bigint[])
$$;
COMMENT ON FUNCTION app_scope_allows(bigint) IS
  'Row-level security: is this register in the transaction''s scope (app.registers)? '
  '''all'' is the system scope; unset or empty lets nothing through.';


CREATE TABLE rls_protected_table (
  table_name text PRIMARY KEY,
  register_column text NOT NULL,
  parent_table text,
  parent_column text,
  app_label text,
  model text
);
COMMENT ON TABLE rls_protected_table IS
  'Tables under row-level security: where each takes its register from, and the model whose '
  'change history (auditlog_logentry) is attributed through it.';

-- When a row's register changes (a client moved to another register), its children follow.
CREATE FUNCTION rls_register_propagate() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  child record;
  moved bigint;
BEGIN
  EXECUTE format('SELECT ($1).%I', TG_ARGV[0]) INTO moved USING NEW;
  FOR child IN SELECT table_name, parent_column FROM rls_protected_table
               WHERE parent_table = TG_TABLE_NAME LOOP
    EXECUTE format('UPDATE %I SET rls_register_id = $1 WHERE %I = $2 '
                   'AND rls_register_id IS DISTINCT FROM $1', child.table_name, child.parent_column)
      USING moved, NEW.id;
  END LOOP;
  RETURN NULL;
END $$;
"""


def policy_sql(table: str, column: str) -> str:
    """ENABLE + FORCE row-level security and one policy for every command."""
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
CREATE POLICY register_scope ON {table}
  USING ({scope_allows(column)}) WITH CHECK ({scope_allows(column)});
"""


def client_table_sql() -> str:
    """clients_client: scoped by its own register; its children follow a move."""
    return policy_sql("clients_client", "register_id") + """
INSERT INTO rls_protected_table VALUES ('clients_client', 'register_id', NULL, NULL, 'clients', 'client');
SELECT rls_auditlog_attribute('clients_client');
CREATE TRIGGER rls_register_propagate AFTER UPDATE OF register_id ON clients_client
  FOR EACH ROW WHEN (OLD.register_id IS DISTINCT FROM NEW.register_id)
  EXECUTE FUNCTION rls_register_propagate('register_id');
"""


def child_table_sql(table: str, *, parent_table: str, parent_column: str, model: tuple[str, str] | None,
                    fallback_column: str | None = None) -> str:
    """A table whose rows take their register from a parent row (a client, a case, a request).

    The trigger reads the parent under the same scope as the insert: a parent the writer may not
    see gives no register, and the policy's WITH CHECK refuses the row. `fallback_column` names
    the row's own register column, used where the parent may be absent (a legal hold on a whole
    register, a handoff whose client is gone)."""
    parent_register = "register_id" if parent_table == "clients_client" else COLUMN
    value = f"(SELECT p.{parent_register} FROM {parent_table} p WHERE p.id = NEW.{parent_column})"
    if fallback_column:
        value = f"coalesce({value}, NEW.{fallback_column})"
    watched = ", ".join(c for c in (parent_column, fallback_column) if c)
    function = f"rls_register_of_{table}"
    app_label, model_name = model if model else (None, None)
    registry = ", ".join(_literal(v) for v in (table, COLUMN, parent_table, parent_column, app_label, model_name))
    return f"""
ALTER TABLE {table} ADD COLUMN {COLUMN} bigint;
UPDATE {table} t SET {COLUMN} = sub.r FROM (SELECT id, {value.replace('NEW.', 'x.')} AS r FROM {table} x) sub
  WHERE sub.id = t.id;
CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.{COLUMN} := {value};
  RETURN NEW;
END $$;
CREATE TRIGGER rls_register BEFORE INSERT OR UPDATE OF {watched} ON {table}
  FOR EACH ROW EXECUTE FUNCTION {function}();
CREATE TRIGGER rls_register_propagate AFTER UPDATE OF {watched}, {COLUMN} ON {table}
  FOR EACH ROW WHEN (OLD.{COLUMN} IS DISTINCT FROM NEW.{COLUMN})
  EXECUTE FUNCTION rls_register_propagate('{COLUMN}');
INSERT INTO rls_protected_table VALUES ({registry});
SELECT rls_auditlog_attribute('{table}');
""" + policy_sql(table, COLUMN)


def drop_table_sql(table: str) -> str:
    """The reverse of child_table_sql."""
    return f"""
ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY;
ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
DROP POLICY register_scope ON {table};
DROP TRIGGER rls_register ON {table};
DROP TRIGGER rls_register_propagate ON {table};
DROP FUNCTION rls_register_of_{table}();
ALTER TABLE {table} DROP COLUMN {COLUMN};
DELETE FROM rls_protected_table WHERE table_name = '{table}';
"""


# The change history. An entry is attributed to the register of the object it logs, looked up
# through rls_protected_table by the entry's content type: the row itself, or for a deletion
# (auditlog writes after the row is gone) the client named in the entry's changes. Entries about
# anything else (users, controllers, registers, rules, email subscribers) carry no register: only
# the system scope sees them. Its writer must still read back the row it wrote (INSERT ...
# RETURNING applies the SELECT policy to the new row): the trigger notes the id of the last such
# entry of the transaction in app.auditlog_written, and the read policy lets that one row through.
AUDITLOG_SQL = f"""
ALTER TABLE auditlog_logentry ADD COLUMN {COLUMN} bigint;
CREATE FUNCTION rls_register_of_auditlog_logentry() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  logged record;
  found bigint;
  client text;
BEGIN
  SELECT t.table_name, t.register_column INTO logged
    FROM rls_protected_table t JOIN django_content_type ct
      ON ct.app_label = t.app_label AND ct.model = t.model
   WHERE ct.id = NEW.content_type_id;
  IF logged.table_name IS NOT NULL AND NEW.object_pk ~ '^[0-9]{{1,18}}$' THEN
    EXECUTE format('SELECT %I FROM %I WHERE id = $1', logged.register_column, logged.table_name)
      INTO found USING NEW.object_pk::bigint;
    IF found IS NULL AND jsonb_typeof(NEW.changes::jsonb) = 'object' THEN
      IF logged.table_name = 'clients_client' THEN
        client := NULL;
        IF NEW.changes::jsonb -> 'register' ->> 0 ~ '^[0-9]{{1,18}}$' THEN
          found := (NEW.changes::jsonb -> 'register' ->> 0)::bigint;
          -- Only a register in scope: a deleted client's entry never lands in a foreign register.
          IF NOT app_scope_allows(found) THEN found := NULL; END IF;
        END IF;
      ELSE
        client := NEW.changes::jsonb -> 'client' ->> 0;
        IF client ~ '^[0-9]{{1,18}}$' THEN
          SELECT c.register_id INTO found FROM clients_client c WHERE c.id = client::bigint;
        END IF;
      END IF;
    END IF;
  END IF;
  NEW.{COLUMN} := found;
  IF found IS NULL THEN
    PERFORM set_config('{AUDIT_WRITTEN_SETTING}', NEW.id::text, true);
  END IF;
  RETURN NEW;
END $$;
-- Entries written before a table was protected, attributed once by its migration.
CREATE FUNCTION rls_auditlog_attribute(protected text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  logged record;
BEGIN
  SELECT * INTO logged FROM rls_protected_table WHERE table_name = protected AND model IS NOT NULL;
  IF logged.table_name IS NULL THEN RETURN; END IF;
  EXECUTE format('UPDATE auditlog_logentry e SET {COLUMN} = t.%I FROM %I t, django_content_type ct '
                 'WHERE ct.app_label = $1 AND ct.model = $2 AND e.content_type_id = ct.id '
                 'AND e.object_pk = t.id::text', logged.register_column, logged.table_name)
    USING logged.app_label, logged.model;
END $$;
CREATE TRIGGER rls_register BEFORE INSERT ON auditlog_logentry
  FOR EACH ROW EXECUTE FUNCTION rls_register_of_auditlog_logentry();
ALTER TABLE auditlog_logentry ENABLE ROW LEVEL SECURITY;
ALTER TABLE auditlog_logentry FORCE ROW LEVEL SECURITY;
CREATE POLICY register_scope_read ON auditlog_logentry FOR SELECT
  USING ({scope_allows(COLUMN)} OR ({COLUMN} IS NULL
         AND id = nullif(current_setting('{AUDIT_WRITTEN_SETTING}', true), '')::bigint));
CREATE POLICY register_scope_write ON auditlog_logentry FOR INSERT
  WITH CHECK ({COLUMN} IS NULL OR {scope_allows(COLUMN)});
CREATE POLICY register_scope_change ON auditlog_logentry FOR UPDATE
  USING ({scope_allows(COLUMN)}) WITH CHECK ({scope_allows(COLUMN)});
CREATE POLICY register_scope_delete ON auditlog_logentry FOR DELETE
  USING ({scope_allows(COLUMN)});
"""

AUDITLOG_REVERSE_SQL = f"""
ALTER TABLE auditlog_logentry NO FORCE ROW LEVEL SECURITY;
ALTER TABLE auditlog_logentry DISABLE ROW LEVEL SECURITY;
DROP POLICY register_scope_read ON auditlog_logentry;
DROP POLICY register_scope_write ON auditlog_logentry;
DROP POLICY register_scope_change ON auditlog_logentry;
DROP POLICY register_scope_delete ON auditlog_logentry;
DROP TRIGGER rls_register ON auditlog_logentry;
DROP FUNCTION rls_register_of_auditlog_logentry();
DROP FUNCTION rls_auditlog_attribute(text);
ALTER TABLE auditlog_logentry DROP COLUMN {COLUMN};
"""

FOUNDATION_REVERSE_SQL = """
ALTER TABLE clients_client NO FORCE ROW LEVEL SECURITY;
ALTER TABLE clients_client DISABLE ROW LEVEL SECURITY;
DROP POLICY register_scope ON clients_client;
DROP TRIGGER rls_register_propagate ON clients_client;
DROP FUNCTION rls_register_propagate();
DROP TABLE rls_protected_table;
DROP FUNCTION app_scope_allows(bigint);
DROP FUNCTION app_scope_registers();
DROP FUNCTION app_scope_all();
"""

# Policies made before clients 0015 called app_scope_allows(column) on every row: rewritten to
# scope_allows(column), the same rows allowed. Idempotent (a new database has nothing to rewrite).
_PER_ROW = r"app_scope_allows\((\w+)\)"
_ONCE = r"((SELECT app_scope_all()) OR \1 = ANY ((SELECT app_scope_registers())::bigint[]))"
POLICIES_ONCE_PER_STATEMENT_SQL = SCOPE_FUNCTIONS_SQL + f"""
DO $$
DECLARE
  p record;
  command text;
BEGIN
  FOR p IN SELECT schemaname, tablename, policyname, qual, with_check FROM pg_policies
            WHERE qual LIKE '%app_scope_allows(%' OR with_check LIKE '%app_scope_allows(%' LOOP
    command := format('ALTER POLICY %I ON %I.%I', p.policyname, p.schemaname, p.tablename);
    IF p.qual IS NOT NULL THEN
      command := command || ' USING (' || regexp_replace(p.qual, '{_PER_ROW}', '{_ONCE}', 'g') || ')';
    END IF;
    IF p.with_check IS NOT NULL THEN
      command := command || ' WITH CHECK ('
                 || regexp_replace(p.with_check, '{_PER_ROW}', '{_ONCE}', 'g') || ')';
    END IF;
    EXECUTE command;
  END LOOP;
END $$;
"""

def _literal(value: str | None) -> str:
    if value is None:
        return "NULL"
    return "'" + value.replace("'", "''") + "'"


def postgresql_only(forward: str, reverse: str) -> "RunPython":
    """A migration step that runs `forward` (undone by `reverse`) on PostgreSQL in the system
    scope, and does nothing on SQLite, which keeps the application's scoping alone."""
    from django.db.migrations import RunPython

    def run(sql: str) -> Callable[[Any, Any], None]:
        def apply(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                # params=None: the statements go as they are (several, with % in format()).
                schema_editor.execute(SYSTEM_SCOPE_SQL + sql, params=None)
        return apply

    return RunPython(run(forward), run(reverse), elidable=False)
