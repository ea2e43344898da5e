"""Reads of retention: when each client falls due and by which rule, who is on hold, what falls
due soon and in the coming months.

One function decides a client's due date, `client_retention`; the nightly run, the forecast,
the two-week notice and the client file all go through it. `retention_statuses` feeds it in
batches with the cases prefetched, so a million clients cost a few thousand queries."""

import datetime
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Left
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clients.constants import ServiceTask
from clients.models import (
    AccessEntry,
    Breach,
    BreachClientLink,
    BreachNotice,
    Case,
    Client,
    Disclosure,
    Document,
    EmergencyAccess,
    Register,
    ServiceEntry,
)
from requests.models import Art19Notification, DataSubjectRequest
from requests.selectors import clients_with_open_requests

from .constants import (
    DOCUMENT_KINDS,
    LOG_KINDS,
    NOTICE_DAYS,
    Action,
    AppliesTo,
    HandoffStatus,
    RecordKind,
    StartEvent,
    WaitingFor,
)
from .models import ArchiveHandoff, LegalHold, PurgeRecord, RetentionRule, add_period

BATCH_SIZE = 2000
SPECIFICITY: dict[str, int] = {AppliesTo.ALL_CLIENTS: 0, AppliesTo.STATUTORY_CLIENTS: 1, AppliesTo.PRIVATE_CLIENTS: 1,
               AppliesTo.CASES_OF_TASK: 2}


# Rules ---------------------------------------------------------------------------------------

def client_file_rules() -> list[RetentionRule]:
    """Active rules the nightly run enforces on whole client files, with the registers they name."""
    return list(RetentionRule.objects.enforced().filter(record_kind=RecordKind.CLIENT_FILE)
                .prefetch_related("registers").order_by("pk"))


def access_log_rules() -> list[RetentionRule]:
    return list(RetentionRule.objects.enforced().filter(record_kind=RecordKind.ACCESS_LOGS)
                .prefetch_related("registers").order_by("pk"))


def log_rules() -> list[RetentionRule]:
    """Active rules of the log kinds (access log, disclosures, requests, ...), which the nightly run
    applies to the logs that outlive purged clients."""
    return list(RetentionRule.objects.enforced().filter(record_kind__in=LOG_KINDS)
                .prefetch_related("registers").order_by("pk"))


@dataclass(frozen=True)
class KeptLogRows:
    """Rows of one model that outlive a purged client: `ref` names the purge ("<purge record
    reference>:<n>"), `date` the row's own date its period counts from."""

    model: type[models.Model]
    ref: str
    date: str


KEPT_LOG_ROWS: dict[str, tuple[KeptLogRows, ...]] = {
    RecordKind.ACCESS_LOGS: (KeptLogRows(AccessEntry, "purged_client_ref", "at"),),
    RecordKind.DISCLOSURE_LOGS: (KeptLogRows(Disclosure, "purged_client_ref", "disclosed_at"),),
    RecordKind.REQUEST_RECORDS: (KeptLogRows(DataSubjectRequest, "purged_client_ref", "received_on"),),
    RecordKind.ART19_NOTIFICATIONS: (KeptLogRows(Art19Notification, "request__purged_client_ref", "notified_on"),),
    RecordKind.EMERGENCY_REVIEWS: (KeptLogRows(EmergencyAccess, "purged_client_ref", "started_at"),),
    RecordKind.BREACH_LINKS: (KeptLogRows(BreachClientLink, "purged_client_ref", "breach__discovered_at"),
                              KeptLogRows(BreachNotice, "purged_client_ref", "sent_at")),
}


def _latest_start_due_by(rule: RetentionRule, today: datetime.date) -> datetime.date:
    """The latest date whose period under `rule` has passed by `today`."""
    day = add_period(today, years=-rule.period_years, months=-rule.period_months) - datetime.timedelta(
        days=rule.period_days)
    while rule.due_from(day) > today:
        day -= datetime.timedelta(days=1)
    while rule.due_from(day + datetime.timedelta(days=1)) <= today:
        day += datetime.timedelta(days=1)
    return day


def document_rules() -> list[RetentionRule]:
    """Active rules of documents with their own period (client fee decisions), counted from the
    document's date."""
    return list(RetentionRule.objects.enforced().filter(record_kind__in=list(DOCUMENT_KINDS))
                .prefetch_related("registers").order_by("pk"))


