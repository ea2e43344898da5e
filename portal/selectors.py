"""Reads of the client's own pages. Who the signed-in person is here, and nothing of anyone
else's: every query is filtered by the client records the person may see (their own, and those
of a child or ward they act for today), inside a database scope of only those records' registers.
"""

import datetime
import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import QuerySet
from django.db.utils import DEFAULT_DB_ALIAS
from django.utils.crypto import constant_time_compare, salted_hmac

from clients.constants import AccessKind, ClientKind, RepresentativeRole
from clients.models import (
    AccessEntry,
    Client,
    Disclosure,
    Representative,
    ServiceAgreement,
    ServicePlan,
)
from clients.selectors.access_groups import ViewGroup, access_rows
from consents.models import EmailSubscriber
from core.roles import Role
from core.scope import scope_set, system_scope_for_one_write
from requests.constants import ACCESS_LOG_YEARS, ReleasedDocument, RequesterRole
from requests.models import DataSubjectRequest, Release, ReleasedCopy, add_months

from .models import Withholding

ACTING_ROLES = (RepresentativeRole.GUARDIAN, RepresentativeRole.LEGAL_REPRESENTATIVE)


@dataclass(frozen=True)
class Link:
    """One client record the person may see: their own, or one they act for."""

    client_id: int
    register_id: int
    role: str  # "self", or the representative's role
    representative_id: int | None = None


@dataclass(frozen=True)
class PersonLinks:
    links: tuple[Link, ...]
    withheld: int = 0  # children whose data a guardian cannot see here (prohibition, address protection)
    withheld_representative_ids: tuple[int, ...] = ()

    @property
    def own_client_ids(self) -> list[int]:
        return [link.client_id for link in self.links if link.role == "self"]

    @property
    def representative_ids(self) -> list[int]:
        acting = [link.representative_id for link in self.links if link.representative_id is not None]
        return acting + list(self.withheld_representative_ids)

    @property
    def register_ids(self) -> list[int]:
        return sorted({link.register_id for link in self.links})

    @property
    def client_ids(self) -> list[int]:
        return [link.client_id for link in self.links]

    def link_for(self, client_id: int) -> Link | None:
        return next((link for link in self.links if link.client_id == client_id), None)


def _guardian_blocked(representative: Representative) -> bool:
    """Seed 003: a minor able to decide may prohibit disclosure to a guardian; an address-protected
    child's data is never shown to a guardian here either."""
    return representative.role == RepresentativeRole.GUARDIAN and (
        representative.disclosure_prohibited or representative.client.address_protected)


def person_links(*, identity_code: str, today: datetime.date) -> PersonLinks:
    """Every client record in every register of every organisation that this identity code may see
    today. The one look across all registers (system scope, inside its own savepoint): only ids
    leave it."""
    code = identity_code.strip().upper()
    if not code:
        return PersonLinks(links=())
    links: list[Link] = []
    withheld = 0
    withheld_ids: list[int] = []
    with system_scope_for_one_write():
        for client_id, register_id in Client.objects.filter(
                identity_code=code, kind=ClientKind.PERSON).values_list("pk", "register_id"):
            links.append(Link(client_id=client_id, register_id=register_id, role="self"))
        for representative in Representative.objects.filter(
                identity_code=code, role__in=ACTING_ROLES).select_related("client"):
            if not representative.is_valid_on(today) or representative.client.identity_code == code:
                continue
            if _guardian_blocked(representative):
                withheld += 1
                withheld_ids.append(representative.pk)
                continue
            links.append(Link(client_id=representative.client_id, register_id=representative.client.register_id,
                              role=representative.role, representative_id=representative.pk))
    return PersonLinks(links=tuple(links), withheld=withheld, withheld_representative_ids=tuple(withheld_ids))


def identity_key(identity_code: str) -> str:
    """A keyed hash of an identity code: what the session keeps instead of the code itself."""
    return salted_hmac("portal.person.session", identity_code.strip().upper()).hexdigest()


