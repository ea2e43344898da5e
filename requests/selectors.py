"""Reads of data-subject requests. `clients_with_open_requests` is what retention reads: an open
request is an automatic legal hold on its client."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from clients.constants import RepresentativeRole
from clients.models import AccessEntry, Client, Disclosure
from clients.selectors import clients_visible_to, user_roles
from consents.constants import ProhibitionKind
from consents.models import Consent, Prohibition
from core.roles import Role

from .constants import ACCESS_LOG_YEARS, DUE_SOON_DAYS, OPEN_STATUSES, RequesterRole, RequestType
from .models import DataSubjectRequest, add_months

# Requests whose answer discloses the client's data to the requester.
DISCLOSING_TYPES = (RequestType.ACCESS, RequestType.PORTABILITY, RequestType.ACCESS_LOG)
# Requests after which the recipients of the data are told (GDPR Art 19).
ART19_TYPES = (RequestType.RECTIFICATION, RequestType.ERASURE, RequestType.RESTRICTION)
# Requests answered by withdrawing consents or recording prohibitions.
OBJECTION_TYPES = (RequestType.OBJECTION, RequestType.CONSENT_WITHDRAWAL)
HANDOUT_ROLES = frozenset({Role.ADMIN, Role.REGISTER_CONTACT})


def may_hand_out(user: User | AnonymousUser) -> bool:
    """Only register contacts and admins hand the client's data out in answer to a request or
    carry out an erasure; a caseworker sees the request but not these."""
    return bool(user_roles(user) & HANDOUT_ROLES)


def requests_visible_to(user: User | AnonymousUser) -> QuerySet[DataSubjectRequest]:
    return DataSubjectRequest.objects.filter(client__in=clients_visible_to(user))


@dataclass(frozen=True)
class QueueRow:
    request: DataSubjectRequest
    due_on: datetime.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return 0 <= self.days_left <= DUE_SOON_DAYS


def request_queue(user: User | AnonymousUser, *, today: datetime.date) -> list[QueueRow]:
    """Open requests, most urgent first (overdue, then due soonest)."""
    rows = [QueueRow(r, r.due_on, (r.due_on - today).days) for r in
            requests_visible_to(user).filter(status__in=OPEN_STATUSES).select_related("client", "handler")]
    return sorted(rows, key=lambda row: (row.due_on, row.request.pk))


def clients_with_open_requests() -> QuerySet[Client]:
    """Clients on automatic legal hold: they have a request that is not completed."""
    return Client.objects.filter(data_subject_requests__status__in=OPEN_STATUSES).distinct()


def access_requests_in_previous_year(request: DataSubjectRequest) -> int:
    """Seed 004 promises one free access a year: earlier access requests of the same client in
    the 12 months before this one (advice for the handler, not a rule)."""
    return DataSubjectRequest.objects.filter(
        client=request.client, type=RequestType.ACCESS, received_on__gt=add_months(request.received_on, -12),
        received_on__lte=request.received_on,
    ).exclude(pk=request.pk).count()


def requester_refusal(request: DataSubjectRequest) -> str | None:
    """Why the requester may not receive the client's data, or None.

    Seed 003: someone outside the register has no right of access even if mentioned in a
    client's records; a guardian receives nothing the minor has prohibited."""
    from django.utils.translation import gettext as _

    if request.requester_role == RequesterRole.CLIENT:
        return None
    rep = request.representative
    if rep is None or rep.client_id != request.client_id or rep.role != request.requester_role:
        return _("The requester is not recorded as the client's guardian or legal representative.")
    if not rep.is_valid_on(request.received_on):
        return _("%(name)s was not the client's valid representative when the request was received.") % {
            "name": rep.full_name}
    if (request.type in DISCLOSING_TYPES and rep.role == RepresentativeRole.GUARDIAN
            and rep.disclosure_prohibited):
        return _("The minor, able to decide given their age and development, has prohibited disclosing "
                 "their information to this guardian, and withholding it does not endanger the child.")
    return None


@dataclass(frozen=True)
class AccessLogReport:
    entries: list[AccessEntry]
    disclosures: list[Disclosure]
    since: datetime.datetime | None

    @property
    def complete(self) -> bool:
        return self.since is None


def access_log_report(request: DataSubjectRequest, *, now: datetime.datetime) -> AccessLogReport:
    """Who has viewed or received the client's data (Act 703/2023 § 11). Entries older than two
    years only when the handler recorded a special reason."""
    since = None if request.old_logs_reason.strip() else now.replace(year=now.year - ACCESS_LOG_YEARS)
    entries = AccessEntry.objects.filter(client=request.client, granted=True).select_related("user")
    disclosures = Disclosure.objects.filter(client=request.client, direction="out")
    if since is not None:
        entries, disclosures = entries.filter(at__gte=since), disclosures.filter(disclosed_at__gte=since)
    return AccessLogReport(list(entries.order_by("at")), list(disclosures.order_by("disclosed_at")), since)


def art19_recipients(request: DataSubjectRequest) -> list[Disclosure]:
    """Everyone the client's data was disclosed to before the request: they are told of a
    rectification, erasure or restriction (GDPR Art 19)."""
    seen: dict[str, Disclosure] = {}
    for disclosure in Disclosure.objects.filter(client=request.client, direction="out").order_by("-disclosed_at"):
        seen.setdefault(disclosure.recipient_name, disclosure)
    return list(seen.values())


def consents_in_force(request: DataSubjectRequest, *, today: datetime.date) -> list[Consent]:
    """The client's consents in force on `today`: what an objection or a withdrawal can end."""
    consents = request.client.consents.select_related("purpose", "recipient_representative")
    return [consent for consent in consents.order_by("purpose__name", "pk") if consent.in_force_on(today)]


def marketing_prohibition(request: DataSubjectRequest, *, today: datetime.date) -> Prohibition | None:
    """The client's direct-marketing prohibition in force on `today`, if any."""
    for prohibition in request.client.prohibitions.filter(kind=ProhibitionKind.DIRECT_MARKETING):
        if prohibition.in_force_on(today):
            return prohibition
    return None