def own_period_document_kinds(register: Register, rules: Iterable[RetentionRule] | None = None) -> set[str]:
    """The kinds of document that keep their own period in `register` (an enforced rule of the
    kind covers it): they do not go with the case they are filed under."""
    rules = document_rules() if rules is None else rules
    return {DOCUMENT_KINDS[r.record_kind] for r in rules
            if rule_applies_to_register(r, register_id=register.pk, kind=register.kind,
                                        controller_id=register.controller_id)}


def documents_due(rule: RetentionRule, *, today: datetime.date, holds: "Holds") -> QuerySet[Document]:
    """The documents of `rule`'s kind whose period, counted from their own date, has run out by
    `today`, in the registers the rule covers, none of a held client or register."""
    documents = Document.objects.filter(kind=DOCUMENT_KINDS[rule.record_kind],
                                        document_date__lte=_latest_start_due_by(rule, today))
    named = [r.pk for r in rule.registers.all()]
    if named:
        documents = documents.filter(client__register_id__in=named)
    elif rule.controller_id is not None:
        documents = documents.filter(client__register__controller_id=rule.controller_id)
    elif not rule.statutory:
        return documents.none()  # a rule of nobody's registers removes nothing
    if rule.register_kind and not named:
        documents = documents.filter(client__register__kind=rule.register_kind)
    return documents.exclude(client_id__in=list(holds.clients)).exclude(client__register_id__in=list(holds.registers))


def kept_log_rows_due(rows: KeptLogRows, *, rule: RetentionRule, today: datetime.date,
                      held_registers: Collection[int] = ()) -> QuerySet | None:
    """The kept rows (of purged clients) whose period under `rule` has run out by `today`, in the
    registers `rule` covers (the purge record's register), none of a held register. None: the
    rule covers no register."""
    cutoff = _latest_start_due_by(rule, today)
    date_field = rows.model._meta.get_field(rows.date.split("__")[0])
    if rows.date.startswith("breach__"):
        date_field = Breach._meta.get_field(rows.date.split("__")[1])
    if isinstance(date_field, models.DateTimeField):
        before = timezone.make_aware(datetime.datetime.combine(cutoff + datetime.timedelta(days=1),
                                                               datetime.time.min))
        queryset = rows.model._base_manager.filter(**{f"{rows.date}__lt": before})
    else:
        queryset = rows.model._base_manager.filter(**{f"{rows.date}__lte": cutoff})
    queryset = queryset.exclude(**{rows.ref: ""})
    records = PurgeRecord.objects.all()
    named = [r.pk for r in rule.registers.all()]
    if named:
        records = records.filter(register_id__in=named)
    elif rule.controller_id is not None:
        records = records.filter(register__controller_id=rule.controller_id)
    elif not rule.statutory:
        return None  # a rule of nobody's registers removes nothing
    if rule.register_kind and not named:
        records = records.filter(register__kind=rule.register_kind)
    if held_registers:
        records = records.exclude(register_id__in=held_registers)
    if named or rule.controller_id is not None or rule.register_kind or held_registers:
        references = records.annotate(text=Cast("reference", models.CharField())).values("text")
        queryset = queryset.annotate(purge_reference=Left(rows.ref, 36)).filter(purge_reference__in=references)
    return queryset


def purge_record_kept_logs(record: PurgeRecord) -> dict[str, list[models.Model]]:
    """What a purge record still answers about its clients: every kept log row that names it
    ("<reference>:<n>"): who looked at the data and on what grounds (access log, emergency
    accesses), what was disclosed to whom, the requests (type, dates, outcome), their Art 19
    notifications and the breaches that touched them. No client's identity: the rows name the
    client by n only."""
    prefix = f"{record.reference}:"
    found: dict[str, list[models.Model]] = {}
    for kinds_rows in KEPT_LOG_ROWS.values():
        for rows in kinds_rows:
            queryset = rows.model._base_manager.filter(**{f"{rows.ref}__startswith": prefix})
            if rows.model is AccessEntry:
                queryset = queryset.select_related("user").order_by("at", "pk")
            elif rows.model is EmergencyAccess:
                queryset = queryset.select_related("user", "reviewed_by").order_by("started_at", "pk")
            elif rows.model is BreachClientLink:
                queryset = queryset.select_related("breach").order_by("pk")
            else:
                queryset = queryset.order_by("pk")
            found[str(rows.model._meta.verbose_name_plural)] = list(queryset)
    return found


