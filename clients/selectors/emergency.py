"""Reads for emergency access ("break the glass"): the grant in force, the purpose it writes into
the access log, and the register contact's review list, scoped to the viewer's organisation."""

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Case, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import Client, EmergencyAccess
from .oversight import security_staff_refusal
from .register import organisation_clients

AnyUser = User | AnonymousUser


def emergency_access_active(
    user: AnyUser, client: Client, *, now: datetime.datetime,
) -> EmergencyAccess | None:
    if not user.is_authenticated:
        return None
    return (EmergencyAccess.objects.filter(user=user.pk, client=client, started_at__lte=now,
                                           expires_at__gt=now).order_by("-expires_at").first())


def emergency_purpose(user: AnyUser, client: Client, *, now: datetime.datetime) -> str:
    """The purpose to write into an access-log entry when `user` looks at `client` under an
    emergency access ("" otherwise)."""
    access = emergency_access_active(user, client, now=now)
    return _("Emergency access: %(reason)s") % {"reason": access.reason} if access else ""


def emergency_accesses_for_review(user: AnyUser) -> QuerySet[EmergencyAccess]:
    """Emergency accesses to the viewer's organisation's clients, unreviewed first."""
    if security_staff_refusal(user) is not None:
        return EmergencyAccess.objects.none()
    return (EmergencyAccess.objects.filter(client__in=organisation_clients(user))
            .select_related("user", "client", "reviewed_by")
            .annotate(reviewed=Case(When(reviewed_at__isnull=True, then=Value(0)), default=Value(1)))
            .order_by("reviewed", "-started_at", "-pk"))


def emergency_access_for_review(user: AnyUser, pk: Any) -> EmergencyAccess:
    try:
        return emergency_accesses_for_review(user).get(pk=pk)
    except (EmergencyAccess.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
