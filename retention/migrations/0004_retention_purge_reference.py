"""A reference per purge record, which the access log and the disclosures of a purged client
carry instead of the client (issue 18)."""

import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    PurgeRecord = apps.get_model("retention", "PurgeRecord")
    for record in PurgeRecord.objects.filter(reference__isnull=True):
        record.reference = uuid.uuid4()
        record.save(update_fields=["reference"])


class Migration(migrations.Migration):

    dependencies = [
        ("retention", "0003_retention_rules_per_register"),
    ]

    operations = [
        migrations.AddField(model_name="purgerecord", name="reference",
                            field=models.UUIDField(null=True, editable=False, verbose_name="reference")),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(model_name="purgerecord", name="reference",
                              field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True,
                                                     verbose_name="reference")),
    ]