def rules_for_notice(register: Register) -> list[RetentionRule]:
    """What a privacy notice may promise for `register`: the enforced rules that apply to it."""
    return list(RetentionRule.objects.enforced().for_register(register).order_by("record_kind", "code"))


def rules_in_force(register: Register) -> list[RetentionRule]:
    """Every active rule of `register` (enforced or documented), for the admin's per-register view."""
    return list(RetentionRule.objects.active().for_register(register).order_by("record_kind", "code"))


def _named_registers(rule: RetentionRule) -> frozenset[int]:
    """The registers `rule` names, read once per rule object: the run asks for every client and
    every rule, and a related manager per question cost a fifth of the purge's time."""
    cached = rule.__dict__.get("_named_register_ids")
    if cached is None:
        cached = frozenset(r.pk for r in rule.registers.all())
        rule.__dict__["_named_register_ids"] = cached
    return cached


def rule_applies_to_register(rule: RetentionRule, *, register_id: int, kind: str, controller_id: int) -> bool:
    """Whether `rule` covers a register: the registers it names, else its controller's registers
    of its kind, else (a statutory default) every register of its kind; nothing otherwise."""
    named = _named_registers(rule)
    if named:
        return register_id in named
    if rule.register_kind and rule.register_kind != kind:
        return False
    if rule.controller_id is not None:
        return rule.controller_id == controller_id
    return rule.statutory


# One client's due date ----------------------------------------------------------------------

@dataclass(frozen=True)
class RuleDue:
    """One applicable rule for one client: from when it counts and when it ends."""

    rule: RetentionRule
    start_on: datetime.date | None
    due_on: datetime.date | None
    waiting_for: str | None


@dataclass(frozen=True)
class RetentionStatus:
    """When a client may be removed, by which rule, or why not yet.

    `due_on` is the latest due date of every applicable rule; it is None while any applicable
    rule still lacks its start date (`waiting_for` says which date) and when no rule applies."""

    applicable: tuple[RuleDue, ...]
    due_on: datetime.date | None
    rule: RetentionRule | None
    waiting_for: str | None

    @property
    def no_rule(self) -> bool:
        return not self.applicable

    def is_due(self, today: datetime.date) -> bool:
        return self.due_on is not None and self.due_on <= today

    @property
    def waiting_for_label(self) -> str:
        return str(WaitingFor(self.waiting_for).label) if self.waiting_for else ""

    @property
    def archive(self) -> RuleDue | None:
        """The archiving rule that decides the handoff (the one ending last), if any rule archives."""
        archiving = [r for r in self.applicable if r.rule.action == Action.ARCHIVE_THEN_DELETE]
        if not archiving:
            return None
        return max(archiving, key=lambda r: (r.due_on or datetime.date.max, r.rule.pk))

    @property
    def handoff_on(self) -> datetime.date | None:
        """When the archive package is built: when the period starts for a rule that hands over
        at the start (seed 000), otherwise on the due date."""
        archive = self.archive
        if archive is None:
            return None
        if archive.rule.hand_over_at_start and archive.start_on is not None:
            return archive.start_on
        return self.due_on

    @property
    def final_action(self) -> str:
        """Anonymise if any applicable rule says so (it keeps more), otherwise delete."""
        if any(r.rule.action == Action.ANONYMISE for r in self.applicable):
            return Action.ANONYMISE
        return Action.DELETE

    @property
    def record_action(self) -> str:
        """The action as a purge record states it."""
        if self.final_action == Action.ANONYMISE:
            return Action.ANONYMISE
        return Action.ARCHIVE_THEN_DELETE if self.archive else Action.DELETE


def _rule_applies(rule: RetentionRule, client: Client, register: tuple[str, int], tasks: set[str]) -> bool:
    if not rule_applies_to_register(rule, register_id=client.register_id, kind=register[0],
                                    controller_id=register[1]):
        return False
    statutory = any(task != ServiceTask.PRIVATE for task in tasks)
    if rule.applies_to == AppliesTo.STATUTORY_CLIENTS:
        return statutory
    if rule.applies_to == AppliesTo.PRIVATE_CLIENTS:
        return not statutory
    if rule.applies_to == AppliesTo.CASES_OF_TASK:
        return rule.service_task in tasks
    return True


