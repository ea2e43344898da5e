"""Change history (django-auditlog): how secrets are masked, and how code outside a request names
the acting user. Which models are tracked is each app's own business (its apps.py)."""

import contextlib
from collections.abc import Iterator

from auditlog.context import auditlog_value, set_actor
from django.contrib.auth.models import AbstractBaseUser

MASK = "*" * 4


def mask_fully(value: str) -> str:
    """AUDITLOG_MASK_CALLABLE: nothing of the value stays readable (auditlog's default leaves half)."""
    return MASK if value not in ("", "None") else value


@contextlib.contextmanager
def acting_as(actor: AbstractBaseUser | None) -> Iterator[None]:
    """Attribute every change made inside the block to `actor` (management commands, services
    run outside a request). Blocks nest: django-auditlog's own context forgets the outer actor
    when an inner block ends, so the outer one is put back here."""
    if actor is None:
        yield
        return
    outer = auditlog_value.get(None)  # the enclosing block's (or the request's), if any
    try:
        with set_actor(actor):
            yield
    finally:
        if outer is not None:
            auditlog_value.set(outer)
