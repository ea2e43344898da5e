"""Reads of data-subject requests. `clients_with_open_requests` is what retention reads: an open
request is an automatic legal hold on its client."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.constants import ContactChannel, DisclosureDirection, RecipientKind, RepresentativeRole
from clients.models import AccessEntry, Client, Disclosure, ServiceEntry, SupervisoryAuthority
from clients.selectors import client_search, clients_visible_to, request_handling_refusal, worker_profile
from clients.selectors.access_groups import AccessRow, access_rows
from clients.selectors.register import REQUEST_HANDLERS
from consents.constants import ProhibitionKind
from consents.models import Consent, EmailSubscriber, Prohibition
from consents.selectors import erasable_marketing_data

from .constants import (
    ACCESS_LOG_YEARS,
    CLIENT_FILE,
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    FeeGround,
    JobState,
    LetterKind,
    Outcome,
    ReleasedDocument,
    RequesterRole,
    RequestType,
)
from .models import Art19Notification, DataSubjectRequest, DocumentJob, Letter, Release, RequestNote, add_months

# Requests whose answer discloses the client's data to the requester.
DISCLOSING_TYPES = (RequestType.ACCESS, RequestType.PORTABILITY, RequestType.ACCESS_LOG)
# Requests after which the recipients of the data are told (GDPR Art 19).
ART19_TYPES = (RequestType.RECTIFICATION, RequestType.ERASURE, RequestType.RESTRICTION)
# Requests answered by withdrawing consents or recording prohibitions.
OBJECTION_TYPES = (RequestType.OBJECTION, RequestType.CONSENT_WITHDRAWAL)
# Which request types each output answers (see `requests.outputs`).
ACCESS_REPORT_TYPES = (RequestType.ACCESS,)
PORTABILITY_TYPES = (RequestType.PORTABILITY, RequestType.ACCESS)
ACCESS_LOG_TYPES = (RequestType.ACCESS_LOG,)
# Outcomes that are answered with a refusal certificate.
REFUSED_OUTCOMES = (Outcome.REFUSED, Outcome.PARTIALLY_REFUSED)


def may_handle(user: User | AnonymousUser) -> bool:
    """Only register contacts and admins verify, extend, decide, hand the client's data out and
    carry out an erasure; a caseworker registers and sees the request but does none of these
    (`clients.selectors.request_handling_refusal`, the one check the services ask too)."""
    return request_handling_refusal(user) is None


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


QUEUE_STATES = ("open", "completed", "all")


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to: state (open, completed or all), type, handler, register,
    received between two dates, a client (by id or by what one types into the client search)."""

    state: str = "open"
    type: str = ""
    handler_id: int | None = None
    register_id: int | None = None
    received_from: datetime.date | None = None
    received_to: datetime.date | None = None
    client_id: int | None = None
    q: str = ""


def request_queue(user: User | AnonymousUser, *, today: datetime.date,
                  filters: QueueFilters | None = None) -> list[QueueRow]:
    """The user's requests as filtered (by default the open ones), most urgent first (overdue,
    then due soonest); completed ones by due date too."""
    filters = filters or QueueFilters()
    found = requests_visible_to(user)
    if filters.state == "open":
        found = found.filter(status__in=OPEN_STATUSES)
    elif filters.state == "completed":
        found = found.exclude(status__in=OPEN_STATUSES)
    if filters.type:
        found = found.filter(type=filters.type)
    if filters.handler_id:
        found = found.filter(handler_id=filters.handler_id)
    if filters.register_id:
        found = found.filter(client__register_id=filters.register_id)
    if filters.received_from:
        found = found.filter(received_on__gte=filters.received_from)
    if filters.received_to:
        found = found.filter(received_on__lte=filters.received_to)
    if filters.client_id:
        found = found.filter(client_id=filters.client_id)
    if filters.q.strip():
        found = found.filter(client__in=client_search(clients_visible_to(user), filters.q))
    rows = [QueueRow(r, r.due_on, (r.due_on - today).days) for r in found.select_related("client", "handler")]
    return sorted(rows, key=lambda row: (row.due_on, row.request.pk))