def _rule_cases(rule: RetentionRule, cases: list[Case]) -> list[Case]:
    if rule.applies_to == AppliesTo.CASES_OF_TASK:
        return [c for c in cases if c.service_task == rule.service_task]
    if rule.applies_to == AppliesTo.STATUTORY_CLIENTS:
        return [c for c in cases if c.service_task != ServiceTask.PRIVATE]
    return cases


def _last_activity(client: Client, cases: list[Case]) -> datetime.date:
    days = [client.relationship_started, client.relationship_ended,
            getattr(client, "last_entry_on", None), getattr(client, "last_document_on", None)]
    for case in cases:
        days += [case.opened_on, case.closed_on]
    return max(d for d in days if d is not None)


def _adult_on(client: Client, day: datetime.date) -> bool:
    born = client.date_of_birth
    return born is not None and (day.year - born.year - ((day.month, day.day) < (born.month, born.day))) >= 18


def _child_birth(client: Client, cases: list[Case]) -> tuple[datetime.date | None, str | None]:
    """"Family-law matters concerning a child: 120 years from the child's birth": the child's
    date of birth on the case (the client is a parent), else the client's own birth when the
    client was a child when the case opened. A client who was an adult then is not the child:
    without the child's date on the case the period cannot start. Several cases: the latest
    birth decides (the longest period)."""
    births = []
    for case in cases:
        if case.child_date_of_birth is not None:
            births.append(case.child_date_of_birth)
        elif client.date_of_birth is not None and not _adult_on(client, case.opened_on):
            births.append(client.date_of_birth)
        else:
            return None, WaitingFor.CHILD_DATE_OF_BIRTH
    if not births:
        if client.date_of_birth is None:
            return None, WaitingFor.DATE_OF_BIRTH
        return client.date_of_birth, None
    return max(births), None


def _start(rule: RetentionRule, client: Client, cases: list[Case]) -> tuple[datetime.date | None, str | None]:
    event = rule.start_event
    if event == StartEvent.RELATIONSHIP_ENDED:
        return client.relationship_ended, None if client.relationship_ended else WaitingFor.RELATIONSHIP_ENDED
    if event == StartEvent.CLIENT_DEATH:
        return client.date_of_death, None if client.date_of_death else WaitingFor.DATE_OF_DEATH
    if event == StartEvent.CHILD_BIRTH:
        return _child_birth(client, _rule_cases(rule, cases))
    if event == StartEvent.CASE_CLOSED:
        relevant = _rule_cases(rule, cases)
        # Per case, the latest closing decides; an open case (or none yet) means waiting.
        if not relevant or any(c.closed_on is None for c in relevant):
            return None, WaitingFor.CASE_CLOSED
        return max(c.closed_on for c in relevant if c.closed_on), None
    if event == StartEvent.LAST_ACTIVITY:
        return _last_activity(client, cases), None
    return None, WaitingFor.START_DATE  # a document's date says nothing about the whole file


def client_retention(
    client: Client, rules: Iterable[RetentionRule], today: datetime.date, *,
    register: tuple[str, int] | None = None, cases: list[Case] | None = None,
) -> RetentionStatus:
    """When `client` may be removed under `rules` (the active client-file rules).

    Every applicable rule must have run its course: the due date is the latest of their due
    dates, and while any of them still lacks its start date (no date of death yet, a case still
    open) the client is not due. No applicable rule: never due. `today` is the day the answer is
    for; an event dated after it (a relationship planned to end next month) gives a due date in
    the future, which the forecast counts and the run leaves alone."""
    if register is None:  # (kind, controller) of the client's register
        register = (client.register.kind, client.register.controller_id)
    if cases is None:
        cases = list(client.cases.all())
    tasks = {c.service_task for c in cases}
    applicable = []
    for rule in rules:
        if not _rule_applies(rule, client, register, tasks):
            continue
        start, waiting = _start(rule, client, cases)
        due = rule.due_from(start) if start is not None and waiting is None else None
        applicable.append(RuleDue(rule=rule, start_on=start, due_on=due, waiting_for=waiting))
    if not applicable:
        return RetentionStatus(applicable=(), due_on=None, rule=None, waiting_for=None)
    lacking = [r for r in applicable if r.waiting_for]
    if lacking:
        first = lacking[0]
        return RetentionStatus(applicable=tuple(applicable), due_on=None, rule=first.rule,
                               waiting_for=first.waiting_for)
    # The latest due date decides; on a tie, the most specific rule names it.
    deciding = max(applicable, key=lambda r: (r.due_on or datetime.date.max, SPECIFICITY[r.rule.applies_to],
                                              r.rule.pk))
    return RetentionStatus(applicable=tuple(applicable), due_on=deciding.due_on, rule=deciding.rule,
                           waiting_for=None)


