"""Retention in other apps' templates, without those apps importing retention:

    {% load retention_tags %}{% retention_due client %}        the client file's line
    {% retention_rules_for register as rules %}                   a privacy notice's enforced rules
    {% retention_notice_sentences register as sentences %}        those rules as the notice's sentences


    {% retention_status_of client as status %}                    the client's own due date (an access report)
"""

import datetime
from typing import Any

from django import template
from django.utils import timezone

from clients.models import Client, Register

from .. import selectors
from ..notice_text import NoticeSentence, notice_sentences

register = template.Library()


@register.inclusion_tag("retention/_client_due.html", takes_context=True)
def retention_due(context: template.Context, client: Client) -> dict[str, Any]:
    """When the client's data will be removed at the earliest and by which rule, or why not."""
    today: datetime.date = context.get("today") or timezone.localdate()
    status = selectors.client_retention(client, selectors.client_file_rules(), today)
    hold, handoff = selectors.client_hold_and_handoff(client, today=today)
    return {
        "client": client, "status": status, "today": today, "handoff": handoff,
        "hold_label": selectors.HoldReason.LABELS[hold] if hold else "",
        "due": status.is_due(today),
    }


@register.simple_tag
def retention_rules_for(register_obj: Register) -> list:
    """The rules the nightly run enforces for this register: all a privacy notice may promise."""
    return selectors.rules_for_notice(register_obj)


@register.simple_tag
def retention_notice_sentences(register_obj: Register) -> list[NoticeSentence]:
    """The enforced rules of this register as plain sentences in the active language."""
    return notice_sentences(register_obj)


@register.simple_tag(takes_context=True)
def retention_status_of(context: template.Context, client: Client) -> Any:
    """The client's own removal date and rule, or what it waits for (GDPR Art 15(1)(d))."""
    today: datetime.date = context.get("today") or timezone.localdate()
    return selectors.client_retention(client, selectors.client_file_rules(), today)