def request_handlers(user: User | AnonymousUser) -> QuerySet[User]:
    """Who in the user's organisation may handle requests: the register contacts and admins."""
    profile = worker_profile(user)
    if profile is None:
        return User.objects.none()
    return (User.objects.filter(worker_profile__controller_id=profile.controller_id, is_active=True,
                                groups__name__in=[str(role) for role in REQUEST_HANDLERS])
            .distinct().order_by("last_name", "first_name", "username"))


def clients_with_open_requests() -> QuerySet[Client]:
    """Clients on automatic legal hold: they have a request that is not completed."""
    return Client.objects.filter(data_subject_requests__status__in=OPEN_STATUSES).distinct()


def access_requests_in_previous_year(request: DataSubjectRequest) -> int:
    """Earlier access requests of the same client in the 12 months before this one: without one,
    this request's copy is the first and free (see `fee_refusal`)."""
    return DataSubjectRequest.objects.filter(
        client=request.client, type=RequestType.ACCESS, received_on__gt=add_months(request.received_on, -12),
        received_on__lte=request.received_on,
    ).exclude(pk=request.pk).count()


# Request types on which lifting the client's processing restriction is part of the decision:
# the restriction waited for the accuracy check, the erasure or the objection (GDPR Art 18(1)).
LIFT_RESTRICTION_TYPES = (RequestType.RECTIFICATION, RequestType.ERASURE, RequestType.OBJECTION)
# Only a copy of the data can carry a fee (GDPR Art 15(3)).
FEE_TYPES = (RequestType.ACCESS,)


def fee_refusal(request: DataSubjectRequest, *, ground: str, amount: Decimal | None, reasons: str) -> str | None:
    """Why this fee decision cannot be made, or None. The first copy is always free (GDPR Art
    15(3), CJEU C-307/22); seed 004's "once a year free" is honoured as: a further copy may carry
    a fee only when the client had another access request in the 12 months before this one. A
    manifestly unfounded or excessive request (Art 12(5)) may be charged with reasons."""
    if not ground and amount is None:
        return None
    if request.type not in FEE_TYPES:
        return _("A fee can be decided only on an access request.")
    if not ground:
        return _("Choose the ground for the fee.")
    if amount is None or amount <= 0:
        return _("Give the amount of the fee.")
    if not reasons.strip():
        return _("Give the reasons for the fee.")
    if ground == FeeGround.FURTHER_COPY and not access_requests_in_previous_year(request):
        return _("The first copy is always free: the client has had no other access request in the "
                 "previous 12 months.")
    return None