# Retention per case --------------------------------------------------------------------------

CASE_EVENTS = (StartEvent.CASE_CLOSED, StartEvent.CHILD_BIRTH)


@dataclass(frozen=True)
class CaseRetention:
    """When one case's own records (entries under its granted services, the granted services,
    plans, agreements and documents filed under it) may be removed while the client stays.

    `due_on` is None while the case is open or a rule lacks its start date (`waiting_for`), and
    when no rule speaks of the case itself (its records then go with the client). `removable`:
    some rule speaks of the case, so the nightly run removes its records on its own: deleted
    (a rule that anonymises keeps the case row without its title, as a deletion does), or first
    handed to an archive in a package of the case alone when a rule of the case archives
    (`archive`)."""

    case: Case
    applicable: tuple[RuleDue, ...]
    due_on: datetime.date | None
    rule: RetentionRule | None
    waiting_for: str | None

    @property
    def removable(self) -> bool:
        return bool(self.applicable)

    @property
    def archive(self) -> RuleDue | None:
        """The archiving rule that decides the case's handoff (the one ending last), if any archives."""
        archiving = [r for r in self.applicable if r.rule.action == Action.ARCHIVE_THEN_DELETE]
        if not archiving:
            return None
        return max(archiving, key=lambda r: (r.due_on or datetime.date.max, r.rule.pk))

    def is_due(self, today: datetime.date) -> bool:
        return self.removable and self.due_on is not None and self.due_on <= today

    @property
    def waiting_for_label(self) -> str:
        return str(WaitingFor(self.waiting_for).label) if self.waiting_for else ""


def _speaks_of_case(rule: RetentionRule, case: Case) -> bool:
    if rule.applies_to == AppliesTo.CASES_OF_TASK:
        return rule.service_task == case.service_task
    return rule.start_event in CASE_EVENTS and bool(_rule_cases(rule, [case]))


def case_retentions(
    client: Client, rules: Iterable[RetentionRule], *, register: tuple[str, int] | None = None,
    cases: list[Case] | None = None,
) -> list[CaseRetention]:
    """Per case of `client` whose records are still there: when its records fall due under the
    rules that speak of the case (its service task's rules, rules counting from a case's closing
    or a child's birth). Every such rule must have run its course, as for a whole client."""
    if register is None:
        register = (client.register.kind, client.register.controller_id)
    if cases is None:
        cases = list(client.cases.all())
    rules = list(rules)
    found = []
    for case in cases:
        if case.records_removed_on is not None:
            continue
        applicable = []
        for rule in rules:
            if not (_rule_applies(rule, client, register, {case.service_task}) and _speaks_of_case(rule, case)):
                continue
            start: datetime.date | None
            waiting: str | None
            if rule.start_event == StartEvent.CASE_CLOSED and case.closed_on is None:
                start, waiting = None, WaitingFor.CASE_CLOSED
            else:
                start, waiting = _start(rule, client, [case])
            due = rule.due_from(start) if start is not None and waiting is None else None
            applicable.append(RuleDue(rule=rule, start_on=start, due_on=due, waiting_for=waiting))
        lacking = [r for r in applicable if r.waiting_for]
        if case.closed_on is None and applicable and not lacking:
            lacking = [RuleDue(rule=applicable[0].rule, start_on=None, due_on=None,
                               waiting_for=WaitingFor.CASE_CLOSED)]
        if not applicable:
            found.append(CaseRetention(case=case, applicable=(), due_on=None, rule=None, waiting_for=None))
        elif lacking:
            found.append(CaseRetention(case=case, applicable=tuple(applicable), due_on=None, rule=lacking[0].rule,
                                       waiting_for=lacking[0].waiting_for))
        else:
            deciding = max(applicable, key=lambda r: (r.due_on or datetime.date.max, r.rule.pk))
            found.append(CaseRetention(case=case, applicable=tuple(applicable), due_on=deciding.due_on,
                                       rule=deciding.rule, waiting_for=None))
    return found


