"""The client file's consents section. `clients` never imports `consents`, so the clients
template asks for it: {% load consents_tags %}{% client_consents client %}."""

from typing import Any

from django import template
from django.utils import timezone

from clients.models import Client

from .. import selectors

register = template.Library()


@register.inclusion_tag("consents/_client_consents.html", takes_context=True)
def client_consents(context: template.Context, client: Client) -> dict[str, Any]:
    today = context.get("today") or timezone.localdate()
    return {"client": client, **selectors.client_consents(client, today=today)}
