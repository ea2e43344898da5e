"""A misfiled document is removed or moved with a reason, keeping the trail: the document's
removal mark and the trail's table (under row-level security by its client's register)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core import rls

TABLE = "clients_documentchange"


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_retention_logs_outlive_client"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="removed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="removed at"),
        ),
        migrations.CreateModel(
            name="DocumentChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(choices=[
                    ("removed", "Removed from the client's file"),
                    ("moved_out", "Moved to another client's file"),
                    ("moved_in", "Moved here from another client's file"),
                ], max_length=20, verbose_name="what was done")),
                ("title", models.CharField(max_length=200, verbose_name="title")),
                ("document_date", models.DateField(verbose_name="document date")),
                ("reason", models.TextField(verbose_name="reason")),
                ("changed_at", models.DateTimeField(verbose_name="time")),
                ("changed_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                                 to=settings.AUTH_USER_MODEL, verbose_name="by")),
                ("client", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                             related_name="document_changes", to="clients.client",
                                             verbose_name="client")),
                ("document", models.ForeignKey(blank=True, null=True,
                                               on_delete=django.db.models.deletion.SET_NULL,
                                               related_name="changes", to="clients.document",
                                               verbose_name="document")),
                ("other_client", models.ForeignKey(blank=True, null=True,
                                                   on_delete=django.db.models.deletion.SET_NULL,
                                                   related_name="+", to="clients.client",
                                                   verbose_name="other client")),
            ],
            options={
                "verbose_name": "document change",
                "verbose_name_plural": "document changes",
                "ordering": ["-changed_at", "-pk"],
            },
        ),
        rls.postgresql_only(
            rls.child_table_sql(TABLE, parent_table="clients_client", parent_column="client_id",
                                model=("clients", "documentchange")),
            rls.drop_table_sql(TABLE),
        ),
    ]