# Many clients --------------------------------------------------------------------------------

def _scope_q(rule: RetentionRule) -> Q:
    named = [r.pk for r in rule.registers.all()]
    if named:
        q = Q(register_id__in=named)
    elif rule.controller_id is not None:
        q = Q(register__controller_id=rule.controller_id)
    elif rule.statutory:
        q = Q()
    else:
        return Q(pk__in=[])  # a rule of nobody's registers applies to nobody
    if rule.register_kind and not named:
        q &= Q(register__kind=rule.register_kind)
    if rule.applies_to == AppliesTo.CASES_OF_TASK:
        q &= Q(Exists(Case.objects.filter(client=OuterRef("pk"), service_task=rule.service_task)))
    return q


def _start_q(rule: RetentionRule) -> Q:
    if rule.start_event == StartEvent.RELATIONSHIP_ENDED:
        return Q(relationship_ended__isnull=False)
    if rule.start_event == StartEvent.CLIENT_DEATH:
        return Q(date_of_death__isnull=False)
    if rule.start_event == StartEvent.CASE_CLOSED:
        return Q(Exists(Case.objects.filter(client=OuterRef("pk"), closed_on__isnull=False)))
    return Q()  # birth, last activity: any client in the rule's scope


def retention_candidates(clients: QuerySet[Client], rules: list[RetentionRule]) -> QuerySet[Client]:
    """The clients that could be due under `rules`: a due client has every applicable rule's
    start date, so it meets at least one rule's scope and start condition. A superset, cheap to
    find, that spares the run from looking at every active client every night."""
    if not rules:
        return clients.none()
    condition = Q()
    for rule in rules:
        condition |= _scope_q(rule) & _start_q(rule)
    anonymised = PurgeRecord.objects.filter(anonymised_client_ref__isnull=False).values("anonymised_client_ref")
    return clients.filter(condition).exclude(pk__in=anonymised)


def retention_statuses(
    clients: QuerySet[Client], rules: list[RetentionRule], today: datetime.date, *,
    batch_size: int = BATCH_SIZE, candidates_only: bool = True,
) -> Iterator[tuple[Client, RetentionStatus]]:
    """(client, status) for the candidates among `clients`, in primary-key order, in batches:
    one query for the clients and one for their cases per batch."""
    if not rules:
        return
    if candidates_only:
        clients = retention_candidates(clients, rules)
    registers = {pk: (kind, controller) for pk, kind, controller
                 in Register.objects.values_list("pk", "kind", "controller_id")}
    if any(r.start_event == StartEvent.LAST_ACTIVITY for r in rules):
        clients = clients.annotate(
            last_entry_on=Subquery(ServiceEntry.objects.filter(client=OuterRef("pk")).order_by()
                                   .values("client").annotate(m=Max("date")).values("m")),
            last_document_on=Subquery(Document.objects.filter(client=OuterRef("pk")).order_by()
                                      .values("client").annotate(m=Max("document_date")).values("m")),
        )
    cases = Case.objects.only("id", "client_id", "service_task", "opened_on", "closed_on", "child_date_of_birth",
                              "records_removed_on").order_by()
    last_pk = 0
    while True:
        batch = list(clients.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            return
        # The batch's cases by a range of client keys: one query without thousands of bound
        # parameters (a prefetch binds every key; at 2,000 a batch that cost more than the rows).
        by_client: dict[int, list[Case]] = defaultdict(list)
        for case in cases.filter(client_id__gte=batch[0].pk, client_id__lte=batch[-1].pk):
            by_client[case.client_id].append(case)
        for client in batch:
            _cases_known(client, by_client.get(client.pk, []))
        for client in batch:
            yield client, client_retention(client, rules, today, register=registers[client.register_id],
                                           cases=list(client.cases.all()))
        last_pk = batch[-1].pk


def _cases_known(client: Client, cases: list[Case]) -> None:
    """`client.cases.all()` answers from `cases` without a query, as a prefetch would leave it."""
    queryset = client.cases.all()
    queryset._result_cache = cases  # type: ignore[attr-defined]
    queryset._prefetch_done = True  # type: ignore[attr-defined]
    client._prefetched_objects_cache = {"cases": queryset}  # type: ignore[attr-defined]


OPEN_HANDOFF = [HandoffStatus.AWAITING_RECEIPT, HandoffStatus.READY]


# Holds ---------------------------------------------------------------------------------------

class HoldReason:
    LEGAL_HOLD = "legal_hold"
    REGISTER_HOLD = "register_hold"
    OPEN_REQUEST = "open_request"

    LABELS = {
        LEGAL_HOLD: _("legal hold on the client"),
        REGISTER_HOLD: _("legal hold on the register"),
        OPEN_REQUEST: _("open data-subject request"),
    }


@dataclass
class Holds:
    """Everything on hold on one day, loaded once per run (holds are few)."""

    clients: dict[int, str] = field(default_factory=dict)
    registers: set[int] = field(default_factory=set)

    def reason(self, client: Client) -> str | None:
        if client.pk in self.clients:
            return self.clients[client.pk]
        if client.register_id in self.registers:
            return HoldReason.REGISTER_HOLD
        return None


def holds_in_force(*, today: datetime.date, client_ids: Iterable[int] | None = None) -> Holds:
    """Legal holds in force on `today` and the automatic holds of open data-subject requests.
    With `client_ids`, only those clients are looked up (a purge re-checks inside its
    transaction)."""
    in_force = legal_holds_in_force(today)
    requests = clients_with_open_requests().order_by()
    if client_ids is not None:
        ids = list(client_ids)
        in_force_clients = in_force.filter(client_id__in=ids)
        requests = requests.filter(pk__in=ids)
    else:
        in_force_clients = in_force.filter(client__isnull=False)
    holds = Holds()
    for pk in requests.values_list("pk", flat=True):
        holds.clients[pk] = HoldReason.OPEN_REQUEST
    for pk in in_force_clients.values_list("client_id", flat=True):
        holds.clients[pk] = HoldReason.LEGAL_HOLD
    holds.registers = set(in_force.filter(register__isnull=False).values_list("register_id", flat=True))
    return holds


def legal_holds_in_force(today: datetime.date) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True).filter(Q(until__isnull=True) | Q(until__gte=today))


