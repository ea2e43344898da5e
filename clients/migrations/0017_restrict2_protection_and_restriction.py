"""Issue 19: the address protection (turvakielto) of a guardian, legal representative or next
of kin, and when a client's restriction began (a consent given from then on is an Art 18(2)
ground). Columns on clients_representative and clients_client, whose row-level security (0002)
already covers them. A client restricted before this migration counts as restricted from now."""

from django.db import migrations, models
from django.db.models.functions import Now


def restricted_from_now(apps, schema_editor):
    Client = apps.get_model("clients", "Client")
    Client.objects.filter(restricted=True, restricted_at__isnull=True).update(restricted_at=Now())


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0016_questions_answer_time"),
    ]

    operations = [
        migrations.AddField(
            model_name="representative", name="address_protected",
            field=models.BooleanField(default=False, verbose_name="address protection (turvakielto)"),
        ),
        migrations.AddField(
            model_name="client", name="restricted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="restricted since"),
        ),
        migrations.RunPython(restricted_from_now, migrations.RunPython.noop),
    ]
