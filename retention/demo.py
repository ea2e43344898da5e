"""Demo data for retention: one legal hold, so that the run, the two-week notice and the client
file show what a hold looks like. The rules themselves come from the migrations; the demo's ended
purchased-service clients fall due under seed 002's rule and `retention_run --dry-run` lists
them."""

from clients.demo import DemoContext
from clients.models import Client

from .services import legal_hold_place


def populate(ctx: DemoContext, *, clients: int) -> None:
    if ctx.admin is None or not ctx.organisations:
        return
    # A purchased-services client whose relationship has ended: due under seed 002's rule, so the
    # run reports the hold.
    county = ctx.organisations[1] if len(ctx.organisations) > 1 else ctx.organisations[0]
    ended = (Client.objects.filter(register__in=county.registers, relationship_ended__isnull=False)
             .order_by("pk").first())
    if ended is None:
        return
    legal_hold_place(actor=county.contact, client=ended,
                     reason="Demo: asiakkaan valitus aluehallintovirastossa kesken, tiedot säilytetään.")
    ctx.log(f"retention: legal hold on client #{ended.pk}")