def client_hold_and_handoff(client: Client, *, today: datetime.date) -> tuple[str | None, ArchiveHandoff | None]:
    """For one client's page: what `holds_in_force(...).reason(client)` answers and the open
    archive handoff, in one query (a second only when there is a handoff to show)."""
    in_force = legal_holds_in_force(today)
    row = Client.objects.filter(pk=client.pk).annotate(
        client_hold=Exists(in_force.filter(client_id=OuterRef("pk"))),
        register_hold=Exists(in_force.filter(register_id=OuterRef("register_id"))),
        open_request=Exists(clients_with_open_requests().filter(pk=OuterRef("pk"))),
        handoff_id=Subquery(ArchiveHandoff.objects.filter(client_ref=OuterRef("pk"), status__in=OPEN_HANDOFF,
                                                          case_ref__isnull=True)
                            .order_by("-pk").values("pk")[:1]),
    ).values("client_hold", "register_hold", "open_request", "handoff_id").get()
    holds = Holds()  # filled as holds_in_force fills it, so that Holds.reason decides alike
    if row["open_request"]:
        holds.clients[client.pk] = HoldReason.OPEN_REQUEST
    if row["client_hold"]:
        holds.clients[client.pk] = HoldReason.LEGAL_HOLD
    if row["register_hold"]:
        holds.registers.add(client.register_id)
    handoff = (ArchiveHandoff.objects.select_related("rule").get(pk=row["handoff_id"])
               if row["handoff_id"] is not None else None)
    return holds.reason(client), handoff


def open_handoffs(client_ids: Iterable[int]) -> dict[int, ArchiveHandoff]:
    return {h.client_ref: h for h in ArchiveHandoff.objects.filter(
        client_ref__in=list(client_ids), status__in=OPEN_HANDOFF, case_ref__isnull=True).select_related("rule")}


# The two-week notice and the forecast --------------------------------------------------------

@dataclass(frozen=True)
class DueRow:
    client: Client
    status: RetentionStatus
    hold: str | None
    handoff: ArchiveHandoff | None

    @property
    def hold_label(self) -> str:
        return str(HoldReason.LABELS[self.hold]) if self.hold else ""


