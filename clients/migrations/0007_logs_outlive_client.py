"""Emergency-access reviews, breach notices and breach links outlive the client (issue 18), like
the access log and the disclosures (0003): the purge empties their client and writes the purge
record's reference instead. `Breach.affected_clients` gets an explicit through model on the
same table (`clients_breach_affected_clients`), so that a link can lose its client. Row-level
security: such a row keeps the register it had, visible to its own organisation only."""

import django.db.models.deletion
from django.db import migrations, models

from core import rls

TABLES = ["clients_emergencyaccess", "clients_breachnotice", "clients_breach_affected_clients"]


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


REF = dict(blank=True, db_index=True, max_length=60, verbose_name="purged client's reference")


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0006_portal_identity"),
    ]

    operations = [
        migrations.AddField(model_name="emergencyaccess", name="purged_client_ref", field=models.CharField(**REF)),
        migrations.AddField(model_name="breachnotice", name="purged_client_ref", field=models.CharField(**REF)),
        migrations.AlterField(
            model_name="emergencyaccess", name="client",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="emergency_accesses", to="clients.client", verbose_name="client"),
        ),
        migrations.AlterField(
            model_name="breachnotice", name="client",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="breach_notices", to="clients.client", verbose_name="client"),
        ),
        # The many-to-many table becomes a model of its own, same table and columns.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BreachClientLink",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("breach", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                     related_name="client_links", to="clients.breach",
                                                     verbose_name="breach")),
                        ("client", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                     related_name="breach_links", to="clients.client",
                                                     verbose_name="client")),
                    ],
                    options={
                        "db_table": "clients_breach_affected_clients",
                        "verbose_name": "client affected by a breach",
                        "verbose_name_plural": "clients affected by a breach",
                        "unique_together": {("breach", "client")},
                    },
                ),
                migrations.AlterField(
                    model_name="breach", name="affected_clients",
                    field=models.ManyToManyField(blank=True, related_name="breaches", through="clients.BreachClientLink",
                                                 to="clients.client", verbose_name="affected clients"),
                ),
            ],
        ),
        migrations.AddField(model_name="breachclientlink", name="purged_client_ref", field=models.CharField(**REF)),
        migrations.AlterField(
            model_name="breachclientlink", name="client",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="breach_links", to="clients.client", verbose_name="client"),
        ),
        rls.postgresql_only("".join(_keep_register_sql(t) for t in TABLES),
                            "".join(_forget_register_sql(t) for t in TABLES)),
    ]
