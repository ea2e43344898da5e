"""Emergency access and the breach register; the roles get their permissions for them and for
the second-factor devices (admins reset a user's second factor by deleting their devices)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from clients.roles import grant_role_permissions


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0004_roles_client_file'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("otp_totp", "__latest__"),
        ("otp_static", "__latest__"),
    ]

    operations = [
        migrations.CreateModel(
            name='Breach',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('discovered_at', models.DateTimeField(verbose_name='discovered')),
                ('description', models.TextField(verbose_name='what happened')),
                ('affected_data', models.TextField(verbose_name='affected data')),
                ('consequences', models.TextField(blank=True, verbose_name='likely consequences')),
                ('measures', models.TextField(blank=True, verbose_name='measures taken or proposed')),
                ('reported_to_authority_at', models.DateTimeField(blank=True, null=True, verbose_name='reported to the supervisory authority')),
                ('authority_reference', models.CharField(blank=True, max_length=100, verbose_name="authority's reference")),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('affected_clients', models.ManyToManyField(blank=True, related_name='breaches', to='clients.client', verbose_name='affected clients')),
                ('controller', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='breaches', to='clients.controller', verbose_name='controller')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'personal data breach',
                'verbose_name_plural': 'personal data breaches',
                'ordering': ['-discovered_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='BreachNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('fi', 'Finnish'), ('sv', 'Swedish'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('channel', models.CharField(choices=[('email', 'Email'), ('letter', 'Letter')], max_length=10, verbose_name='channel')),
                ('sent_at', models.DateTimeField(verbose_name='sent')),
                ('breach', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='clients.breach', verbose_name='breach')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='breach_notices', to='clients.client', verbose_name='client')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'breach notice',
                'verbose_name_plural': 'breach notices',
                'ordering': ['sent_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='EmergencyAccess',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(verbose_name='reason')),
                ('started_at', models.DateTimeField(verbose_name='started')),
                ('expires_at', models.DateTimeField(verbose_name='expires')),
                ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed')),
                ('review_note', models.TextField(blank=True, verbose_name='review note')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='emergency_accesses', to='clients.client', verbose_name='client')),
                ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='emergency_accesses', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'emergency access',
                'verbose_name_plural': 'emergency accesses',
                'ordering': ['-started_at', '-pk'],
                'indexes': [models.Index(fields=['user', 'expires_at'], name='emergency_user_expires')],
                'constraints': [models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('started_at'))), name='emergency_expires_after_start')],
            },
        ),
        migrations.RunPython(grant_role_permissions, migrations.RunPython.noop),
    ]
