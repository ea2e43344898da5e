"""Finnish order for client lists, and search by any name part, the start of an identity code and
date of birth, each index-backed on PostgreSQL:

- `sort_name` (the name as shown) gets the ICU collation "fi-x-icu": Heikkilä before Hämäläinen,
  å, ä and ö after z. The (sort_name, id) index serves the list's ORDER BY ... LIMIT.
- `identity_code` gets the "C" collation, so the existing b-tree index serves `LIKE '020837%'`
  (identity codes are ASCII: byte order and equality are what they were).
- `search_name` keeps its "C" collation and (search_name, id) index for the name prefix
  (migration 0008); a trigram index (pg_trgm) adds `LIKE '% matti%'`, a name part that is not
  the first.
SQLite (the `make run` demo) gets the columns and plain indexes only.
"""

from django.conf import settings
from django.db import migrations, models

SORT_NAME = (
    "UPDATE clients_client SET sort_name = CASE WHEN kind = 'organisation' THEN TRIM(organisation_name) "
    "ELSE TRIM(last_name || ' ' || first_names) END"
)


def sort_names(apps, schema_editor):
    schema_editor.execute(SORT_NAME)


def postgresql_collations_and_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    # PostgreSQL built with ICU lists "fi-x-icu" in pg_catalog already; created here when missing.
    execute("""CREATE COLLATION IF NOT EXISTS "fi-x-icu" (provider = icu, locale = 'fi-FI')""")
    execute('ALTER TABLE clients_client ALTER COLUMN sort_name TYPE varchar(320) COLLATE "fi-x-icu"')
    execute('ALTER TABLE clients_client ALTER COLUMN identity_code TYPE varchar(11) COLLATE "C"')
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    execute("CREATE INDEX IF NOT EXISTS client_search_name_words ON clients_client "
            "USING gin (search_name gin_trgm_ops)")


def postgresql_undo(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("DROP INDEX IF EXISTS client_search_name_words")
    execute('ALTER TABLE clients_client ALTER COLUMN identity_code TYPE varchar(11) COLLATE "default"')
    execute('ALTER TABLE clients_client ALTER COLUMN sort_name TYPE varchar(320) COLLATE "default"')


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0010_constraint_messages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='client',
            options={'ordering': ['sort_name', 'pk'], 'verbose_name': 'client', 'verbose_name_plural': 'clients'},
        ),
        migrations.AddField(
            model_name='client',
            name='sort_name',
            field=models.CharField(blank=True, default='', editable=False, max_length=320),
        ),
        migrations.RunPython(sort_names, migrations.RunPython.noop),
        migrations.RunPython(postgresql_collations_and_trigrams, postgresql_undo),
        migrations.AddIndex(
            model_name='client',
            index=models.Index(fields=['sort_name', 'id'], name='client_sort_name_order'),
        ),
        migrations.AddIndex(
            model_name='client',
            index=models.Index(fields=['date_of_birth'], name='client_date_of_birth'),
        ),
    ]
