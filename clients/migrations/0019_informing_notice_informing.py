"""Issue 20: who was informed of which privacy notice version, how and when (under row-level
security by its client's register)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core import rls

TABLE = "clients_noticeinforming"


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0018_letters_representative_language'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeInforming',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('method', models.CharField(choices=[('first_visit', 'Given at the first visit'), ('letter', 'Letter'), ('email', 'Email'), ('portal', "Client's own pages")], max_length=20, verbose_name='how')),
                ('informed_on', models.DateField(verbose_name='informed on')),
                ('recorded_at', models.DateTimeField(verbose_name='recorded at')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notice_informings', to='clients.client', verbose_name='client')),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='informings', to='clients.privacynotice', verbose_name='privacy notice version')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'informing of the privacy notice',
                'verbose_name_plural': 'informings of the privacy notice',
                'ordering': ['-informed_on', '-pk'],
                'indexes': [models.Index(fields=['notice', 'client'], name='informing_notice_client')],
            },
        ),
        rls.postgresql_only(
            rls.child_table_sql(TABLE, parent_table="clients_client", parent_column="client_id",
                                model=("clients", "noticeinforming")),
            rls.drop_table_sql(TABLE),
        ),
    ]