def requester_refusal(request: DataSubjectRequest, *, on: datetime.date | None = None) -> str | None:
    """Why the requester may not receive the client's data on `on` (the day the data would be
    released: today for the request page, the decision and every output), or None.

    One answer in time: a representative must have been entitled when the request was received
    and still be on the day of release. A guardian's request received the day before the child
    turned 18 and decided afterwards ends in a refusal (the adult client asks themselves).
    Seed 003: someone outside the register has no right of access even if mentioned in a
    client's records; a guardian or legal representative receives nothing the minor has
    prohibited."""
    from django.utils.translation import gettext as _

    if request.requester_role == RequesterRole.CLIENT:
        return None
    on = on or timezone.localdate()
    rep = request.representative
    if rep is None or rep.client_id != request.client_id or rep.role != request.requester_role:
        return _("The requester is not recorded as the client's guardian or legal representative.")
    if not rep.is_valid_on(request.received_on):
        return _("%(name)s was not the client's valid representative when the request was received.") % {
            "name": rep.full_name}
    if not rep.is_valid_on(on):
        adult_from = request.client.adult_from()
        if rep.role == RepresentativeRole.GUARDIAN and adult_from and on >= adult_from:
            return _("Guardianship of %(name)s ended when the client turned 18 on %(date)s: the client's "
                     "data is no longer released to them. The client may ask for it themselves.") % {
                "name": rep.full_name, "date": adult_from.strftime("%d.%m.%Y")}
        return _("%(name)s is no longer the client's valid representative on %(date)s: the client's data "
                 "is not released to them.") % {"name": rep.full_name, "date": on.strftime("%d.%m.%Y")}
    if (request.type in DISCLOSING_TYPES and rep.disclosure_prohibited
            and rep.role in (RepresentativeRole.GUARDIAN, RepresentativeRole.LEGAL_REPRESENTATIVE)):
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

    @property
    def rows(self) -> list[AccessRow]:
        """The views as the client reads them: consecutive views grouped (one rule, in clients)."""
        return access_rows(self.entries)


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    """The same moment `years` earlier; from 29 February, the 28th when that year has no leap day."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def access_log_report(request: DataSubjectRequest, *, now: datetime.datetime) -> AccessLogReport:
    """Who has viewed or received the client's data (Act 703/2023 § 11). Entries older than two
    years only when the handler recorded a special reason."""
    since = None if request.old_logs_reason.strip() else years_before(now, ACCESS_LOG_YEARS)
    entries = AccessEntry.objects.filter(client=request.client, granted=True).select_related("user")
    disclosures = Disclosure.objects.filter(client=request.client, direction="out")
    if since is not None:
        entries, disclosures = entries.filter(at__gte=since), disclosures.filter(disclosed_at__gte=since)
    return AccessLogReport(list(entries.order_by("at")), list(disclosures.order_by("disclosed_at")), since)


@dataclass(frozen=True)
class Art19Item:
    """One corrected or erased item and whom to tell of it (GDPR Art 19): the recipients of that
    data before the request, and the sources the data came from (seed 000: "Virheen
    korjaamisesta ilmoitetaan sille, jolta virheelliset tiedot on saatu tai jolle tiedot on
    luovutettu")."""

    label: str
    recipients: list[Disclosure]
    sources: list[Disclosure]


def _before_request(request: DataSubjectRequest) -> datetime.datetime:
    """The end of the day the request came in: a disclosure later than that went out after the
    request, with data the handler was already changing."""
    day_after = request.received_on + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time()))


def _one_per_recipient(disclosures: Iterable[Disclosure]) -> list[Disclosure]:
    seen: dict[tuple[str, str, str], Disclosure] = {}
    for disclosure in sorted(disclosures, key=lambda d: (d.disclosed_at, d.pk), reverse=True):
        seen.setdefault((disclosure.direction, disclosure.recipient_kind,
                         disclosure.recipient_name.strip().casefold()), disclosure)
    return sorted(seen.values(), key=lambda d: (d.direction, d.recipient_name.casefold(), d.pk))


def art19_items(request: DataSubjectRequest) -> list[Art19Item]:
    """Per corrected or erased item: who received that data before the request (never the client
    herself, never a recipient who got it only after the request), and where it came from. A
    rectification's items are the corrections made in the client file since the request came in
    (an item that did not exist yet when a disclosure was made was not in it); an erasure's or a
    restriction's item is the client's data as a whole."""
    if request.type not in ART19_TYPES:
        return []
    until = _before_request(request)
    logged = list(Disclosure.objects.filter(client=request.client, disclosed_at__lt=until)
                  .exclude(recipient_kind=RecipientKind.CLIENT).select_related("representative"))
    out = [d for d in logged if d.direction == DisclosureDirection.OUT]
    came_in = [d for d in logged if d.direction == DisclosureDirection.IN]
    if request.type != RequestType.RECTIFICATION:
        label = _("The client's data") if request.type == RequestType.RESTRICTION else _("The erased data")
        return [Art19Item(label, _one_per_recipient(out), _one_per_recipient(came_in))]
    start = timezone.make_aware(datetime.datetime.combine(request.received_on, datetime.time()))
    items = []
    for correction in request.client.corrections.filter(corrected_at__gte=start).select_related(
            "entry", "plan").order_by("corrected_at", "pk"):
        target = correction.entry or correction.plan
        existed = target.created_at if target is not None else None
        recipients = [d for d in out if existed is None or d.disclosed_at >= existed]
        sources = [d for d in came_in if existed is None or d.disclosed_at <= existed]
        what = str(correction.entry or correction.plan or _("basic data"))
        items.append(Art19Item(f"{what}: {correction.field_label}", _one_per_recipient(recipients),
                               _one_per_recipient(sources)))
    return items


