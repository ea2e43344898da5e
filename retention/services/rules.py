"""Rules belong to registers: a seed's own rule is attached to that seed's register only."""

from django.contrib.auth.models import User
from django.db import transaction

from clients.models import Register
from core.audit import acting_as

from ..constants import SEED_RULE_REGISTERS
from ..models import RetentionRule


@transaction.atomic
def seed_rules_attach(*, actor: User | None) -> list[RetentionRule]:
    """Attach each seed's own rule (seed 000's two weeks, seed 002's county archive, ...) to the
    register of that seed, once the seed registers exist (clients.seed_registers). A rule that
    already belongs to a controller is left as an admin made it. Returns the rules attached now."""
    attached = []
    with acting_as(actor):
        for code, (business_id, slug) in SEED_RULE_REGISTERS.items():
            rule = RetentionRule.objects.filter(code=code, controller__isnull=True, statutory=False).first()
            register = Register.objects.filter(controller__business_id=business_id, slug=slug).first()
            if rule is None or register is None:
                continue
            rule.controller_id = register.controller_id
            rule.save(update_fields=["controller", "updated_at"])
            rule.registers.add(register)
            attached.append(rule)
    return attached
