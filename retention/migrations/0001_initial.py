"""Default retention rules, editable in the admin afterwards.

Statutory: the annex of the Act on the processing of client data in healthcare and social
welfare (703/2023), as the National Archives restates it ("Sosiaalihuollon asiakasasiakirjojen
säilytysajat 1.1.2024 alkaen"), for client-records registers. The seeds' own promises: seed 000
(two weeks after the relationship ends, handed to the social services first) and seed 002
(client documents to the county archive when the relationship ends) are enforced; seed 001's
bookkeeping and booking periods and seed 003's return of material are documentation only."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


NATIONAL_ARCHIVES = ("Laki sosiaali- ja terveydenhuollon asiakastietojen käsittelystä (703/2023), liite; "
                     "Kansallisarkisto: Sosiaalihuollon asiakasasiakirjojen säilytysajat: ")


def statutory(code, name, quote, **fields):
    return {"code": code, "name": name, "legal_reference": NATIONAL_ARCHIVES + f"\u201d{quote}\u201d",
            "register_kind": "client_records", "action": "delete", **fields}


RULES = [
    statutory("statutory-basic-data", "Asiakkuusasiakirja ja asiakkaan perustiedot",
              "Asiakkuusasiakirja ja asiakkaan perustiedot 2 vuotta asiakkaan kuolemasta",
              applies_to="statutory_clients", start_event="client_death", period_years=2),
    statutory("statutory-families-with-children", "Lapsiperheiden palvelutehtävä",
              "Lapsiperheiden palvelutehtävä 30 vuotta asian sulkemisesta",
              applies_to="cases_of_task", service_task="families_with_children", start_event="case_closed",
              period_years=30),
    statutory("statutory-working-age-adults", "Työikäisten palvelutehtävä",
              "Työikäisten palvelutehtävä 10 vuotta asian sulkemisesta",
              applies_to="cases_of_task", service_task="working_age_adults", start_event="case_closed",
              period_years=10),
    statutory("statutory-older-people", "Iäkkäiden palvelutehtävä",
              "Iäkkäiden palvelutehtävä 10 vuotta asian sulkemisesta",
              applies_to="cases_of_task", service_task="older_people", start_event="case_closed",
              period_years=10),
    statutory("statutory-substance-abuse", "Päihdehuollon palvelutehtävä",
              "Päihdehuollon palvelutehtävä 10 vuotta asian sulkemisesta",
              applies_to="cases_of_task", service_task="substance_abuse", start_event="case_closed",
              period_years=10),
    statutory("statutory-disability", "Vammaispalvelujen palvelutehtävä",
              "Vammaispalvelujen palvelutehtävä 10 vuotta viimeisen asian sulkemisesta, kun "
              "vammaispalvelujen tarve on päättynyt",
              applies_to="cases_of_task", service_task="disability", start_event="case_closed", period_years=10),
    statutory("statutory-child-welfare", "Lastensuojelun palvelutehtävä",
              "Lastensuojelun palvelutehtävä 2 vuotta asiakkaan kuolemasta",
              applies_to="cases_of_task", service_task="child_welfare", start_event="client_death",
              period_years=2),
    statutory("statutory-family-law-child", "Perheoikeudelliset palvelut: lasta koskevat asiat",
              "Perheoikeudellisten palvelujen palvelutehtävä Lasta koskevissa asioissa 120 vuotta lapsen "
              "syntymästä",
              applies_to="cases_of_task", service_task="family_law_child", start_event="child_birth",
              period_years=120),
    statutory("statutory-family-law-other", "Perheoikeudelliset palvelut: muut asiat",
              "Perheoikeudellisten palvelujen palvelutehtävä ... muissa asioissa 10 vuotta asian sulkemisesta",
              applies_to="cases_of_task", service_task="family_law_other", start_event="case_closed",
              period_years=10),
    # Billing material: documentation of periods another system keeps (not enforced here).
    statutory("statutory-receipts", "Tositteet", "Tositteet 3 vuotta",
              record_kind="billing", start_event="document_date", period_years=3),
    statutory("statutory-client-fee-decisions", "Asiakasmaksupäätökset ja tuloselvitysasiakirjat",
              "Asiakasmaksupäätökset ja tuloselvitysasiakirjat 12 vuotta päätöksen voimassaolon päättymisestä "
              "(counted here from the document's date: record the end of the decision's validity as it)",
              record_kind="billing", start_event="document_date", period_years=12),
    # Seed 000 (Nappula): handed to the municipal social services, gone two weeks after the end.
    {"code": "seed-000-two-weeks", "name": "Siirto sosiaalitoimelle ja poisto kahden viikon kuluttua",
     "legal_reference": "Tietosuojaseloste (seed 000): \u201dAsiakkaiden osalta tiedot poistetaan asiakassuhteen "
                        "päättyessä ja siirretään sosiaalitoimelle. Ja tiedot poistuvat Nappula-järjestelmästä "
                        "kahden viikon kuluttua asiakassuhteen päättymisestä.\u201d",
     "register_kind": "client_records", "applies_to": "private_clients", "start_event": "relationship_ended",
     "period_days": 14, "action": "archive_then_delete", "hand_over_at_start": True, "receipt_required": True,
     "archive_name": "Kunnan sosiaalitoimi"},
    # Seed 001 (Kantamoinen): documentation only.
    {"code": "seed-001-bookkeeping", "name": "Kirjanpitoaineisto seitsemän vuotta",
     "legal_reference": "Tietosuojaseloste (seed 001): \u201dHenkilötietoja säilytetään rekisterissä ja "
                        "kirjanpitoaineistossa seitsemän vuotta tai niin kauan kuin laki rekisterinpitäjältä sitä "
                        "edellyttää\u201d",
     "record_kind": "billing", "start_event": "document_date", "period_years": 7, "action": "delete",
     "active": False},
    {"code": "seed-001-booking", "name": "Ajanvarausjärjestelmän tiedot 12 kuukautta",
     "legal_reference": "Tietosuojaseloste (seed 001): \u201dAjanvarausjärjestelmän tietoja säilytetään "
                        "12 kuukautta.\u201d",
     "record_kind": "booking", "start_event": "document_date", "period_months": 12, "action": "delete",
     "active": False},
    # Seed 002 (purchased home care): the county is the controller and keeps the documents.
    {"code": "seed-002-county-archive", "name": "Asiakasasiakirjat hyvinvointialueen arkistoon",
     "legal_reference": "Tietosuojaseloste (seed 002): \u201dKun asiakkuus päättyy, poistamme järjestelmässä "
                        "olevat asiakastiedot ja siirrämme ne järjestelmämme arkistoon tuhottavaksi. Toimitamme "
                        "asiakasasiakirjat hyvinvointialueen arkistoon hyvinvointialueen ohjeen mukaisesti.\u201d",
     "register_kind": "purchased_services", "applies_to": "all_clients", "start_event": "relationship_ended",
     "action": "archive_then_delete", "receipt_required": True, "archive_name": "Hyvinvointialueen arkisto"},
    # Seed 003 (family work): a template to adapt; not in use until an admin turns it on.
    {"code": "seed-003-return-material", "name": "Materiaali asiakkaalle tai vastaavalle viranomaiselle",
     "legal_reference": "Tietosuojaseloste (seed 003): \u201dAsiakassuhteen päättymisen jälkeen materiaali "
                        "luovutetaan asiakkaalle ja/tai hänen asioistaan vastaava viranomaiselle.\u201d",
     "start_event": "relationship_ended", "action": "archive_then_delete", "receipt_required": True,
     "archive_name": "Asiakas tai hänen asioistaan vastaava viranomainen", "active": False},
]


def install(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    for rule in RULES:
        RetentionRule.objects.get_or_create(code=rule["code"], defaults={
            k: v for k, v in rule.items() if k != "code"})


def uninstall(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(code__in=[r["code"] for r in RULES]).delete()


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('clients', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FileRemoval',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('storage_name', models.CharField(max_length=300)),
                ('queued_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'file to remove',
                'verbose_name_plural': 'files to remove',
            },
        ),
        migrations.CreateModel(
            name='RetentionRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('run_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name='run ID')),
                ('today', models.DateField(verbose_name='run for the day')),
                ('dry_run', models.BooleanField(default=False, verbose_name='dry run')),
                ('started_at', models.DateTimeField(verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('summary', models.JSONField(blank=True, default=dict, verbose_name='summary')),
            ],
            options={
                'verbose_name': 'retention run',
                'verbose_name_plural': 'retention runs',
                'ordering': ['-started_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='RetentionRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.SlugField(help_text='Stable identifier, e.g. statutory-child-welfare.', max_length=60, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('legal_reference', models.TextField(blank=True, help_text="The law, the National Archives' guidance or the privacy notice's own sentence.", verbose_name='source')),
                ('register_kind', models.CharField(blank=True, choices=[('client_records', 'Client records'), ('purchased_services', 'Purchased services'), ('marketing', 'Marketing'), ('contacts', 'Contacts'), ('billing', 'Billing'), ('email_list', 'Email list')], help_text='Empty: any kind.', max_length=30, verbose_name='kind of register')),
                ('record_kind', models.CharField(choices=[('client_file', 'Client file (the client and everything recorded about them)'), ('documents', 'Documents'), ('billing', 'Billing and bookkeeping material'), ('booking', 'Booking data'), ('marketing_consents', 'Marketing consents'), ('access_logs', 'Access logs')], default='client_file', max_length=30, verbose_name='records')),
                ('applies_to', models.CharField(choices=[('all_clients', 'All clients'), ('statutory_clients', 'Clients with a statutory social-welfare case'), ('private_clients', 'Clients without a statutory case (private service)'), ('cases_of_task', 'Clients with a case of one service task')], default='all_clients', max_length=30, verbose_name='applies to')),
                ('service_task', models.CharField(blank=True, choices=[('families_with_children', 'Services for families with children'), ('working_age_adults', 'Services for working-age adults'), ('older_people', 'Services for older people'), ('disability', 'Disability services'), ('substance_abuse', 'Substance-abuse care'), ('child_welfare', 'Child welfare'), ('family_law_child', 'Family-law services concerning a child'), ('family_law_other', 'Other family-law services'), ('private', 'Private service (not statutory)')], help_text='Only for rules that apply to cases of one service task.', max_length=30, verbose_name='service task')),
                ('period_years', models.PositiveSmallIntegerField(default=0, verbose_name='years')),
                ('period_months', models.PositiveSmallIntegerField(default=0, verbose_name='months')),
                ('period_days', models.PositiveSmallIntegerField(default=0, verbose_name='days')),
                ('start_event', models.CharField(choices=[('relationship_ended', 'End of the client relationship'), ('case_closed', 'Case closed'), ('client_death', "Client's death"), ('document_date', 'Date of the document or record'), ('child_birth', 'Birth of the child'), ('last_activity', 'Last activity')], max_length=30, verbose_name='counted from')),
                ('action', models.CharField(choices=[('delete', 'Delete'), ('anonymise', 'Anonymise'), ('archive_then_delete', 'Hand over to an archive, then delete')], default='delete', max_length=30, verbose_name='then')),
                ('hand_over_at_start', models.BooleanField(default=False, help_text='Build the archive package as soon as the period starts (seed 000: handed to the social services when the relationship ends), delete when it has passed.', verbose_name='hand over when the period starts')),
                ('receipt_required', models.BooleanField(default=False, help_text="Purge only after the receiving archive's receipt is recorded.", verbose_name="archive's receipt required")),
                ('archive_name', models.CharField(blank=True, max_length=200, verbose_name='receiving archive')),
                ('active', models.BooleanField(default=True, verbose_name='in use')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('register', models.ForeignKey(blank=True, help_text='Empty: every register (of the kind below).', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='retention_rules', to='clients.register', verbose_name='register')),
            ],
            options={
                'verbose_name': 'retention rule',
                'verbose_name_plural': 'retention rules',
                'ordering': ['record_kind', 'register_kind', 'code'],
            },
        ),
        migrations.CreateModel(
            name='ArchiveHandoff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('client_ref', models.PositiveBigIntegerField(db_index=True, verbose_name='client number')),
                ('archive_name', models.CharField(max_length=200, verbose_name='receiving archive')),
                ('built_on', models.DateField(verbose_name='built on')),
                ('path', models.CharField(help_text='Relative to ARCHIVE_ROOT.', max_length=300, unique=True, verbose_name='package folder')),
                ('package_sha256', models.CharField(max_length=64, verbose_name='package checksum (SHA-256 of manifest.json)')),
                ('data_sha256', models.CharField(max_length=64, verbose_name='SHA-256 of data.json')),
                ('file_count', models.PositiveIntegerField(verbose_name='files')),
                ('total_bytes', models.PositiveBigIntegerField(verbose_name='bytes')),
                ('status', models.CharField(choices=[('awaiting_receipt', "Awaiting the archive's receipt"), ('ready', 'Received (or no receipt needed): may be purged'), ('purged', 'Client purged'), ('superseded', 'Superseded by a newer package')], max_length=20, verbose_name='status')),
                ('receipt_required', models.BooleanField(verbose_name='receipt required')),
                ('receipt_reference', models.CharField(blank=True, max_length=200, verbose_name="archive's receipt reference")),
                ('received_on', models.DateField(blank=True, null=True, verbose_name='received by the archive on')),
                ('receipt_recorded_at', models.DateTimeField(blank=True, null=True, verbose_name='receipt recorded at')),
                ('created_at', models.DateTimeField(verbose_name='created')),
                ('verified_at', models.DateTimeField(blank=True, null=True, verbose_name='last verified')),
                ('purged_at', models.DateTimeField(blank=True, null=True, verbose_name='client purged at')),
                ('client', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='archive_handoffs', to='clients.client', verbose_name='client')),
                ('disclosure', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='clients.disclosure', verbose_name='disclosure log entry')),
                ('receipt_recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='receipt recorded by')),
                ('register', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='clients.register', verbose_name='register')),
                ('rule', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='handoffs', to='retention.retentionrule', verbose_name='rule')),
                ('run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='handoffs', to='retention.retentionrun', verbose_name='run')),
            ],
            options={
                'verbose_name': 'archive handoff',
                'verbose_name_plural': 'archive handoffs',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='PurgeRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rule_code', models.CharField(max_length=60, verbose_name='rule code at the time')),
                ('rule_name', models.CharField(max_length=200, verbose_name='rule name at the time')),
                ('action', models.CharField(choices=[('delete', 'Delete'), ('anonymise', 'Anonymise'), ('archive_then_delete', 'Hand over to an archive, then delete')], max_length=30, verbose_name='action')),
                ('client_count', models.PositiveIntegerField(verbose_name='clients')),
                ('counts', models.JSONField(default=dict, verbose_name='rows per model')),
                ('package_sha256', models.CharField(blank=True, max_length=64, verbose_name='package checksum')),
                ('anonymised_client_ref', models.PositiveBigIntegerField(blank=True, db_index=True, null=True, verbose_name='anonymised client number')),
                ('today', models.DateField(verbose_name='run for the day')),
                ('purged_at', models.DateTimeField(verbose_name='purged at')),
                ('handoff', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='purge_records', to='retention.archivehandoff', verbose_name='archive handoff')),
                ('register', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='clients.register', verbose_name='register')),
                ('rule', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='purge_records', to='retention.retentionrule', verbose_name='rule')),
                ('run', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='purge_records', to='retention.retentionrun', verbose_name='run')),
            ],
            options={
                'verbose_name': 'purge record',
                'verbose_name_plural': 'purge records',
                'ordering': ['-purged_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='RunFailure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('client_ref', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='client number')),
                ('stage', models.CharField(choices=[('rules', 'Working out the due date'), ('handoff', 'Building the archive package'), ('verify', 'Verifying the archive package'), ('purge', 'Purge'), ('access_logs', 'Removing old access-log entries'), ('files', 'Removing stored files')], max_length=20, verbose_name='stage')),
                ('error', models.TextField(verbose_name='error')),
                ('at', models.DateTimeField(verbose_name='time')),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='failures', to='retention.retentionrun', verbose_name='run')),
            ],
            options={
                'verbose_name': 'run failure',
                'verbose_name_plural': 'run failures',
                'ordering': ['at', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='LegalHold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.TextField(verbose_name='reason')),
                ('placed_at', models.DateTimeField(verbose_name='placed at')),
                ('until', models.DateField(blank=True, help_text='Empty: until released.', null=True, verbose_name='in force until')),
                ('released_at', models.DateTimeField(blank=True, null=True, verbose_name='released at')),
                ('release_note', models.CharField(blank=True, max_length=300, verbose_name='release note')),
                ('client', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='legal_holds', to='clients.client', verbose_name='client')),
                ('placed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='placed by')),
                ('register', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='legal_holds', to='clients.register', verbose_name='register')),
                ('released_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='released by')),
            ],
            options={
                'verbose_name': 'legal hold',
                'verbose_name_plural': 'legal holds',
                'ordering': ['-placed_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('client__isnull', False), ('register__isnull', True)), models.Q(('client__isnull', True), ('register__isnull', False)), _connector='OR'), name='legal_hold_client_or_register', violation_error_message='Choose either one client or a whole register for the legal hold, not both.')],
            },
        ),
        migrations.AddConstraint(
            model_name='archivehandoff',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['awaiting_receipt', 'ready'])), fields=('client_ref',), name='one_open_handoff_per_client', violation_error_message='The client already has an archive package waiting to be handed over or received.'),
        ),
        migrations.RunPython(install, uninstall),
    ]
