"""A default rule per log kind that outlives the client (issue 18): access log, disclosures,
data-subject requests, Art 19 notifications, emergency accesses, breach links. Each is counted
from the record's own date and applies to every controller's registers; an admin can edit it.
Where the period could not be confirmed on Finlex when this was written, the rule says so."""

from django.db import migrations, models


UNCONFIRMED = ("Säilytysaikaa ei voitu varmistaa Finlexistä tätä oletusta kirjoitettaessa: tarkista ja muuta "
               "tarvittaessa. ")


def log_rule(code, name, record_kind, years, source):
    return {"code": code, "name": name, "record_kind": record_kind, "period_years": years,
            "legal_reference": source, "statutory": True, "register_kind": "", "applies_to": "all_clients",
            "start_event": "document_date", "action": "delete"}


RULES = [
    log_rule("log-access", "Käyttöloki 12 vuotta merkinnästä", "access_logs", 12,
             UNCONFIRMED + "12 vuotta on sosiaali- ja terveydenhuollon käyttölokitiedoille yleisesti käytetty "
             "säilytysaika (laki 703/2023, THL:n määräys lokitiedoista); asiakkaan oikeus saada tieto "
             "lokeista koskee kahta vuotta (703/2023 § 11)."),
    log_rule("log-disclosures", "Luovutusloki 12 vuotta luovutuksesta", "disclosure_logs", 12,
             UNCONFIRMED + "Luovutusloki säilytetään kuten käyttöloki (703/2023); se vastaa tietosuoja-asetuksen "
             "15 artiklan 1 c kohdan kysymykseen ja 19 artiklan ilmoituksiin."),
    log_rule("log-requests", "Tietopyynnöt (laji, päivät, ratkaisu) 5 vuotta vastaanotosta", "request_records", 5,
             UNCONFIRMED + "Laki ei säädä määräaikaa; tietosuoja-asetuksen 5 artiklan 2 kohdan osoitusvelvollisuus. "
             "Viisi vuotta on oletus."),
    log_rule("log-art19", "19 artiklan ilmoitukset 5 vuotta ilmoituksesta", "art19_notifications", 5,
             UNCONFIRMED + "Laki ei säädä määräaikaa; tietosuoja-asetuksen 19 artikla ja 5 artiklan 2 kohta. "
             "Viisi vuotta on oletus; ilmoitus poistuu viimeistään pyyntönsä mukana."),
    log_rule("log-emergency", "Hätäkäytöt ja niiden tarkastukset 12 vuotta", "emergency_reviews", 12,
             UNCONFIRMED + "Hätäkäyttö on osa käyttölokia (703/2023): sama 12 vuoden oletus."),
    log_rule("log-breaches", "Tietoturvaloukkausten asiakaslinkit ja ilmoitukset 5 vuotta", "breach_links", 5,
             UNCONFIRMED + "Tietosuoja-asetuksen 33 artiklan 5 kohta vaatii dokumentoinnin mutta ei säädä "
             "määräaikaa. Viisi vuotta loukkauksen havaitsemisesta on oletus."),
]


def add_rules(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    for rule in RULES:
        RetentionRule.objects.get_or_create(code=rule["code"], defaults={k: v for k, v in rule.items() if k != "code"})


def remove_rules(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(
        code__in=[r["code"] for r in RULES], purge_records__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('retention', '0005_help_texts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='retentionrule',
            name='record_kind',
            field=models.CharField(choices=[('client_file', 'Client file (the client and everything recorded about them)'), ('documents', 'Documents'), ('billing', 'Billing and bookkeeping material'), ('booking', 'Booking data'), ('marketing_consents', 'Marketing consents'), ('access_logs', 'Access logs'), ('disclosure_logs', 'Disclosure log'), ('request_records', 'Data-subject requests (type, dates, outcome)'), ('art19_notifications', 'Art 19 notifications to recipients'), ('emergency_reviews', 'Emergency accesses and their reviews'), ('breach_links', "Breaches' links to affected clients and notices to them")], default='client_file', max_length=30, verbose_name='records'),
        ),
        migrations.AlterField(
            model_name='runfailure',
            name='stage',
            field=models.CharField(choices=[('rules', 'Working out the due date'), ('handoff', 'Building the archive package'), ('verify', 'Verifying the archive package'), ('purge', 'Purge'), ('access_logs', 'Removing old access-log entries'), ('kept_logs', "Removing purged clients' logs past their own period"), ('files', 'Removing stored files')], max_length=20, verbose_name='stage'),
        ),
        migrations.RunPython(add_rules, remove_rules),
    ]
