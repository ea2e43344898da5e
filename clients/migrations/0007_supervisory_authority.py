"""The Data Protection Ombudsman's office as the default supervisory authority (admin-editable:
the seeds show two different, older addresses), and the roles' permissions on notices."""

import datetime

from django.db import migrations

from clients.roles import grant_role_permissions


def ombudsman(apps, schema_editor):
    SupervisoryAuthority = apps.get_model("clients", "SupervisoryAuthority")
    if not SupervisoryAuthority.objects.exists():
        SupervisoryAuthority.objects.create(
            name="Tietosuojavaltuutetun toimisto",
            street_address="Lintulahdenkuja 4, 00530 Helsinki",
            postal_address="PL 800, 00531 Helsinki",
            phone="029 566 6700",
            email="tietosuoja@om.fi",
            website="https://tietosuoja.fi",
            updated_on=datetime.date(2026, 11, 21),
        )


class Migration(migrations.Migration):
    dependencies = [("clients", "0006_notices")]

    operations = [
        migrations.RunPython(ombudsman, migrations.RunPython.noop),
        migrations.RunPython(grant_role_permissions, migrations.RunPython.noop),
    ]
