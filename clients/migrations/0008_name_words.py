"""Name search that row-level security lets reach an index (PostgreSQL only; see core/rls.py).

A caseworker finds "Mäkinen Matti Juhani" by the start of any name part ("matti", "juhani").
Under the policies only leakproof operators reach an index before the policy's filter: LIKE and
the trigram operators are not, so `search_name LIKE '% matti%'` read every visible row. Here
every part of a client's search key is a row of its own in clients_name_word, and a b-tree on
(word, client_id) answers "a part that starts with w" as a range (`word >= w AND word < w'`,
text_ge and text_lt are leakproof) before the policy.

The table is kept by triggers on clients_client, so every path that writes clients keeps it
(services, the admin, the bulk loader's INSERT ... SELECT, the purge's anonymising update and
deletes) without the models knowing it: a statement trigger on INSERT (one INSERT ... SELECT for a
whole bulk load), a row trigger when search_name changes, a statement trigger on DELETE and one
on TRUNCATE (the test runner's flush). No foreign key: Django's flush truncates only the tables
its models name, and a foreign key from a table it does not know would stop it.

The words are client data: the table carries the client's register and the same forced policy
as the other protected tables, and follows a client moved to another register.

The trigram index on search_name goes: under the policies it could not be used (LIKE is not
leakproof) and it only slowed every write."""

from django.db import migrations

from core import rls

TABLE = "clients_name_word"
# The distinct, non-empty parts of a search key ("makinen matti juhani"), with the client's id
# and register, from a set of client rows named `rows`.
WORDS_OF = """
  SELECT DISTINCT c.id, w, c.register_id
    FROM {rows} c, unnest(string_to_array(c.search_name, ' ')) AS w
   WHERE w <> ''
"""

FORWARD = f"""
DROP INDEX IF EXISTS client_search_name_words;

CREATE TABLE {TABLE} (
  client_id bigint NOT NULL,
  word varchar(320) COLLATE "C" NOT NULL,
  {rls.COLUMN} bigint,
  PRIMARY KEY (client_id, word)
);
-- The register too, so that the policy is checked in the index (an index-only scan).
CREATE INDEX clients_name_word_search ON {TABLE} (word, client_id) INCLUDE ({rls.COLUMN});
COMMENT ON TABLE {TABLE} IS
  'Every part of a client''s search key (clients_client.search_name), for a search by the start '
  'of any name part that row-level security lets reach an index. Kept by triggers on clients_client.';

INSERT INTO {TABLE} (client_id, word, {rls.COLUMN}) {WORDS_OF.format(rows="clients_client")};

CREATE FUNCTION clients_name_word_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {TABLE} (client_id, word, {rls.COLUMN}) {WORDS_OF.format(rows="inserted")};
  RETURN NULL;
END $$;
CREATE TRIGGER name_words_inserted AFTER INSERT ON clients_client
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION clients_name_word_inserted();

CREATE FUNCTION clients_name_word_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM {TABLE} WHERE client_id = NEW.id;
  INSERT INTO {TABLE} (client_id, word, {rls.COLUMN})
  SELECT DISTINCT NEW.id, w, NEW.register_id
    FROM unnest(string_to_array(NEW.search_name, ' ')) AS w WHERE w <> '';
  RETURN NULL;
END $$;
CREATE TRIGGER name_words_renamed AFTER UPDATE OF search_name ON clients_client
  FOR EACH ROW WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name)
  EXECUTE FUNCTION clients_name_word_renamed();

CREATE FUNCTION clients_name_word_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM {TABLE} w USING deleted d WHERE w.client_id = d.id;
  RETURN NULL;
END $$;
CREATE TRIGGER name_words_deleted AFTER DELETE ON clients_client
  REFERENCING OLD TABLE AS deleted
  FOR EACH STATEMENT EXECUTE FUNCTION clients_name_word_deleted();

CREATE FUNCTION clients_name_word_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE {TABLE};
  RETURN NULL;
END $$;
CREATE TRIGGER name_words_truncated AFTER TRUNCATE ON clients_client
  FOR EACH STATEMENT EXECUTE FUNCTION clients_name_word_truncated();

-- A client moved to another register takes its words along (rls_register_propagate).
INSERT INTO rls_protected_table VALUES ('{TABLE}', '{rls.COLUMN}', 'clients_client', 'client_id', NULL, NULL);
""" + rls.policy_sql(TABLE, rls.COLUMN)

REVERSE = f"""
DELETE FROM rls_protected_table WHERE table_name = '{TABLE}';
DROP TRIGGER name_words_truncated ON clients_client;
DROP TRIGGER name_words_deleted ON clients_client;
DROP TRIGGER name_words_renamed ON clients_client;
DROP TRIGGER name_words_inserted ON clients_client;
DROP FUNCTION clients_name_word_truncated();
DROP FUNCTION clients_name_word_deleted();
DROP FUNCTION clients_name_word_renamed();
DROP FUNCTION clients_name_word_inserted();
DROP TABLE {TABLE};
CREATE INDEX IF NOT EXISTS client_search_name_words ON clients_client USING gin (search_name gin_trgm_ops);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0007_logs_outlive_client"),
    ]

    operations = [rls.postgresql_only(FORWARD, REVERSE)]
