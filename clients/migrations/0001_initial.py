"""The client register's tables, the Data Protection Ombudsman's office as the default supervisory
authority (admin-editable: the seeds show two different, older addresses), and byte order for the
search key on PostgreSQL; Finnish order for client lists (ICU "fi-x-icu" on sort_name), the "C"
collation on identity_code so its index serves a prefix, and a trigram index for name parts that
are not the first (pg_trgm); SQLite (the `make run` demo) gets the columns and plain indexes only.
The roles' permissions are not here: core.roles applies them after every migrate."""

import datetime

import clients.models.organisation
import clients.models.records
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


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




def c_collation(apps, schema_editor):
    """PostgreSQL only: byte order for the search key, so LIKE 'prefix%' can use the b-tree index
    (a database created with a language collation cannot otherwise)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE clients_client ALTER COLUMN search_name TYPE varchar(320) COLLATE "C"'
        )


def default_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE clients_client ALTER COLUMN search_name TYPE varchar(320) COLLATE "default"'
        )




def postgresql_collations_and_trigrams(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    # PostgreSQL built with ICU lists "fi-x-icu" in pg_catalog already; created here when missing.
    execute("""CREATE COLLATION IF NOT EXISTS "fi-x-icu" (provider = icu, locale = 'fi-FI')""")
    execute('ALTER TABLE clients_client ALTER COLUMN sort_name TYPE varchar(320) COLLATE "fi-x-icu"')
    execute('ALTER TABLE clients_client ALTER COLUMN identity_code TYPE varchar(11) COLLATE "C"')
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    execute("CREATE INDEX IF NOT EXISTS client_search_name_words ON clients_client "
            "USING gin (search_name gin_trgm_ops)")


def postgresql_undo(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute("DROP INDEX IF EXISTS client_search_name_words")
    execute('ALTER TABLE clients_client ALTER COLUMN identity_code TYPE varchar(11) COLLATE "default"')
    execute('ALTER TABLE clients_client ALTER COLUMN sort_name TYPE varchar(320) COLLATE "default"')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Controller',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('slug', models.SlugField(help_text='Used in public URLs.', unique=True, verbose_name='slug')),
                ('kind', models.CharField(choices=[('provider', 'Service provider'), ('wellbeing_county', 'Wellbeing services county'), ('municipality', 'Municipality'), ('other', 'Other organisation')], default='provider', max_length=20, verbose_name='kind')),
                ('business_id', models.CharField(max_length=9, unique=True, validators=[clients.models.organisation.validate_business_id], verbose_name='business ID (Y-tunnus)')),
                ('street_address', models.CharField(blank=True, max_length=200, verbose_name='street address')),
                ('postal_code', models.CharField(blank=True, max_length=10, verbose_name='postal code')),
                ('city', models.CharField(blank=True, max_length=100, verbose_name='city')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('contact_person_name', models.CharField(blank=True, max_length=200, verbose_name='register contact person')),
                ('contact_person_phone', models.CharField(blank=True, max_length=40, verbose_name="contact person's phone")),
                ('contact_person_email', models.EmailField(blank=True, max_length=254, verbose_name="contact person's email")),
                ('dpo_name', models.CharField(blank=True, max_length=200, verbose_name='data protection officer')),
                ('dpo_phone', models.CharField(blank=True, max_length=40, verbose_name="data protection officer's phone")),
                ('dpo_email', models.EmailField(blank=True, max_length=254, verbose_name="data protection officer's email")),
            ],
            options={
                'verbose_name': 'controller',
                'verbose_name_plural': 'controllers',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='Processor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('business_id', models.CharField(blank=True, max_length=9, validators=[clients.models.organisation.validate_business_id], verbose_name='business ID (Y-tunnus)')),
                ('service', models.CharField(blank=True, max_length=300, verbose_name='what it does for the controller')),
                ('location', models.CharField(blank=True, max_length=200, verbose_name='where the data is processed')),
            ],
            options={
                'verbose_name': 'processor',
                'verbose_name_plural': 'processors',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='SupervisoryAuthority',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('street_address', models.CharField(blank=True, max_length=200, verbose_name='street address')),
                ('postal_address', models.CharField(blank=True, max_length=200, verbose_name='postal address')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('website', models.URLField(blank=True, verbose_name='website')),
                ('updated_on', models.DateField(verbose_name='checked on')),
            ],
            options={
                'verbose_name': 'supervisory authority',
                'verbose_name_plural': 'supervisory authorities',
                'ordering': ['-updated_on', '-pk'],
            },
        ),
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
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'personal data breach',
                'verbose_name_plural': 'personal data breaches',
                'ordering': ['-discovered_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='Client',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('person', 'Person'), ('organisation', 'Organisation')], default='person', max_length=20, verbose_name='kind')),
                ('first_names', models.CharField(blank=True, max_length=150, verbose_name='first names')),
                ('last_name', models.CharField(blank=True, max_length=150, verbose_name='last name')),
                ('identity_code', models.CharField(blank=True, help_text='Stored as given, century sign included.', max_length=11, verbose_name='personal identity code')),
                ('date_of_birth', models.DateField(blank=True, null=True, verbose_name='date of birth')),
                ('date_of_death', models.DateField(blank=True, null=True, verbose_name='date of death')),
                ('preferred_language', models.CharField(choices=[('fi', 'Finnish'), ('sv', 'Swedish'), ('en', 'English')], default='fi', max_length=2, verbose_name='preferred language')),
                ('organisation_name', models.CharField(blank=True, max_length=200, verbose_name='organisation name')),
                ('business_id', models.CharField(blank=True, max_length=9, validators=[clients.models.organisation.validate_business_id], verbose_name='business ID (Y-tunnus)')),
                ('contact_person', models.CharField(blank=True, max_length=200, verbose_name='contact person')),
                ('contact_phone', models.CharField(blank=True, max_length=40, verbose_name="contact person's phone")),
                ('street_address', models.CharField(blank=True, max_length=200, verbose_name='street address')),
                ('postal_code', models.CharField(blank=True, max_length=10, verbose_name='postal code')),
                ('city', models.CharField(blank=True, max_length=100, verbose_name='city')),
                ('municipality', models.CharField(blank=True, max_length=100, verbose_name='municipality of residence')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('relationship_started', models.DateField(verbose_name='client relationship started')),
                ('relationship_ended', models.DateField(blank=True, null=True, verbose_name='client relationship ended')),
                ('payment_commitment_reference', models.CharField(blank=True, max_length=100, verbose_name='payment commitment reference')),
                ('payment_commitment_from', models.DateField(blank=True, null=True, verbose_name='payment commitment valid from')),
                ('payment_commitment_until', models.DateField(blank=True, null=True, verbose_name='payment commitment valid until')),
                ('restricted', models.BooleanField(default=False, verbose_name='processing restricted')),
                ('restriction_reason', models.TextField(blank=True, verbose_name='reason for restriction')),
                ('search_name', models.CharField(editable=False, max_length=320)),
                ('sort_name', models.CharField(blank=True, default='', editable=False, max_length=320)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('assigned_workers', models.ManyToManyField(blank=True, related_name='assigned_clients', to=settings.AUTH_USER_MODEL, verbose_name='assigned workers')),
                ('commissioning_authority', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='commissioned_clients', to='clients.controller', verbose_name='commissioning authority')),
            ],
            options={
                'verbose_name': 'client',
                'verbose_name_plural': 'clients',
                'ordering': ['sort_name', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Case',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('service_task', models.CharField(choices=[('families_with_children', 'Services for families with children'), ('working_age_adults', 'Services for working-age adults'), ('older_people', 'Services for older people'), ('disability', 'Disability services'), ('substance_abuse', 'Substance-abuse care'), ('child_welfare', 'Child welfare'), ('family_law_child', 'Family-law services concerning a child'), ('family_law_other', 'Other family-law services'), ('private', 'Private service (not statutory)')], max_length=30, verbose_name='service task')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('opened_on', models.DateField(verbose_name='opened on')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='closed on')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cases', to='clients.client', verbose_name='client')),
            ],
            options={
                'verbose_name': 'case',
                'verbose_name_plural': 'cases',
                'ordering': ['-opened_on', '-pk'],
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
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='breach_notices', to='clients.client', verbose_name='client')),
            ],
            options={
                'verbose_name': 'breach notice',
                'verbose_name_plural': 'breach notices',
                'ordering': ['sent_at', 'pk'],
            },
        ),
        migrations.AddField(
            model_name='breach',
            name='affected_clients',
            field=models.ManyToManyField(blank=True, related_name='breaches', to='clients.client', verbose_name='affected clients'),
        ),
        migrations.AddField(
            model_name='breach',
            name='controller',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='breaches', to='clients.controller', verbose_name='controller'),
        ),
        migrations.CreateModel(
            name='Document',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('payment_commitment', 'Payment commitment'), ('transport_permit', 'Transport permit'), ('signed_form', 'Signed form'), ('consent_evidence', 'Evidence of consent'), ('other', 'Other document')], max_length=30, verbose_name='type')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('document_date', models.DateField(verbose_name='document date')),
                ('file', models.FileField(max_length=200, upload_to=clients.models.records.document_path, verbose_name='file')),
                ('original_name', models.CharField(max_length=200, verbose_name='original file name')),
                ('content_type', models.CharField(max_length=100, verbose_name='content type')),
                ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                ('uploaded_at', models.DateTimeField(verbose_name='uploaded at')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='clients.client', verbose_name='client')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
            ],
            options={
                'verbose_name': 'document',
                'verbose_name_plural': 'documents',
                'ordering': ['-document_date', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='GrantedService',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('content', models.CharField(max_length=300, verbose_name='service')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                ('granted_hours', models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name='granted hours')),
                ('hours_period', models.CharField(choices=[('month', 'per month'), ('week', 'per week'), ('total', 'in total')], default='month', max_length=10, verbose_name='hours period')),
                ('payment_commitment_reference', models.CharField(blank=True, max_length=100, verbose_name='payment commitment reference')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='granted_services', to='clients.case', verbose_name='case')),
                ('commissioning_authority', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='granted_services', to='clients.controller', verbose_name='commissioning authority')),
            ],
            options={
                'verbose_name': 'granted service',
                'verbose_name_plural': 'granted services',
                'ordering': ['-valid_from', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='HealthInformation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('allergies', models.TextField(blank=True, verbose_name='allergies')),
                ('special_needs', models.TextField(blank=True, verbose_name='special needs')),
                ('home_notes', models.TextField(blank=True, verbose_name='pets and other things to know about the home')),
                ('client', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='health', to='clients.client', verbose_name='client')),
            ],
            options={
                'verbose_name': 'health information',
                'verbose_name_plural': 'health information',
            },
        ),
        migrations.CreateModel(
            name='Register',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('slug', models.SlugField(verbose_name='slug')),
                ('kind', models.CharField(choices=[('client_records', 'Client records'), ('purchased_services', 'Purchased services'), ('marketing', 'Marketing'), ('contacts', 'Contacts'), ('billing', 'Billing'), ('email_list', 'Email list')], max_length=30, verbose_name='kind')),
                ('purpose', models.TextField(blank=True, verbose_name='purpose of processing')),
                ('legal_bases', models.JSONField(blank=True, default=list, help_text='GDPR Art 6(1) and Art 9(2) bases, e.g. ["6.1.c", "9.2.h"].', verbose_name='legal bases')),
                ('requirement', models.TextField(blank=True, verbose_name='is giving the data a statutory or contractual requirement')),
                ('legitimate_interest', models.TextField(blank=True, verbose_name='legitimate interest')),
                ('data_categories', models.TextField(blank=True, verbose_name='categories of data subjects and data')),
                ('data_content', models.TextField(blank=True, verbose_name='data content')),
                ('sources', models.TextField(blank=True, verbose_name='regular sources')),
                ('recipients', models.TextField(blank=True, verbose_name='recipients and regular disclosures')),
                ('transfers_outside_eea', models.TextField(blank=True, verbose_name='transfers outside the EU/EEA')),
                ('protection_manual', models.TextField(blank=True, verbose_name='protection of manual material')),
                ('protection_electronic', models.TextField(blank=True, verbose_name='protection of electronic data')),
                ('automated_decisions', models.TextField(blank=True, verbose_name='automated decisions and profiling')),
                ('cookies', models.TextField(blank=True, verbose_name='cookies')),
                ('retention', models.TextField(blank=True, verbose_name='retention')),
                ('rights', models.TextField(blank=True, verbose_name="data subject's rights (additions)")),
                ('updated_on', models.DateField(blank=True, null=True, verbose_name='date of last update')),
                ('texts_sv', models.JSONField(blank=True, default=dict, verbose_name='texts in Swedish')),
                ('texts_en', models.JSONField(blank=True, default=dict, verbose_name='texts in English')),
                ('controller', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='registers', to='clients.controller', verbose_name='controller')),
                ('operator', models.ForeignKey(help_text='The provider whose staff keep this register. For purchased services the county or municipality is the controller and the provider processes on its behalf.', on_delete=django.db.models.deletion.PROTECT, related_name='operated_registers', to='clients.controller', verbose_name='operated by')),
                ('processors', models.ManyToManyField(blank=True, related_name='registers', to='clients.processor', verbose_name='processors')),
            ],
            options={
                'verbose_name': 'register',
                'verbose_name_plural': 'registers',
                'ordering': ['controller__name', 'name'],
            },
        ),
        migrations.CreateModel(
            name='PrivacyNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('fi', 'Finnish'), ('sv', 'Swedish'), ('en', 'English')], max_length=2, verbose_name='language')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('published_at', models.DateTimeField(verbose_name='published at')),
                ('material_change', models.BooleanField(default=False, help_text='Clients are informed of material changes (e.g. new purposes or recipients).', verbose_name='material change')),
                ('change_summary', models.TextField(blank=True, verbose_name='what changed')),
                ('html', models.TextField(verbose_name='HTML')),
                ('pdf', models.BinaryField(verbose_name='PDF')),
                ('sha256', models.CharField(max_length=64, verbose_name='SHA-256 of the PDF')),
                ('controller', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='privacy_notices', to='clients.controller', verbose_name='controller')),
                ('published_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='published by')),
                ('register', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='privacy_notices', to='clients.register', verbose_name='register')),
            ],
            options={
                'verbose_name': 'published privacy notice',
                'verbose_name_plural': 'published privacy notices',
                'ordering': ['-version', 'language'],
            },
        ),
        migrations.AddField(
            model_name='client',
            name='register',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='clients', to='clients.register', verbose_name='register'),
        ),
        migrations.CreateModel(
            name='Representative',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('guardian', 'Guardian (of a minor)'), ('legal_representative', 'Legal representative'), ('next_of_kin', 'Next of kin')], max_length=30, verbose_name='role')),
                ('first_names', models.CharField(max_length=150, verbose_name='first names')),
                ('last_name', models.CharField(max_length=150, verbose_name='last name')),
                ('relationship', models.CharField(blank=True, help_text='E.g. mother, son, spouse.', max_length=100, verbose_name='relationship to the client')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='email')),
                ('street_address', models.CharField(blank=True, max_length=200, verbose_name='street address')),
                ('postal_code', models.CharField(blank=True, max_length=10, verbose_name='postal code')),
                ('city', models.CharField(blank=True, max_length=100, verbose_name='city')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                ('disclosure_prohibited', models.BooleanField(default=False, verbose_name='the minor has prohibited disclosure to this guardian')),
                ('prohibition_assessed_on', models.DateField(blank=True, null=True, verbose_name='prohibition assessed on')),
                ('prohibition_reasoning', models.TextField(blank=True, help_text='Why the minor is able to decide and why withholding does not endanger the child.', verbose_name='assessment')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='representatives', to='clients.client', verbose_name='client')),
                ('prohibition_assessed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='prohibition assessed by')),
            ],
            options={
                'verbose_name': 'representative',
                'verbose_name_plural': 'representatives',
                'ordering': ['role', 'last_name', 'first_names'],
            },
        ),
        migrations.CreateModel(
            name='Disclosure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('direction', models.CharField(choices=[('out', 'Disclosed to'), ('in', 'Received from')], default='out', max_length=3, verbose_name='direction')),
                ('recipient_kind', models.CharField(choices=[('commissioning_authority', 'Commissioning authority'), ('authority', 'Authority'), ('guardian', 'Guardian'), ('legal_representative', 'Legal representative'), ('next_of_kin', 'Next of kin'), ('client', 'The client'), ('archive', 'Archive'), ('other_controller', 'Other controller'), ('other', 'Other')], max_length=30, verbose_name='recipient type')),
                ('recipient_name', models.CharField(max_length=200, verbose_name='recipient')),
                ('legal_basis', models.CharField(blank=True, max_length=300, verbose_name='legal basis')),
                ('consent_reference', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='consent')),
                ('content', models.TextField(verbose_name='what was disclosed')),
                ('disclosed_at', models.DateTimeField(verbose_name='time')),
                ('client', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='disclosures', to='clients.client', verbose_name='client')),
                ('recipient_controller', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='clients.controller', verbose_name='recipient organisation')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('representative', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='disclosures', to='clients.representative', verbose_name='representative')),
            ],
            options={
                'verbose_name': 'disclosure',
                'verbose_name_plural': 'disclosures',
                'ordering': ['-disclosed_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ServiceAgreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('service', models.CharField(max_length=300, verbose_name='service')),
                ('agreed_matters', models.TextField(verbose_name='agreed matters')),
                ('billing', models.TextField(blank=True, verbose_name='billing')),
                ('valid_from', models.DateField(verbose_name='valid from')),
                ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                ('made_on', models.DateField(verbose_name='date')),
                ('place', models.CharField(max_length=100, verbose_name='place')),
                ('client_signatory', models.CharField(blank=True, max_length=200, verbose_name='signed for the client by')),
                ('client_signed_on', models.DateField(blank=True, null=True, verbose_name='client signed on')),
                ('provider_signed_on', models.DateField(blank=True, null=True, verbose_name='provider signed on')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agreements', to='clients.client', verbose_name='client')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('provider_signatory', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed for the provider by')),
            ],
            options={
                'verbose_name': 'service agreement',
                'verbose_name_plural': 'service agreements',
                'ordering': ['-valid_from', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ServiceEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('visit', 'Visit'), ('phone', 'Phone call'), ('record', 'Record')], default='visit', max_length=10, verbose_name='kind')),
                ('date', models.DateField(verbose_name='date')),
                ('duration_minutes', models.PositiveIntegerField(default=0, verbose_name='duration (minutes)')),
                ('content', models.TextField(verbose_name='essential content')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('client', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='entries', to='clients.client', verbose_name='client')),
                ('granted_service', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='entries', to='clients.grantedservice', verbose_name='granted service')),
                ('worker', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='worker')),
            ],
            options={
                'verbose_name': 'service entry',
                'verbose_name_plural': 'service entries',
                'ordering': ['-date', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='ServicePlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('client_view', models.TextField(verbose_name="the client's own view of the need and reason for seeking service")),
                ('service_and_need', models.TextField(verbose_name='service and need')),
                ('goals', models.TextField(verbose_name='goals')),
                ('working_methods', models.TextField(blank=True, verbose_name='working methods')),
                ('other_services', models.TextField(blank=True, verbose_name='other current services supporting functional capacity')),
                ('guardian_contact', models.TextField(blank=True, verbose_name="guardians' contact details and contact with guardians (minor)")),
                ('duty_to_notify_reviewed', models.BooleanField(default=False, verbose_name='duty to notify reviewed with the client')),
                ('confidentiality_reviewed', models.BooleanField(default=False, verbose_name='duty of confidentiality reviewed with the client')),
                ('liability_insurance_reviewed', models.BooleanField(default=False, verbose_name='liability insurance reviewed with the client')),
                ('review_on', models.DateField(verbose_name='follow-up and review date')),
                ('made_on', models.DateField(verbose_name='date')),
                ('place', models.CharField(max_length=100, verbose_name='place')),
                ('client_signatory', models.CharField(blank=True, max_length=200, verbose_name='signed for the client by')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plans', to='clients.client', verbose_name='client')),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('worker_signatory', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='signed for the provider by')),
            ],
            options={
                'verbose_name': 'service plan',
                'verbose_name_plural': 'service plans',
                'ordering': ['-version'],
            },
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(max_length=60, verbose_name='field')),
                ('original_value', models.TextField(verbose_name='original')),
                ('corrected_value', models.TextField(verbose_name='corrected')),
                ('reason', models.TextField(verbose_name='reason for correction')),
                ('corrected_at', models.DateTimeField(verbose_name='corrected at')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='clients.client', verbose_name='client')),
                ('corrected_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='corrected by')),
                ('entry', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='clients.serviceentry', verbose_name='service entry')),
                ('plan', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='clients.serviceplan', verbose_name='service plan')),
            ],
            options={
                'verbose_name': 'correction',
                'verbose_name_plural': 'corrections',
                'ordering': ['corrected_at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='WorkerProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(blank=True, max_length=100, verbose_name='job title')),
                ('confidentiality_signed_on', models.DateField(blank=True, null=True, verbose_name='confidentiality commitment signed on')),
                ('controller', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='workers', to='clients.controller', verbose_name='organisation')),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='worker_profile', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'worker profile',
                'verbose_name_plural': 'worker profiles',
            },
        ),
        migrations.CreateModel(
            name='AccessEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, verbose_name='time')),
                ('kind', models.CharField(choices=[('client_file', 'Client file'), ('client_edit', 'Client edit form'), ('representative_edit', 'Representative form'), ('admin_change', 'Admin change page'), ('document', 'Document'), ('export', 'Export or report'), ('denied', 'Attempt without access')], max_length=30, verbose_name='what was viewed')),
                ('detail', models.CharField(blank=True, max_length=200, verbose_name='detail')),
                ('purpose', models.CharField(blank=True, max_length=300, verbose_name='purpose')),
                ('granted', models.BooleanField(default=True, verbose_name='access granted')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='access_entries', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                ('client', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='access_entries', to='clients.client', verbose_name='client')),
            ],
            options={
                'verbose_name': 'access log entry',
                'verbose_name_plural': 'access log entries',
                'ordering': ['-at', '-pk'],
                'indexes': [models.Index(fields=['client', '-at'], name='access_entry_client_at')],
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
                'constraints': [models.CheckConstraint(condition=models.Q(('expires_at__gt', models.F('started_at'))), name='emergency_expires_after_start', violation_error_message='An emergency access must end after it starts.')],
            },
        ),
        migrations.AddConstraint(
            model_name='register',
            constraint=models.UniqueConstraint(fields=('controller', 'slug'), name='register_slug_per_controller', violation_error_message='This organisation already has a register with this web address.'),
        ),
        migrations.AddConstraint(
            model_name='privacynotice',
            constraint=models.UniqueConstraint(condition=models.Q(('register__isnull', False)), fields=('register', 'language', 'version'), name='notice_version_unique', violation_error_message='This version of the privacy notice has already been published in this language.'),
        ),
        migrations.AddConstraint(
            model_name='privacynotice',
            constraint=models.UniqueConstraint(condition=models.Q(('register__isnull', True)), fields=('controller', 'language', 'version'), name='controller_notice_version_unique', violation_error_message='This version of the privacy notice has already been published in this language.'),
        ),
        migrations.AddIndex(
            model_name='client',
            index=models.Index(fields=['search_name', 'id'], name='client_search_name_order'),
        ),
        migrations.AddIndex(
            model_name='client',
            index=models.Index(fields=['identity_code'], name='client_identity_code'),
        ),
        migrations.AddIndex(
            model_name='client',
            index=models.Index(fields=['sort_name', 'id'], name='client_sort_name_order'),
        ),
        migrations.AddIndex(
            model_name='client',
            index=models.Index(fields=['date_of_birth'], name='client_date_of_birth'),
        ),
        migrations.AddConstraint(
            model_name='client',
            constraint=models.UniqueConstraint(condition=models.Q(('identity_code', ''), _negated=True), fields=('register', 'identity_code'), name='client_identity_code_unique_per_register', violation_error_message='A client with this identity code is already in this register.'),
        ),
        migrations.AddIndex(
            model_name='disclosure',
            index=models.Index(fields=['client', '-disclosed_at'], name='disclosure_client_at'),
        ),
        migrations.AddIndex(
            model_name='serviceentry',
            index=models.Index(fields=['client', '-date', '-id'], name='entry_client_date'),
        ),
        migrations.AddConstraint(
            model_name='serviceplan',
            constraint=models.UniqueConstraint(fields=('client', 'version'), name='plan_version_unique', violation_error_message='The client already has a service plan of this version.'),
        ),
        migrations.AddConstraint(
            model_name='correction',
            constraint=models.CheckConstraint(condition=models.Q(('entry__isnull', False), ('plan__isnull', False), ('field__startswith', 'client.'), _connector='OR'), name='correction_has_a_target', violation_error_message="A correction concerns a service entry, a service plan or the client's basic data."),
        ),
        migrations.RunPython(ombudsman, migrations.RunPython.noop),
        migrations.RunPython(c_collation, default_collation),
        migrations.RunPython(postgresql_collations_and_trigrams, postgresql_undo),
    ]
