from django import template

register = template.Library()


@register.filter
def status_on(client, day):  # type: ignore[no-untyped-def]
    """{{ client|status_on:today }}"""
    return client.status_on(day)


@register.filter
def valid_on(representative, day):  # type: ignore[no-untyped-def]
    return representative.is_valid_on(day)
