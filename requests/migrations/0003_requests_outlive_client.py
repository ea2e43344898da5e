"""Data-subject requests (and so their Art 19 notifications) outlive the client (issue 18): the
purge empties the request's client and writes the purge record's reference instead; the request
keeps the register it had (row-level security), so it stays visible to its own organisation."""

import django.db.models.deletion
from django.db import migrations, models

from core import rls

TABLE = "requests_datasubjectrequest"

KEEP = f"""
CREATE OR REPLACE FUNCTION rls_register_of_{TABLE}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.{rls.COLUMN} := coalesce(
    (SELECT p.register_id FROM clients_client p WHERE p.id = NEW.client_id),
    CASE WHEN TG_OP = 'UPDATE' AND NEW.client_id IS NULL THEN OLD.{rls.COLUMN} END);
  RETURN NEW;
END $$;
"""

FORGET = f"""
CREATE OR REPLACE FUNCTION rls_register_of_{TABLE}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.{rls.COLUMN} := (SELECT p.register_id FROM clients_client p WHERE p.id = NEW.client_id);
  RETURN NEW;
END $$;
"""


class Migration(migrations.Migration):

    dependencies = [
        ("requests", "0002_row_level_security"),
        ("clients", "0007_logs_outlive_client"),
    ]

    operations = [
        migrations.AddField(
            model_name="datasubjectrequest", name="purged_client_ref",
            field=models.CharField(blank=True, db_index=True, max_length=60, verbose_name="purged client's reference"),
        ),
        migrations.AlterField(
            model_name="datasubjectrequest", name="client",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="data_subject_requests", to="clients.client", verbose_name="client"),
        ),
        rls.postgresql_only(KEEP, FORGET),
    ]
