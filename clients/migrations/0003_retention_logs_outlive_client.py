"""Access-log entries and disclosures outlive the client (issue 18): the purge empties their
client and writes the purge record's reference instead. Row-level security: such a row keeps
the register it had (the trigger no longer forgets it when the client pointer is emptied), so a
purged client's log stays visible to its own organisation and to no other."""

import django.db.models.deletion
from django.db import migrations, models

from core import rls

TABLES = ["clients_accessentry", "clients_disclosure"]


def _keep_register_sql(table: str) -> str:
    column = rls.COLUMN
    return f"""
CREATE OR REPLACE FUNCTION rls_register_of_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.{column} := coalesce(
    (SELECT p.register_id FROM clients_client p WHERE p.id = NEW.client_id),
    CASE WHEN TG_OP = 'UPDATE' AND NEW.client_id IS NULL THEN OLD.{column} END);
  RETURN NEW;
END $$;
"""


def _forget_register_sql(table: str) -> str:
    column = rls.COLUMN
    return f"""
CREATE OR REPLACE FUNCTION rls_register_of_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.{column} := (SELECT p.register_id FROM clients_client p WHERE p.id = NEW.client_id);
  RETURN NEW;
END $$;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0002_row_level_security"),
    ]

    operations = [
        migrations.AddField(
            model_name="accessentry", name="purged_client_ref",
            field=models.CharField(blank=True, db_index=True, max_length=60, verbose_name="purged client's reference"),
        ),
        migrations.AddField(
            model_name="disclosure", name="purged_client_ref",
            field=models.CharField(blank=True, db_index=True, max_length=60, verbose_name="purged client's reference"),
        ),
        migrations.AlterField(
            model_name="accessentry", name="client",
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="access_entries", to="clients.client", verbose_name="client"),
        ),
        migrations.AlterField(
            model_name="disclosure", name="client",
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="disclosures", to="clients.client", verbose_name="client"),
        ),
        rls.postgresql_only("".join(_keep_register_sql(t) for t in TABLES),
                            "".join(_forget_register_sql(t) for t in TABLES)),
    ]
