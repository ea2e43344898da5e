"""The client's disclosure log as the client file shows it: what was disclosed to whom and what
was received from whom (seed 000: "jolta virheelliset tiedot on saatu tai jolle tiedot on
luovutettu")."""

from django.db.models import QuerySet

from ..models import Client, Disclosure


def disclosures_for_client(client: Client) -> QuerySet[Disclosure]:
    return client.disclosures.select_related("recorded_by", "representative", "recipient_controller").order_by(
        "-disclosed_at", "-pk")
