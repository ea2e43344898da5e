"""Default retention rules, editable in the admin afterwards.

Statutory: the annex of the Act on the processing of client data in healthcare and social
welfare (703/2023), as the National Archives restates it ("Sosiaalihuollon asiakasasiakirjojen
säilytysajat 1.1.2024 alkaen"), for client-records registers. The seeds' own promises: seed 000
(two weeks after the relationship ends, handed to the social services first) and seed 002
(client documents to the county archive when the relationship ends) are enforced; seed 001's
bookkeeping and booking periods and seed 003's return of material are documentation only."""

from django.db import migrations

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
    dependencies = [("retention", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