def art19_recipients(request: DataSubjectRequest) -> list[Disclosure]:
    """Everyone to tell of the request's corrections or erasure (GDPR Art 19): the recipients and
    sources of every item, once each."""
    return _one_per_recipient(d for item in art19_items(request) for d in (*item.recipients, *item.sources))


def art19_pending(request: DataSubjectRequest) -> list[Disclosure]:
    """Recipients neither notified nor explained (why notifying is impossible or would take a
    disproportionate effort): the request cannot be completed while any remain."""
    done = {n.disclosure_id for n in request.notifications.all()}
    done_names = {(n.recipient_name.strip().casefold()) for n in request.notifications.all()}
    return [d for d in art19_recipients(request)
            if d.pk not in done and d.recipient_name.strip().casefold() not in done_names]


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


# What may be released ----------------------------------------------------------------------

def supervisory_authority() -> SupervisoryAuthority | None:
    """The Data Protection Ombudsman's contact details as an admin keeps them."""
    return SupervisoryAuthority.objects.first()


def authority_missing() -> str | None:
    """The rights section names the supervisory authority from the database, never from text."""
    if supervisory_authority() is None:
        return _("Record the supervisory authority's contact details (admin) first.")
    return None


def release_refusal(request: DataSubjectRequest, *, types: Iterable[str],
                    on: datetime.date | None = None) -> str | None:
    """Why the client's data may not be released in answer to `request` as an output meant for
    `types` on `on` (today), or None when it may."""
    types = tuple(types)
    if request.type not in types:
        return _("This output answers only these requests: %(types)s.") % {
            "types": ", ".join(str(RequestType(t).label) for t in types)}
    if not request.verified:
        return _("Verify the requester's identity before releasing any data.")
    if request.is_open:
        return _("Decide the request first: only what was decided, with its redactions, is released.")
    if request.outcome == Outcome.REFUSED:
        return _("The request was refused: only a refusal certificate can be given.")
    if not (request.redactions.strip() or request.no_redactions_needed):
        return _("The decision records neither redactions nor that none were needed.")
    return requester_refusal(request, on=on)


def refusal_certificate_refusal(request: DataSubjectRequest) -> str | None:
    """Why no refusal certificate can be made for `request`, or None."""
    if request.outcome not in REFUSED_OUTCOMES:
        return _("A refusal certificate is given only for a request refused in full or in part.")
    if not request.refusal_reasons.strip():
        return _("The decision records no reasons for the refusal.")
    return authority_missing()


# Erasure (GDPR Art 17) ---------------------------------------------------------------------

@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure request can and cannot remove, before anything is removed."""

    consents: list[Consent]
    subscribers: list[EmailSubscriber]
    prohibitions: int
    retained: dict[str, int] = field(default_factory=dict)


def erasure_plan(request: DataSubjectRequest) -> ErasurePlan:
    """What `request_erasure_carry_out` would erase and keep for the request's client."""
    client = request.client
    erasable = erasable_marketing_data(client=client)
    return ErasurePlan(
        consents=erasable.consents,
        subscribers=erasable.subscribers,
        prohibitions=client.prohibitions.count(),
        retained={
            str(_("basic data")): 1,
            str(_("service entries")): client.entries.count(),
            str(_("service plan versions")): client.plans.count(),
            str(_("cases")): client.cases.count(),
            str(_("service agreements")): client.agreements.count(),
            str(_("documents")): client.documents.count(),
            str(_("disclosure log entries")): client.disclosures.count(),
        },
    )


