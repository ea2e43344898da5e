"""Retention in other apps' templates, without those apps importing retention:

    {% load retention_tags %}{% retention_due client %}        the client file's line
    {% retention_rules_for register as rules %}                   a privacy notice's enforced rules
    {% retention_notice_sentences register as sentences %}        those rules as the notice's sentences
    {% retention_status_of client as status %}                    the client's own due date (an access report)
    {% retention_case_due case %}                                 a case's own removal date
"""

import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from clients.models import Case, Client, Register

from .. import selectors
from ..notice_text import NoticeSentence, notice_sentences

register = template.Library()


@register.inclusion_tag("retention/_client_due.html", takes_context=True)
def retention_due(context: template.Context, client: Client) -> dict[str, Any]:
    """When the client's data will be removed at the earliest and by which rule, or why not."""
    today: datetime.date = context.get("today") or timezone.localdate()
    rules = selectors.client_file_rules()
    register_key = (client.register.kind, client.register.controller_id)
    client_cases = list(client.cases.all())
    status = selectors.client_retention(client, rules, today, register=register_key, cases=client_cases)
    hold, handoff = selectors.client_hold_and_handoff(client, today=today)
    cases = [c for c in selectors.case_retentions(client, rules, register=register_key, cases=client_cases)
             if c.removable and c.due_on is not None]
    return {
        "client": client, "status": status, "today": today, "handoff": handoff, "cases": cases,
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


@register.simple_tag(takes_context=True)
def retention_case_due(context: template.Context, case: Case) -> str:
    """One case's line in the client file: when its own records (entries under its granted
    services, the granted services, plans, agreements and documents filed under it) are removed,
    why not yet, or that they are kept with the client's basic data. The client's cases are worked
    out once per page."""
    today: datetime.date = context.get("today") or timezone.localdate()
    if case.records_removed_on is not None:
        return format_html("<p class=\"help\">{}</p>", _("The records of this case were removed on %(date)s.")
                           % {"date": f"{case.records_removed_on:%-d.%-m.%Y}"})
    key = f"retention_case_due:{case.client_id}"
    if key not in context.render_context:
        # The page's own client and cases when it lists them (the services part): no query but the rules'.
        client = context.get("client")
        if not isinstance(client, Client) or client.pk != case.client_id:
            client = Client.objects.select_related("register").get(pk=case.client_id)
        cases = context.get("cases")
        listed = list(cases) if cases is not None and case in cases else None
        context.render_context[key] = {
            c.case.pk: c for c in selectors.case_retentions(client, selectors.client_file_rules(), cases=listed)}
    found = context.render_context[key].get(case.pk)
    if found is None or not found.applicable:
        text = _("The records of this case are kept with the client's basic data.")
    elif found.waiting_for:
        text = _("The records of this case are kept: waiting for %(what)s (rule: %(rule)s).") % {
            "what": found.waiting_for_label, "rule": found.rule.name if found.rule else ""}
    elif found.archive is not None:
        text = _("The records of this case are handed over to %(archive)s and removed here on %(date)s at the "
                 "earliest (rule: %(rule)s).") % {
            "archive": found.archive.rule.archive_name, "date": f"{found.due_on:%-d.%-m.%Y}",
            "rule": found.rule.name if found.rule else ""}
    else:
        text = _("The records of this case are removed on %(date)s at the earliest (rule: %(rule)s).") % {
            "date": f"{found.due_on:%-d.%-m.%Y}", "rule": found.rule.name if found.rule else ""}
        if found.due_on is not None and found.due_on <= today:
            text += " " + _("Due: the next nightly run removes them.")
    return format_html("<p class=\"help\">{}</p>", text)
