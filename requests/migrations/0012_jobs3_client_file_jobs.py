import django.db.models.deletion
from django.db import migrations, models

from core import rls

TABLE = "requests_documentjob"


def client_fill(apps, schema_editor):
    """Every job so far was a request's: its client is the request's."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(rls.SYSTEM_SCOPE_SQL)
    DocumentJob = apps.get_model("requests", "DocumentJob")
    for job in DocumentJob.objects.select_related("request"):
        DocumentJob.objects.filter(pk=job.pk).update(client_id=job.request.client_id)


def client_file_jobs_remove(apps, schema_editor):
    """Backwards: a job without a request (a client-file PDF) has no place in the old table."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(rls.SYSTEM_SCOPE_SQL)
    apps.get_model("requests", "DocumentJob").objects.filter(request__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0018_letters_representative_language'),
        ('requests', '0011_letters_letters'),
    ]

    # A document job may now be the client-file PDF of a client, without a request: the row names
    # its client, and row-level security takes its register from the client (core/rls.py).
    operations = [
        migrations.AddField(
            model_name='documentjob',
            name='client',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='clients.client', verbose_name='client'),
        ),
        migrations.RunPython(client_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='documentjob',
            name='client',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='clients.client', verbose_name='client'),
        ),
        migrations.AlterField(
            model_name='documentjob',
            name='document',
            field=models.CharField(choices=[('access_report', 'Access report (PDF)'), ('portability', 'Machine-readable data (zip)'), ('access_log', 'Access log (PDF)'), ('refusal_certificate', 'Refusal certificate (PDF)'), ('client_file', 'Client file (PDF)')], max_length=30, verbose_name='document'),
        ),
        migrations.AlterField(
            model_name='documentjob',
            name='request',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='document_jobs', to='requests.datasubjectrequest', verbose_name='request'),
        ),
        migrations.RunPython(migrations.RunPython.noop, client_file_jobs_remove),
        rls.postgresql_only(
            rls.drop_table_sql(TABLE) + rls.child_table_sql(
                TABLE, parent_table="clients_client", parent_column="client_id", model=("requests", "documentjob")),
            rls.drop_table_sql(TABLE) + rls.child_table_sql(
                TABLE, parent_table="requests_datasubjectrequest", parent_column="request_id",
                model=("requests", "documentjob")),
        ),
    ]