def erasure_refusal_reasons(plan: ErasurePlan) -> str:
    """The statutory reason for what is kept: the text for the decision and the certificate."""
    kept = ", ".join(f"{label} ({count})" for label, count in plan.retained.items() if count)
    text = _(
        "The rest of the data cannot be erased: %(kept)s. They are social-welfare client documents, "
        "which the provider must keep for the periods laid down in the Act on the Processing of Client "
        "Data in Healthcare and Social Welfare (703/2023) and its annex; the right to erasure does not "
        "apply to data the controller is legally obliged to keep (GDPR Art 17(3)(b))."
    ) % {"kept": kept}
    if plan.prohibitions:
        text += " " + _("The prohibitions the client has given (e.g. of direct marketing) are kept, "
                        "because they protect the client from that processing.")
    return text


def erasure_refusal(request: DataSubjectRequest) -> str | None:
    """Why `request` cannot erase anything now, or None."""
    if request.type != RequestType.ERASURE:
        return _("Only an erasure request erases data.")
    if not request.is_open:
        return _("The request has already been decided.")
    if not request.verified:
        return _("Verify the requester's identity before erasing anything.")
    return requester_refusal(request)


# The request page -------------------------------------------------------------------------

# The documents a request can be answered with, in the order the page lists them, and the
# request types each answers; the refusal certificate answers any request refused in full or
# in part instead.
DOWNLOAD_TYPES: dict[str, tuple[str, ...]] = {
    "access_report": ACCESS_REPORT_TYPES,
    "portability": PORTABILITY_TYPES,
    "access_log": ACCESS_LOG_TYPES,
}
REFUSAL_CERTIFICATE = "refusal_certificate"


@dataclass(frozen=True)
class DownloadOffer:
    """A document that answers the request, and why it cannot be made yet (None: it can)."""

    name: str
    refusal: str | None


@dataclass(frozen=True)
class RequestPage:
    """Everything the request page shows and offers one user for one request."""

    forms: tuple[str, ...]  # the actions on offer, each a form: "verify", "extend", "decide", "answer"
    decide_fields: tuple[str, ...]  # the decision's fields this request type needs
    decide_initial: dict[str, Any]
    downloads: tuple[DownloadOffer, ...]
    may_erase: bool
    requester_refusal: str | None
    earlier_access_requests: int
    free_copy: bool  # the free-copy rule is shown: access requests only
    releases: list[Release]  # the documents handed out, as released
    notes: list[RequestNote]  # internal notes, for those who handle requests
    recipients: list[Disclosure]
    art19_items: list[Art19Item]
    art19: bool  # the recipients are notified (GDPR Art 19)
    notifications: list[Art19Notification]
    objection: bool  # answered by withdrawing consents or prohibiting marketing
    consents_in_force: list[Consent]
    marketing_prohibition: Prohibition | None
    handles: bool  # the user handles requests: the actions above are theirs (`may_handle`)
    document_jobs: dict[str, DocumentJob]  # heavy documents made by a job: the latest of each
    letters: "tuple[LetterOffer, ...]" = ()  # the letters on offer, for those who handle requests
    letters_made: list[Letter] = field(default_factory=list)  # each letter produced or sent
    contact: "ContactPreferences | None" = None


def request_forms(request: DataSubjectRequest) -> tuple[str, ...]:
    """The handler's actions on an open request: verify the identity once, extend the deadline
    once, decide; or, while the identity is unverified, refuse for that reason (Art 11(2), 12(2)).
    A question about the register is answered (`services.question_answer`)."""
    if not request.is_open:
        return ()
    if request.is_question:  # answered, not decided: nothing of the client's data is released
        return ("answer", "assign")
    return tuple(name for name, offered in (
        ("verify", not request.verified), ("extend", not request.extended), ("decide", True),
        ("refuse_unverified", not request.verified), ("assign", True)) if offered)


