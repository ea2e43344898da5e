"""Placing and releasing legal holds. A hold in force keeps the client (or every client of the
register) from being purged, whatever the rules say; the run reports it every night."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client, Register
from core.audit import acting_as

from ..models import LegalHold


@transaction.atomic
def legal_hold_place(
    *, actor: User, reason: str, client: Client | None = None, register: Register | None = None,
    until: datetime.date | None = None, when: datetime.datetime | None = None,
) -> LegalHold:
    """Put a client, or a whole register, on hold. The reason is required and kept."""
    if (client is None) == (register is None):
        raise ValidationError(_("A legal hold is placed on either a client or a register."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the legal hold.")})
    when = when or timezone.now()
    if until is not None and until < timezone.localdate(when):
        raise ValidationError({"until": _("The hold cannot end before it is placed.")})
    with acting_as(actor):
        hold = LegalHold(client=client, register=register, reason=reason.strip(), until=until,
                         placed_by=actor, placed_at=when)
        hold.full_clean()
        hold.save()
    return hold


@transaction.atomic
def legal_hold_release(
    *, actor: User, hold: LegalHold, note: str = "", when: datetime.datetime | None = None,
) -> LegalHold:
    """End a hold now; the row stays with who released it and when."""
    if hold.released_at is not None:
        raise ValidationError(_("This legal hold has already been released."))
    with acting_as(actor):
        hold.released_at = when or timezone.now()
        hold.released_by = actor
        hold.release_note = note.strip()[:300]
        hold.save(update_fields=["released_at", "released_by", "release_note"])
    return hold
