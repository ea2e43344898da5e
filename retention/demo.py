"""Demo data for retention: the seed registers get their own seeds' rules, the demo county keeps
its own rule for its purchased-services register (hand the client documents to its archive when
the relationship ends), and one legal hold, so that the run, the two-week notice and the client
file show what a hold looks like. The statutory defaults come from the migrations."""

from clients.constants import RegisterKind
from clients.demo import DemoContext
from clients.models import Client

from .constants import Action, StartEvent
from .models import RetentionRule
from .services import legal_hold_place, seed_rules_attach


def populate(ctx: DemoContext, *, clients: int) -> None:
    if ctx.admin is None or not ctx.organisations:
        return
    seed_rules_attach(actor=ctx.admin)
    county = ctx.organisations[1] if len(ctx.organisations) > 1 else ctx.organisations[0]
    purchased = [r for r in county.registers if r.kind == RegisterKind.PURCHASED_SERVICES]
    if purchased and not RetentionRule.objects.filter(code="demo-county-archive").exists():
        rule = RetentionRule.objects.create(
            code="demo-county-archive", name="Asiakasasiakirjat hyvinvointialueen arkistoon",
            legal_reference="Hyvinvointialueen ohje palveluntuottajalle (demo).", controller=county.controller,
            register_kind=RegisterKind.PURCHASED_SERVICES, start_event=StartEvent.RELATIONSHIP_ENDED,
            action=Action.ARCHIVE_THEN_DELETE, receipt_required=True, archive_name="Hyvinvointialueen arkisto")
        rule.registers.set(purchased)
    # A purchased-services client whose relationship has ended: due under the county's rule, so the
    # run reports the hold.
    ended = (Client.objects.filter(register__in=county.registers, relationship_ended__isnull=False)
             .order_by("pk").first())
    if ended is None:
        return
    legal_hold_place(actor=county.contact, client=ended,
                     reason="Demo: asiakkaan valitus aluehallintovirastossa kesken, tiedot säilytetään.")
    ctx.log(f"retention: legal hold on client #{ended.pk}")