def decide_fields(request: DataSubjectRequest) -> tuple[str, ...]:
    """The decision's fields for this request type: redactions only where data is released, the
    special reason for old log entries only on an access-log request, lifting a restriction only
    where the restriction waited for this request, the fee only on an access request."""
    fields = ["outcome", "decision", "refusal_reasons"]
    if request.type in DISCLOSING_TYPES:
        fields += ["redactions", "no_redactions_needed"]
    if request.type in ACCESS_LOG_TYPES:
        fields += ["old_logs_reason"]
    if request.type in LIFT_RESTRICTION_TYPES and request.client.restricted:
        fields += ["lift_restriction"]
    if request.type in FEE_TYPES:
        fields += ["fee_ground", "fee_amount", "fee_reasons"]
    return tuple(fields)


def decide_initial(request: DataSubjectRequest) -> dict[str, Any]:
    """An erasure is partial by law: the decision starts with the statutory reason for the rest."""
    if request.type != RequestType.ERASURE or not request.is_open:
        return {}
    return {"outcome": Outcome.PARTIALLY_REFUSED, "refusal_reasons": erasure_refusal_reasons(erasure_plan(request))}


def request_downloads(request: DataSubjectRequest, *, today: datetime.date | None = None,
                      ) -> tuple[DownloadOffer, ...]:
    """The documents that answer this request, each with the reason it cannot be made yet."""
    offers = [DownloadOffer(name, release_refusal(request, types=types, on=today))
              for name, types in DOWNLOAD_TYPES.items() if request.type in types]
    if request.outcome in REFUSED_OUTCOMES:
        offers.append(DownloadOffer(REFUSAL_CERTIFICATE, refusal_certificate_refusal(request)))
    return tuple(offers)


def request_page(request: DataSubjectRequest, *, user: User | AnonymousUser, today: datetime.date) -> RequestPage:
    """The request page for `user`: the forms on offer, and the documents and the erasure only for
    those who handle requests (`may_handle`)."""
    hands_out = may_handle(user)
    art19 = request.type in ART19_TYPES
    objection = request.type in OBJECTION_TYPES
    return RequestPage(
        forms=request_forms(request) if hands_out else (),
        decide_fields=decide_fields(request),
        decide_initial=decide_initial(request),
        downloads=request_downloads(request, today=today) if hands_out else (),
        may_erase=request.type == RequestType.ERASURE and hands_out,
        requester_refusal=requester_refusal(request, on=today),
        earlier_access_requests=access_requests_in_previous_year(request),
        free_copy=request.type in FEE_TYPES,
        releases=list(request.releases.select_related("released_by", "disclosure")),
        notes=list(request.notes.select_related("author")) if hands_out else [],
        recipients=art19_recipients(request),
        art19_items=art19_items(request),
        art19=art19,
        notifications=list(request.notifications.all()),
        objection=objection,
        consents_in_force=consents_in_force(request, today=today) if objection else [],
        marketing_prohibition=marketing_prohibition(request, today=today) if objection else None,
        handles=hands_out,
        document_jobs=document_jobs(request) if hands_out else {},
        letters=letter_offers(request) if hands_out else (),
        letters_made=list(request.letters.select_related("produced_by")),
        contact=contact_preferences(request.client),
    )


# Letters to the requester (issue 20) ------------------------------------------------------------

@dataclass(frozen=True)
class Addressee:
    """Who a letter goes to and what its envelope window says. A letter to the client carries
    the client's address there and nowhere else (a protected address too: the letter is the
    client's own); a letter to a representative carries the representative's address and never
    the client's. `no_letters_home`: the client's home address is left out and the letter is
    handed over as agreed."""

    role: str
    name: str
    lines: tuple[str, ...]
    no_letters_home: bool


@dataclass(frozen=True)
class LetterOffer:
    """A letter on the request page, and why it cannot be made as a PDF or sent by email yet."""

    kind: str
    label: str
    pdf_refusal: str | None
    email_refusal: str | None


@dataclass(frozen=True)
class ContactPreferences:
    """The client's contact preferences as the request page shows them to the handler."""

    channel: str  # the preferred channel's label, or ""
    no_letters_home: bool
    interpreter_language: str
    email: bool  # the client has an email address