def person_links_again(*, key: str, client_ids: list[int], representative_ids: list[int],
                       today: datetime.date) -> PersonLinks:
    """The links found at sign-in, checked again today without the identity code in clear: each
    record must still carry a code with this keyed hash, a representative must still be in force
    and not blocked (a guardianship that ended, or a prohibition recorded since, ends the view at
    once)."""
    links: list[Link] = []
    withheld = 0
    withheld_ids: list[int] = []
    with system_scope_for_one_write():
        for client_id, register_id, code in Client.objects.filter(
                pk__in=client_ids, kind=ClientKind.PERSON).values_list("pk", "register_id", "identity_code"):
            if code and constant_time_compare(identity_key(code), key):
                links.append(Link(client_id=client_id, register_id=register_id, role="self"))
        for representative in Representative.objects.filter(
                pk__in=representative_ids, role__in=ACTING_ROLES).select_related("client"):
            if not (representative.identity_code and constant_time_compare(
                    identity_key(representative.identity_code), key)):
                continue
            if not representative.is_valid_on(today):
                continue
            if _guardian_blocked(representative):
                withheld += 1
                withheld_ids.append(representative.pk)
                continue
            links.append(Link(client_id=representative.client_id, register_id=representative.client.register_id,
                              role=representative.role, representative_id=representative.pk))
    return PersonLinks(links=tuple(links), withheld=withheld, withheld_representative_ids=tuple(withheld_ids))