def due_soon(clients: QuerySet[Client], *, today: datetime.date, days: int = NOTICE_DAYS) -> list[DueRow]:
    """Clients falling due (or to be handed over) within `days`, and those already due but still
    here (held, awaiting a receipt, failed): the register contact sees them before anything is
    deleted. Soonest first."""
    limit = today + datetime.timedelta(days=days)
    rules = client_file_rules()
    found = []
    for client, status in retention_statuses(clients.select_related("register"), rules, today):
        first_step = min(d for d in (status.due_on, status.handoff_on) if d is not None) \
            if status.due_on or status.handoff_on else None
        if first_step is not None and first_step <= limit:
            found.append((client, status))
    holds = holds_in_force(today=today, client_ids=[c.pk for c, _ in found])
    handoffs = open_handoffs(c.pk for c, _ in found)
    rows = [DueRow(client=c, status=s, hold=holds.reason(c), handoff=handoffs.get(c.pk)) for c, s in found]
    return sorted(rows, key=lambda r: (r.status.due_on or datetime.date.max, r.client.pk))


@dataclass(frozen=True)
class ForecastMonth:
    first_day: datetime.date
    counts: dict[int, int]  # rule pk -> clients

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Forecast:
    today: datetime.date
    rules: list[RetentionRule]
    already_due: dict[int, int]
    months: list[ForecastMonth]

    @property
    def already_due_total(self) -> int:
        return sum(self.already_due.values())

    @property
    def max_total(self) -> int:
        return max([m.total for m in self.months] + [0])

    def as_dict(self) -> dict:
        codes = {r.pk: r.code for r in self.rules}
        return {
            "today": self.today.isoformat(),
            "already_due": {codes[pk]: n for pk, n in sorted(self.already_due.items())},
            "months": [{"month": f"{m.first_day:%Y-%m}", "total": m.total,
                        "rules": {codes[pk]: n for pk, n in sorted(m.counts.items())}} for m in self.months],
        }


def retention_forecast(clients: QuerySet[Client], *, today: datetime.date, months: int) -> Forecast:
    """Per calendar month from this one, how many clients fall due, per deciding rule; and how
    many are due already but still here."""
    rules = client_file_rules()
    counts: list[dict[int, int]] = [defaultdict(int) for _ in range(months)]
    already: dict[int, int] = defaultdict(int)
    for _client, status in retention_statuses(clients, rules, today):
        if status.due_on is None or status.rule is None:
            continue
        if status.due_on <= today:
            already[status.rule.pk] += 1
            continue
        index = (status.due_on.year - today.year) * 12 + status.due_on.month - today.month
        if index < months:
            counts[index][status.rule.pk] += 1
    firsts = []
    for i in range(months):
        month_index = today.month - 1 + i
        firsts.append(datetime.date(today.year + month_index // 12, month_index % 12 + 1, 1))
    used = set(already) | {pk for c in counts for pk in c}
    return Forecast(
        today=today, rules=[r for r in rules if r.pk in used], already_due=dict(already),
        months=[ForecastMonth(first_day=f, counts=dict(c)) for f, c in zip(firsts, counts, strict=True)],
    )


# Dates of death to ask for --------------------------------------------------------------------

def clients_awaiting_date_of_death(clients: QuerySet[Client], *, today: datetime.date,
                                   years: int) -> QuerySet[Client]:
    """Statutory clients (a case of a statutory service task) with no date of death whose
    relationship ended at least `years` ago: their data is kept until two years after death, so
    without the date it is kept for ever. A client without an end date counts as ended when none
    of their cases is open and the last one closed that long ago. Longest ago first."""
    cutoff = add_period(today, years=-years)
    statutory = Case.objects.filter(client=OuterRef("pk")).exclude(service_task=ServiceTask.PRIVATE)
    open_case = Case.objects.filter(client=OuterRef("pk"), closed_on__isnull=True)
    last_closed = (Case.objects.filter(client=OuterRef("pk")).order_by().values("client")
                   .annotate(m=Max("closed_on")).values("m"))
    return (clients.filter(date_of_death__isnull=True).filter(Exists(statutory))
            .annotate(last_closed_on=Subquery(last_closed))
            .filter(Q(relationship_ended__lte=cutoff)
                    | Q(relationship_ended__isnull=True, last_closed_on__lte=cutoff) & ~Q(Exists(open_case)))
            .select_related("register").order_by("relationship_ended", "last_closed_on", "pk"))
