"""A service agreement can be ended (date, reason, who) or amended (a new version replacing the
old one, which stays readable), issue 21. Columns on clients_serviceagreement, whose row-level
security (0002) already covers them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0012_representative_corrections"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="serviceagreement", name="ended_on",
            field=models.DateField(blank=True, null=True, verbose_name="ended on"),
        ),
        migrations.AddField(
            model_name="serviceagreement", name="end_reason",
            field=models.TextField(blank=True, verbose_name="reason for ending"),
        ),
        migrations.AddField(
            model_name="serviceagreement", name="ended_by",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="ended by"),
        ),
        migrations.AddField(
            model_name="serviceagreement", name="replaces",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                       related_name="replaced_by", to="clients.serviceagreement",
                                       verbose_name="replaces the earlier version"),
        ),
        migrations.AddField(
            model_name="serviceagreement", name="amendment_reason",
            field=models.TextField(blank=True, verbose_name="reason for the amendment"),
        ),
    ]