def portal_scope_set(links: PersonLinks, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The request's database scope: only the registers where the person has a record they may see
    (transaction-local; RegisterScopeMiddleware's transaction ends it)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        scope_set(connection, ",".join(str(pk) for pk in links.register_ids), local=True)


def own_clients(links: PersonLinks) -> QuerySet[Client]:
    return (Client.objects.filter(pk__in=links.client_ids)
            .select_related("register", "register__controller").order_by("register__controller__name", "pk"))


def own_client(links: PersonLinks, client_id: int) -> Client | None:
    if links.link_for(client_id) is None:
        return None
    return own_clients(links).filter(pk=client_id).first()


@dataclass
class RecordPage:
    client: Client
    link: Link
    representatives: list[Representative]
    plan: ServicePlan | None
    agreements: list[ServiceAgreement]
    requests: list[DataSubjectRequest]


def record_page(client: Client, link: Link, *, today: datetime.date) -> RecordPage:
    """What the record's page shows besides consents: the people, the current plan, the agreements
    in force, the requests with their state and deadline."""
    representatives = [r for r in client.representatives.all() if r.is_valid_on(today)]
    plan = ServicePlan.objects.filter(client=client).order_by("-version").first()
    agreements = [a for a in ServiceAgreement.objects.filter(client=client).order_by("-valid_from")
                  if a.valid_until is None or a.valid_until >= today]
    requests = list(DataSubjectRequest.objects.filter(client=client).order_by("-received_on", "-pk"))
    return RecordPage(client=client, link=link, representatives=representatives, plan=plan,
                      agreements=agreements, requests=requests)


# The documents released to the person ------------------------------------------------------

def _released_to(client: Client, link: Link) -> QuerySet[Release]:
    """The releases made to the person behind `link` in answer to requests about `client`: to
    the client themself those of the client's own requests; to a guardian or legal representative
    those of the requests they made themselves (never what was released to the client, nor to
    another representative)."""
    releases = Release.objects.filter(request__client=client)
    if link.role == "self":
        return releases.filter(recipient_role=RequesterRole.CLIENT, request__requester_role=RequesterRole.CLIENT)
    if link.representative_id is None:
        return releases.none()
    return releases.filter(request__representative_id=link.representative_id).exclude(
        recipient_role=RequesterRole.CLIENT)


@dataclass(frozen=True)
class ReleasedItem:
    release: Release
    kept: bool  # its bytes are kept (ReleasedCopy); documents released before that: ask the contact


def released_documents(client: Client, link: Link) -> list[ReleasedItem]:
    """What was released to the person for their requests, newest first, and whether each can be
    downloaded again here."""
    releases = _released_to(client, link).select_related("request").order_by("-released_at", "-pk")
    kept = set(ReleasedCopy.objects.filter(release__in=releases).values_list("release_id", flat=True))
    return [ReleasedItem(release=release, kept=release.pk in kept) for release in releases]


@dataclass(frozen=True)
class ReleasedFile:
    content: bytes
    content_type: str
    extension: str
    release: Release


def released_file(client: Client, link: Link, release_id: int) -> ReleasedFile | None:
    """One released document's kept bytes, if it was released to this person and its bytes are
    still those released (their SHA-256 is the Release's); else None (a 404)."""
    release = _released_to(client, link).filter(pk=release_id).first()
    copy = ReleasedCopy.objects.filter(release=release, client=client).first() if release else None
    if release is None or copy is None:
        return None
    content = bytes(copy.content)
    if hashlib.sha256(content).hexdigest() != release.sha256:
        return None
    zipped = release.document == ReleasedDocument.PORTABILITY
    return ReleasedFile(content=content, content_type="application/zip" if zipped else "application/pdf",
                        extension="zip" if zipped else "pdf", release=release)


# The statement of who has looked at or received the data -----------------------------------

PORTAL_KINDS = (AccessKind.OWN_PAGES, AccessKind.REPRESENTATIVE_PAGES)


@dataclass
class LookLine:
    """One row of the statement: consecutive views grouped by the one rule
    (clients.selectors.access_groups), with their purpose and basis or what was not recorded."""

    at: datetime.datetime
    organisation: str
    role: str
    worker: str
    part: str
    purpose: str
    group: ViewGroup[AccessEntry]
    basis: str = ""
    not_recorded: str = ""

    @property
    def neither_recorded(self) -> bool:
        return not self.purpose and not self.basis


@dataclass
class DisclosureLine:
    at: datetime.datetime
    recipient: str
    recipient_kind: str
    content: str
    legal_basis: str
    direction: str


@dataclass
class StatementMonth:
    month: datetime.date
    looks: list[LookLine] = field(default_factory=list)
    disclosures: list[DisclosureLine] = field(default_factory=list)


@dataclass
class Statement:
    since: datetime.date
    months: list[StatementMonth]
    own_visits: int  # the person's own looks on these pages, counted, not listed

    @property
    def empty(self) -> bool:
        return not self.months


def _role_label(names: set[str]) -> str:
    for role in (Role.ADMIN, Role.REGISTER_CONTACT, Role.CASEWORKER):
        if role.value in names:
            return str(role.label)
    return ""


def access_statement(client: Client, *, today: datetime.date) -> Statement:
    """Act 703/2023 § 11: who has looked at the client's data and to whom it was disclosed over the
    last two years, newest month first; per look the date, organisation, role, the worker's name,
    what part and the purpose. The person's own visits to these pages are counted, not listed."""
    since = add_months(today, -12 * ACCESS_LOG_YEARS)
    entries = (AccessEntry.objects.filter(client=client, at__date__gte=since, granted=True)
               .select_related("user", "user__worker_profile__controller").prefetch_related("user__groups"))
    months: dict[datetime.date, StatementMonth] = OrderedDict()
    own_visits = 0

    def month_of(moment: datetime.datetime) -> StatementMonth:
        key = moment.date().replace(day=1)
        return months.setdefault(key, StatementMonth(month=key))

    for row in access_rows(entries.exclude(kind__in=PORTAL_KINDS)):
        entry = row.entry
        profile = getattr(entry.user, "worker_profile", None)
        month_of(row.group.first).looks.append(LookLine(
            at=row.group.first, organisation=profile.controller.name if profile else "",
            role=_role_label({g.name for g in entry.user.groups.all()}),
            worker=entry.user.get_full_name() or entry.user.get_username(),
            part=entry.get_kind_display() + (f": {entry.detail}" if entry.detail else ""),
            purpose=row.purpose, group=row.group, basis=row.basis, not_recorded=row.not_recorded))
    own_visits = entries.filter(kind__in=PORTAL_KINDS).count()
    for disclosure in Disclosure.objects.filter(client=client, disclosed_at__date__gte=since):
        month_of(disclosure.disclosed_at).disclosures.append(DisclosureLine(
            at=disclosure.disclosed_at, recipient=disclosure.recipient_name,
            recipient_kind=disclosure.get_recipient_kind_display(), content=disclosure.content,
            legal_basis=disclosure.legal_basis, direction=disclosure.get_direction_display()))
    ordered = [months[key] for key in sorted(months, reverse=True)]
    return Statement(since=since, months=ordered, own_visits=own_visits)


# DEMO ONLY (portal/demo.py): the people `make run`'s demo issuer lets a newcomer sign in as ----

@dataclass(frozen=True)
class DemoPerson:
    key: str
    first_names: str
    last_name: str
    identity_code: str
    role: str  # "client", or the representative's role label
    child: str = ""


def demo_people(*, limit: int = 12) -> list[DemoPerson]:
    """A few demo clients with identity codes, and a few guardians who act for a child."""
    people: list[DemoPerson] = []
    with system_scope_for_one_write():
        for client in Client.objects.filter(kind=ClientKind.PERSON).exclude(identity_code="").order_by("pk")[:limit]:
            people.append(DemoPerson(key=f"client-{client.pk}", first_names=client.first_names,
                                     last_name=client.last_name, identity_code=client.identity_code, role="client"))
        for representative in (Representative.objects.filter(role=RepresentativeRole.GUARDIAN)
                               .exclude(identity_code="").select_related("client").order_by("pk")[:4]):
            people.append(DemoPerson(key=f"guardian-{representative.pk}", first_names=representative.first_names,
                                     last_name=representative.last_name,
                                     identity_code=representative.identity_code,
                                     role=str(representative.get_role_display()),
                                     child=f"{representative.client.first_names} {representative.client.last_name}"))
    return people


@dataclass(frozen=True)
class Subscription:
    subscriber_id: int
    list_name: str


def subscribers_of(client: Client) -> QuerySet[EmailSubscriber]:
    """Addresses on the email lists of the client's controller that are the address on this
    client record (seed 003: the list keeps the address and nothing else, so the record's
    address is what ties a subscription to the strongly identified person)."""
    email = (client.email or "").strip()
    if not email:
        return EmailSubscriber.objects.none()
    return EmailSubscriber.objects.filter(purpose__register__controller_id=client.register.controller_id,
                                          email__iexact=email, unsubscribed_at__isnull=True)


def own_subscriptions(client: Client) -> list[Subscription]:
    """The email lists the client's address is on. The list may be a register of its own, outside
    the person's scope: read across registers like person_links, and only the subscriber's id and
    the list's public name leave."""
    with system_scope_for_one_write():
        return [Subscription(subscriber_id=pk, list_name=name) for pk, name in
                subscribers_of(client).order_by("purpose__name").values_list("pk", "purpose__name")]


def withholdings_of(client: Client) -> QuerySet[Withholding]:
    """Every withholding decided for the client, in force and ended, newest first (the register
    contact's page)."""
    return Withholding.objects.filter(client=client).select_related("decided_by", "ended_by").order_by(
        "-decided_on", "-pk")


def withholdings_in_force(client: Client, *, today: datetime.date) -> list[str]:
    """The grounds in law of the parts withheld from the client's own pages today (the page says
    that something is withheld, on what ground, and how to ask; never what)."""
    return list(Withholding.objects.filter(client=client, decided_on__lte=today)
                .exclude(ended_on__lte=today).values_list("legal_ground", flat=True).distinct())