def letter_to_client(request: DataSubjectRequest, kind: str) -> bool:
    """The Art 18(3) notice goes to the client; every other letter to whoever made the request."""
    return kind == LetterKind.RESTRICTION_LIFT or request.requester_role == RequesterRole.CLIENT


def letter_addressee(request: DataSubjectRequest, kind: str, *, envelope: bool = True) -> Addressee:
    """The letter's addressee. Without `envelope` (an email attachment) no postal address at all."""
    client = request.client
    if letter_to_client(request, kind):
        lines: tuple[str, ...] = ()
        if envelope and not client.no_letters_home:
            lines = tuple(line for line in (client.street_address,
                                            f"{client.postal_code} {client.city}".strip()) if line)
        return Addressee(RequesterRole.CLIENT, client.display_name, lines,
                         envelope and client.no_letters_home)
    rep = request.representative
    lines = ()
    if envelope and rep is not None:
        lines = tuple(line for line in (rep.street_address, f"{rep.postal_code} {rep.city}".strip()) if line)
    return Addressee(request.requester_role, rep.full_name if rep else request.requester_name, lines, False)


def letter_refusal(request: DataSubjectRequest, kind: str) -> str | None:
    """Why this letter cannot be made for this request (yet), or None."""
    if kind == LetterKind.ACKNOWLEDGEMENT:
        return None
    if kind == LetterKind.EXTENSION:
        return None if request.extended else _("The deadline has not been extended.")
    if kind == LetterKind.UNVERIFIED_REFUSAL:
        if request.is_open or request.verified or request.outcome != Outcome.REFUSED:
            return _("Only for a request refused because the requester's identity could not be verified.")
        return None
    if kind == LetterKind.DECISION:
        if request.is_open:
            return _("The request has not been decided yet.")
        if not request.verified:
            return _("The request was refused because the identity was not verified: send that letter instead.")
        return None
    if kind == LetterKind.RESTRICTION_LIFT:
        if request.type != RequestType.RESTRICTION:
            return _("Only on a request for restriction of processing.")
        if not request.client.restricted:
            return _("The client's processing is not restricted.")
        return None
    return _("Unknown letter.")


def letter_email_refusal(request: DataSubjectRequest, kind: str) -> str | None:
    """Why this letter cannot go by email, or None. An email goes to the client themself only
    (never to a third party, a representative included), to the client's own recorded address,
    and not when the client wants letters by post only."""
    refusal = letter_refusal(request, kind)
    if refusal:
        return refusal
    client = request.client
    if not letter_to_client(request, kind):
        return _("An email goes to the client themself only: send this letter to the representative by post "
                 "or hand it over.")
    if not client.email:
        return _("The client has no email address recorded.")
    if client.contact_channel == ContactChannel.LETTER:
        return _("The client wants letters by post only.")
    return None


def letter_kinds(request: DataSubjectRequest) -> tuple[str, ...]:
    """The letters this request may come to need: the acknowledgement and the decision always, the
    extension notice, the refusal for unverified identity while the identity is not verified, and
    the Art 18(3) notice on a restriction request."""
    kinds = [LetterKind.ACKNOWLEDGEMENT, LetterKind.EXTENSION]
    if not request.verified:
        kinds.append(LetterKind.UNVERIFIED_REFUSAL)
    kinds.append(LetterKind.DECISION)
    if request.type == RequestType.RESTRICTION:
        kinds.append(LetterKind.RESTRICTION_LIFT)
    return tuple(kinds)


def letter_offers(request: DataSubjectRequest) -> tuple[LetterOffer, ...]:
    return tuple(LetterOffer(kind, str(LetterKind(kind).label), letter_refusal(request, kind),
                             letter_email_refusal(request, kind)) for kind in letter_kinds(request))


def contact_preferences(client: Client) -> ContactPreferences:
    return ContactPreferences(
        channel=str(ContactChannel(client.contact_channel).label) if client.contact_channel else "",
        no_letters_home=client.no_letters_home, interpreter_language=client.interpreter_language,
        email=bool(client.email))


# Questions about the register -------------------------------------------------------------

