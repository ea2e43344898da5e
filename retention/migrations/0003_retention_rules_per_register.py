"""Rules belong to registers (issue 18).

Before, a rule without a register applied to every controller's registers of its kind, so seed
000's "two weeks after the relationship ends" and seed 002's county archive became every
provider's promise. Now:
- the Act 703/2023 defaults are marked statutory and keep applying by register kind;
- every other rule belongs to one controller and names its registers (a rule that had a register
  keeps it); a seed's own rule names only that seed's register, when the register exists (see
  SEED_RULE_REGISTERS; `retention.services.seed_rules_attach` does the same later, when the seed
  registers are made after this migration), and otherwise applies to nothing."""

import django.db.models.deletion
from django.db import migrations, models

# (business ID, register slug) of the seed register whose own promise each seed rule is.
SEED_RULE_REGISTERS = {
    "seed-000-two-weeks": ("2747637-5", "asiakasrekisteri"),
    "seed-001-bookkeeping": ("3157784-9", "asiakasrekisteri"),
    "seed-001-booking": ("3157784-9", "asiakasrekisteri"),
    "seed-002-county-archive": ("9900002-6", "asiakasrekisteri"),
    "seed-003-return-material": ("3009687-5", "asiakasrekisteri"),
}


def forwards(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    Register = apps.get_model("clients", "Register")
    for rule in RetentionRule.objects.all():
        if rule.code.startswith("statutory-") and rule.register_id is None:
            rule.statutory = True
            rule.save(update_fields=["statutory"])
            continue
        register = None
        if rule.register_id is not None:
            register = Register.objects.get(pk=rule.register_id)
        elif rule.code in SEED_RULE_REGISTERS:
            business_id, slug = SEED_RULE_REGISTERS[rule.code]
            register = Register.objects.filter(controller__business_id=business_id, slug=slug).first()
        if register is not None:
            rule.controller_id = register.controller_id
            rule.save(update_fields=["controller"])
            rule.registers.add(register)


def backwards(apps, schema_editor):
    RetentionRule = apps.get_model("retention", "RetentionRule")
    for rule in RetentionRule.objects.all():
        first = rule.registers.order_by("pk").first()
        if first is not None:
            rule.register_id = first.pk
            rule.save(update_fields=["register"])


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0002_row_level_security"),
        ("retention", "0002_row_level_security"),
    ]

    operations = [
        migrations.AlterField(
            model_name="retentionrule", name="register",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="clients.register", verbose_name="register"),
        ),
        migrations.AddField(
            model_name="retentionrule", name="statutory",
            field=models.BooleanField(default=False, help_text="A period set by law for every controller's registers of the kind below (platform administrator only).", verbose_name="statutory default"),
        ),
        migrations.AddField(
            model_name="retentionrule", name="controller",
            field=models.ForeignKey(blank=True, help_text="The organisation whose rule this is. Empty only for a statutory default.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="retention_rules", to="clients.controller", verbose_name="controller"),
        ),
        migrations.AddField(
            model_name="retentionrule", name="registers",
            field=models.ManyToManyField(blank=True, help_text="The registers the rule applies to. Empty: every register of the controller of the kind below.", related_name="retention_rules", to="clients.register", verbose_name="registers"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="retentionrule", name="register"),
    ]
