"""The first page of a name search read in Finnish order from the name-word index (PostgreSQL
only), and the parts of a hyphenated name as words of their own.

0008 found the clients with a name part starting with a prefix, but the list shows them in
Finnish order (sort_name), so every match was fetched from the client table and sorted: at a
million clients "mak" found tens of thousands of Mäkinens to show 25. Here each word row carries
its client's sort_name too, and a b-tree on (word, sort_name, client_id) gives one word's clients
already in list order: a page is a few rows of each matching word, merged (clients.selectors.
register.NameSearchPage), at a cost that grows with the page and the number of distinct words, not
with the number of clients found.

"Mäki-Kuusela" is found by "kuusela" as well: a hyphenated part is a word, and so is each of its
pieces ("maki-kuusela", "maki", "kuusela")."""

from django.db import migrations

from core import rls

TABLE = "clients_name_word"
# The distinct, non-empty parts of a search key, hyphenated parts also piece by piece, with the
# client's id, register and sort name, from a set of client rows named `rows`.
WORDS_OF = """
  SELECT DISTINCT c.id, w, c.register_id, c.sort_name
    FROM {rows} c,
         unnest(string_to_array(c.search_name, ' ') || string_to_array(replace(c.search_name, '-', ' '), ' ')) AS w
   WHERE w <> ''
"""

FORWARD = f"""
DROP INDEX clients_name_word_search;
TRUNCATE {TABLE};
ALTER TABLE {TABLE} ADD COLUMN sort_name varchar(320) COLLATE "fi-x-icu" NOT NULL DEFAULT '';
INSERT INTO {TABLE} (client_id, word, {rls.COLUMN}, sort_name) {WORDS_OF.format(rows="clients_client")};
-- One word's clients in list order, with the register so that the scope is checked in the index.
CREATE INDEX clients_name_word_order ON {TABLE} (word, sort_name, client_id) INCLUDE ({rls.COLUMN});

CREATE OR REPLACE FUNCTION clients_name_word_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {TABLE} (client_id, word, {rls.COLUMN}, sort_name) {WORDS_OF.format(rows="inserted")};
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION clients_name_word_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM {TABLE} WHERE client_id = NEW.id;
  INSERT INTO {TABLE} (client_id, word, {rls.COLUMN}, sort_name)
  SELECT DISTINCT NEW.id, w, NEW.register_id, NEW.sort_name
    FROM unnest(string_to_array(NEW.search_name, ' ')
                || string_to_array(replace(NEW.search_name, '-', ' '), ' ')) AS w
   WHERE w <> '';
  RETURN NULL;
END $$;
DROP TRIGGER name_words_renamed ON clients_client;
CREATE TRIGGER name_words_renamed AFTER UPDATE OF search_name, sort_name ON clients_client
  FOR EACH ROW WHEN (OLD.search_name IS DISTINCT FROM NEW.search_name
                     OR OLD.sort_name IS DISTINCT FROM NEW.sort_name)
  EXECUTE FUNCTION clients_name_word_renamed();
"""

REVERSE = f"""
DROP TRIGGER name_words_renamed ON clients_client;
CREATE OR REPLACE FUNCTION clients_name_word_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE OR REPLACE FUNCTION clients_name_word_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO {TABLE} (client_id, word, {rls.COLUMN})
  SELECT DISTINCT c.id, w, c.register_id
    FROM inserted c, unnest(string_to_array(c.search_name, ' ')) AS w
   WHERE w <> '';
  RETURN NULL;
END $$;
DROP INDEX clients_name_word_order;
ALTER TABLE {TABLE} DROP COLUMN sort_name;
TRUNCATE {TABLE};
INSERT INTO {TABLE} (client_id, word, {rls.COLUMN})
SELECT DISTINCT c.id, w, c.register_id
  FROM clients_client c, unnest(string_to_array(c.search_name, ' ')) AS w
 WHERE w <> '';
CREATE INDEX clients_name_word_search ON {TABLE} (word, client_id) INCLUDE ({rls.COLUMN});
"""


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0013_agreement_end_amend"),
    ]

    operations = [rls.postgresql_only(FORWARD, REVERSE)]