# A number of working days in the register's own rights text, in Finnish, Swedish or English:
# "20 arkipäivän", "20 arbetsdagar", "20 working days".
_WORKDAY_NUMBER_WORDS = {
    "viiden": 5, "viisi": 5, "kymmenen": 10, "viidentoista": 15, "kahdenkymmenen": 20, "kaksikymmentä": 20,
    "fem": 5, "tio": 10, "femton": 15, "tjugo": 20, "five": 5, "ten": 10, "fifteen": 15, "twenty": 20,
}
WORKING_DAYS_RE = re.compile(
    r"(?<![\w/])(?P<number>\d{1,3}|" + "|".join(sorted(_WORKDAY_NUMBER_WORDS, key=len, reverse=True)) + r")"
    r"\s+(?:arki(?:päiv|pv)\w*|työpäiv\w*|arbetsdag\w*|vardag\w*|working\s+days?|business\s+days?)",
    re.IGNORECASE)


def question_time_contradictions(register: Any) -> list[str]:
    """What the register's own rights text (Finnish, Swedish, English) says about the answer time
    in working days that the register's setting does not do: the notice's own sentence comes from
    `Register.question_answer_working_days`, and a free text promising another number of working
    days would contradict it. `clients.services.notices.notice_publish` asks this through
    `core.notices` and refuses to publish."""
    texts = [register.rights] + [(getattr(register, f"texts_{language}") or {}).get("rights", "")
                                 for language in ("sv", "en")]
    setting = register.question_answer_working_days
    problems = []
    for text in texts:
        for match in WORKING_DAYS_RE.finditer(text or ""):
            word = match.group("number").lower()
            number = int(word) if word.isdigit() else _WORKDAY_NUMBER_WORDS[word]
            if number != setting:
                problems.append(_("the rights text promises “%(phrase)s”, but the register's answer time for "
                                  "questions and feedback is %(days)s working days") % {
                    "phrase": match.group(0), "days": setting})
    return list(dict.fromkeys(problems))


# Heavy documents (requests/jobs.py) ----------------------------------------------------------

def document_rows(request: DataSubjectRequest, name: str) -> int:
    """How many rows the document lists, which decides whether a job makes it: access-log
    entries for the access-log report, service entries for the access report and the export.
    One count query."""
    if name == ReleasedDocument.ACCESS_LOG:
        return AccessEntry.objects.filter(client=request.client, granted=True).count()
    return ServiceEntry.objects.filter(client=request.client).count()


def document_is_heavy(request: DataSubjectRequest, name: str) -> bool:
    return name != REFUSAL_CERTIFICATE and document_rows(request, name) > settings.REQUEST_DOCUMENT_JOB_ROWS


def client_file_is_heavy(client_pk: int) -> bool:
    """The client-file PDF of a client with more entries than REQUEST_DOCUMENT_JOB_ROWS is made by
    a job (a 2,000-entry file takes seconds of a web worker)."""
    return ServiceEntry.objects.filter(client_id=client_pk).count() > settings.REQUEST_DOCUMENT_JOB_ROWS


def client_file_job(client: Client) -> DocumentJob | None:
    """The latest job making the client's client-file PDF (none when it was always made at once)."""
    return DocumentJob.objects.filter(client=client, request__isnull=True, document=CLIENT_FILE).order_by(
        "-queued_at", "-pk").first()


def document_job_stalled(job: DocumentJob, *, now: datetime.datetime | None = None) -> bool:
    """Queued or running far longer than any document takes: its worker died."""
    limit = (now or timezone.now()) - datetime.timedelta(minutes=settings.REQUEST_DOCUMENT_JOB_STALE_MINUTES)
    return job.state in (JobState.QUEUED, JobState.RUNNING) and (job.started_at or job.queued_at) < limit


def document_jobs(request: DataSubjectRequest) -> dict[str, DocumentJob]:
    """The latest job of each document of the request, by document name."""
    latest: dict[str, DocumentJob] = {}
    for job in request.document_jobs.order_by("queued_at", "pk"):
        latest[job.document] = job
    return latest
