"""Corrections of a guardian's, legal representative's or next of kin's details keep the earlier
value readable (issue 19, seed 003). A column on clients_correction, whose row-level security
(0002) already covers it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0011_contact_and_lift_letter"),
    ]

    operations = [
        migrations.AddField(
            model_name="correction",
            name="representative",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="corrections", to="clients.representative",
                                    verbose_name="representative"),
        ),
        migrations.RemoveConstraint(
            model_name="correction",
            name="correction_has_a_target",
        ),
        migrations.AddConstraint(
            model_name="correction",
            constraint=models.CheckConstraint(
                condition=models.Q(("entry__isnull", False), ("plan__isnull", False),
                                   ("field__startswith", "client."), ("field__startswith", "representative."),
                                   _connector="OR"),
                name="correction_has_a_target",
                violation_error_message="A correction concerns a service entry, a service plan or the client's basic data.",
            ),
        ),
    ]
