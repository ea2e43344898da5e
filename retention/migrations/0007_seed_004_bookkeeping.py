"""Seed 004's billing register states the bookkeeping period of the Accounting Act (vouchers at
least six years from the end of the year in which the financial period ended). A notice may
state only periods its register's rules have (issue 18), so the period is a rule of that
register: documentation of what the bookkeeping keeps, not enforced by the nightly run. It is
attached to the register by `retention.services.seed_rules_attach` once the seed registers exist."""

from django.db import migrations

RULE = {
    "code": "seed-004-bookkeeping", "name": "Kirjanpitoaineisto (tositteet) kuusi vuotta",
    "legal_reference": "Kirjanpitolaki (1336/1997) 2 luku 10 §: tositteet säilytetään vähintään kuusi vuotta "
                       "sen vuoden lopusta, jona tilikausi päättyi.",
    "record_kind": "billing", "register_kind": "billing", "start_event": "document_date", "period_years": 6,
    "action": "delete",
}


def install(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    Register = apps.get_model("clients", "Register")
    rule, _created = RetentionRule.objects.get_or_create(code=RULE["code"], defaults={
        k: v for k, v in RULE.items() if k != "code"})
    register = Register.objects.filter(controller__business_id="9900004-2", slug="laskutus").first()
    if register is not None and rule.controller_id is None:
        rule.controller_id = register.controller_id
        rule.save(update_fields=["controller"])
        rule.registers.add(register)


def uninstall(apps, schema_editor):
    apps.get_model("retention", "RetentionRule").objects.filter(code=RULE["code"]).delete()


class Migration(migrations.Migration):

    dependencies = [("retention", "0006_log_rules"), ("clients", "0002_row_level_security")]

    operations = [migrations.RunPython(install, uninstall)]
