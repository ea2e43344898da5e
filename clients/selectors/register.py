"""Reads that views and the other apps rely on. `clients_visible_to` is the only way to get
clients for a user: every view and admin page goes through it."""

import datetime
import json
import re
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connections
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from core.roles import Role, user_roles

from ..identifiers import looks_like_identity_code, search_key
from ..models import AccessEntry, Client, EmergencyAccess, Register, WorkerProfile


def worker_profile(user: User | AnonymousUser) -> WorkerProfile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.worker_profile  # type: ignore[union-attr]
    except WorkerProfile.DoesNotExist:
        return None


def client_data_refusal(user: User | AnonymousUser) -> str | None:
    """Why this user may not see any client data, or None when they may.

    Seeds 000, 003 and 004: only staff bound by a signed confidentiality commitment
    handle client data."""
    from django.utils.translation import gettext as _

    if not user.is_authenticated or not user.is_active:
        return _("Sign in to see client data.")
    profile = worker_profile(user)
    if profile is None:
        return _("Your account is not linked to an organisation. Ask an admin to add a worker profile.")
    if profile.confidentiality_signed_on is None:
        return _(
            "No signed confidentiality commitment has been recorded for you. "
            "Client data is shown only after it has been signed."
        )
    if not user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT, Role.CASEWORKER}:
        return _("Your account has no role. Ask an admin to give you one.")
    return None


REQUEST_HANDLERS = frozenset({Role.ADMIN, Role.REGISTER_CONTACT})


def request_handling_refusal(user: User | AnonymousUser) -> str | None:
    """Why this user may not handle data-subject requests, or None when they may. Separation of
    duties (DESIGN.md): a caseworker registers a request a client makes at the desk; only the
    register contact and the organisation admin verify the requester, extend, decide, hand the
    data out, carry out an erasure and set or lift a restriction. The one check that the request
    pages and every request service ask."""
    refusal = client_data_refusal(user)
    if refusal is not None:
        return refusal
    if not user_roles(user) & REQUEST_HANDLERS:
        from django.utils.translation import gettext as _

        return _("Only the register contact or an admin verifies, decides and answers data-subject requests.")
    return None


def request_handler_required(user: User | AnonymousUser) -> None:
    """Raise PermissionDenied unless `user` may handle data-subject requests."""
    from django.core.exceptions import PermissionDenied

    refusal = request_handling_refusal(user)
    if refusal is not None:
        raise PermissionDenied(refusal)


def registers_visible_to(user: User | AnonymousUser) -> QuerySet[Register]:
    """Registers the user's organisation controls or keeps on a controller's behalf."""
    if client_data_refusal(user) is not None:
        return Register.objects.none()
    org = worker_profile(user).controller_id  # type: ignore[union-attr]
    return Register.objects.filter(Q(controller_id=org) | Q(operator_id=org))


def clients_visible_to(user: User | AnonymousUser) -> QuerySet[Client]:
    """Seed 002: "Käyttäjän oikeudet rajautuvat toteutettavien asiakkuuksien ja työtehtävän
    mukaan." Caseworkers see their assigned clients, and an unassigned client of their own
    organisation only while they hold an unexpired emergency access to it (given with a
    reason, logged, reviewed); register contacts and admins every client of their
    organisation's registers; nobody another organisation's."""
    if client_data_refusal(user) is not None:
        return Client.objects.none()
    org = worker_profile(user).controller_id  # type: ignore[union-attr]
    clients = Client.objects.filter(Q(register__controller_id=org) | Q(register__operator_id=org))
    if not user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT}:
        now = timezone.now()
        emergency = list(EmergencyAccess.objects.filter(
            user=user.pk, started_at__lte=now, expires_at__gt=now,
        ).values_list("client_id", flat=True))
        if emergency:
            # Subqueries, not joins: an OR across the assignment join would repeat rows.
            assigned = Client.assigned_workers.through.objects.filter(user_id=user.pk)  # type: ignore[misc]
            clients = clients.filter(Q(pk__in=assigned.values("client_id")) | Q(pk__in=emergency))
        else:
            clients = clients.filter(assigned_workers=user.pk)
    return clients


def organisation_id(user: User | AnonymousUser) -> int:
    """The user's organisation (the controller of their worker profile); 404 without one."""
    profile = worker_profile(user)
    if profile is None:
        raise Http404
    return profile.controller_id


def organisation_clients(user: User | AnonymousUser) -> QuerySet[Client]:
    """Every client of the user's organisation, assigned or not: where emergency access may be
    sought. Never another organisation's."""
    if client_data_refusal(user) is not None:
        return Client.objects.none()
    org = organisation_id(user)
    return Client.objects.filter(Q(register__controller_id=org) | Q(register__operator_id=org))


def clients_matching(clients: QuerySet[Client], lookup: str) -> QuerySet[Client]:
    """A full personal identity code or a client number, nothing fuzzier: emergency access and
    breach records name one client exactly."""
    lookup = (lookup or "").strip()
    if looks_like_identity_code(lookup):
        return clients.filter(identity_code=lookup.upper())
    if lookup.isascii() and lookup.isdigit() and len(lookup) <= 18:
        return clients.filter(pk=int(lookup))
    return clients.none()


# The start of an identity code: the date part, then perhaps the century sign and individual number.
IDENTITY_CODE_START = re.compile(r"\d{6}(?:[-+A-FU-Y]\d{0,3})?")
# A date of birth as people type it: 2.8.1937, 02.08.1937 or 1937-08-02.
FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date_of_birth(query: str) -> datetime.date | None:
    if match := FINNISH_DATE.fullmatch(query):
        day, month, year = (int(part) for part in match.groups())
    elif match := ISO_DATE.fullmatch(query):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def client_list_search(user: User | AnonymousUser, query: str, *, first: int) -> QuerySet[Client]:
    """The client list: `client_search` among the clients the user sees, of which the caller reads
    only the `first` rows in the list's order (sort_name, pk). Register contacts and admins see
    every client of their organisation's registers, so a name search may read the first rows
    straight from the name-word index in list order (NamesInListOrder); a caseworker's few
    assigned clients are searched as they are."""
    visible = clients_visible_to(user)
    whole_registers = None
    if client_data_refusal(user) is None and user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT}:
        whole_registers = list(registers_visible_to(user).values_list("pk", flat=True))
    return client_search(visible, query, first=first, whole_registers=whole_registers)


def client_search(clients: QuerySet[Client], query: str, *, first: int | None = None,
                  whole_registers: list[int] | None = None) -> QuerySet[Client]:
    """What a caseworker types into the search box, each index-backed on PostgreSQL:
    - a full identity code: exactly that client;
    - the start of one ("020837", "020837-1"): clients whose code starts so;
    - a date of birth ("2.8.1937", "02.08.1937", "1937-08-02"): clients born that day;
    - otherwise names: every word starts a part of the name, ignoring case and accents, in any
      order ("makinen", "matti", "juhani", "matti makinen" all find "Mäkinen Matti Juhani"), and
      a piece of a hyphenated name is a part too ("kuusela" finds "Mäki-Kuusela").

    `first` and `whole_registers`: `clients` is every client of those registers and the caller
    reads only the first `first` rows in the list's order; then a name search reads just those
    from the name-word index (PostgreSQL)."""
    query = " ".join((query or "").split())
    if not query:
        return clients
    if looks_like_identity_code(query):
        return clients.filter(identity_code=query.upper())
    if IDENTITY_CODE_START.fullmatch(query.upper()):
        return clients.filter(_starts_with("identity_code", query.upper()))
    if (born := _date_of_birth(query)) is not None:
        return clients.filter(date_of_birth=born)
    words = [word for word in search_key(query).split(" ") if word]
    if not words:  # accents alone ("\u0308"): nothing to search by
        return clients.none()
    if connections[clients.db].vendor == "postgresql":
        # Each word a range of the name-word index (migration 0003, clients_name_word): under
        # row-level security only leakproof operators reach an index before the policy. The
        # longest word, likely the rarest, picks the clients by their primary key; the others are
        # checked on those few.
        if first is not None and whole_registers is not None:
            return clients.filter(NamesInListOrder(words, registers=whole_registers, first=first))
        longest, *others = sorted(words, key=len, reverse=True)
        clients = clients.filter(NamePartStarts(longest))
        for word in others:
            starting = (word, _next_prefix(word))
            clients = clients.filter(pk__in=RawSQL(NAME_PART_STARTS, starting))  # noqa: S611 - constant SQL
        return clients
    # SQLite (the `make run` demo) keeps the wall of the application alone and reads the key.
    every_word = Q()
    for word in words:
        every_word &= (Q(search_name__startswith=word) | Q(search_name__contains=f" {word}")
                       | Q(search_name__contains=f"-{word}"))
    return clients.filter(every_word)


# Clients with a name part that starts with a prefix: every part of a client's search key is a
# row of clients_name_word (PostgreSQL only, kept by triggers), the b-tree on (word, client_id)
# serves the range, and texteq, text_ge and text_lt are leakproof (pg_proc.proleakproof).
NAME_PART_STARTS = "SELECT client_id FROM clients_name_word WHERE word >= %s AND word < %s"


class NamePartStarts(Func):
    """The client has a name part that starts with `prefix`, as `id = ANY(ARRAY(SELECT client_id
    FROM clients_name_word WHERE word >= prefix AND word < the next prefix))`.

    Why an array and not `id IN (SELECT ...)`: the list is in Finnish order (sort_name) and the
    planner, not knowing how many clients a word finds, would walk the whole list in that order
    and test each client against the words. Names cluster in that order (every Mäkinen is near
    the end), so "makinen" walked most of the register. An array of unknown size is planned as
    a handful of keys: the clients are fetched by primary key (int8eq = ANY is leakproof, so
    before the policy) and only those found are sorted, at a cost that grows with the number
    found, never with the register."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, prefix: str) -> None:
        super().__init__(F("pk"), Value(prefix), Value(_next_prefix(prefix)))

    def as_sql(self, compiler: Any, connection: Any, function: str | None = None, template: str | None = None,
               arg_joiner: str | None = None, **extra_context: Any) -> Any:
        (pk, pk_params), (low, low_params), (high, high_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions())
        subquery = NAME_PART_STARTS.replace("%s", low, 1).replace("%s", high, 1)
        return f"{pk} = ANY(ARRAY({subquery}))", [*pk_params, *low_params, *high_params]


# The first `first` clients in list order (sort_name, id) with a name part starting with the
# leading word (%(low)s..%(high)s) and one starting with each other word, among the registers
# %(registers)s. The distinct words of the leading range are found one index probe each (a "loose
# index scan"); each word's clients come in list order from the (word, sort_name, client_id) index
# (migration 0014), at most `first` of them, and the union's first `first` are the answer: a
# client among the first `first` of all is among the first `first` of each of its words.
NAMES_IN_LIST_ORDER = """
WITH RECURSIVE found(word) AS (
  (SELECT n.word FROM clients_name_word n
    WHERE n.word >= %(low)s AND n.word < %(high)s AND n.rls_register_id = ANY(%(registers)s)
    ORDER BY n.word LIMIT 1)
  UNION ALL
  SELECT (SELECT n.word FROM clients_name_word n
           WHERE n.word > found.word AND n.word < %(high)s AND n.rls_register_id = ANY(%(registers)s)
           ORDER BY n.word LIMIT 1)
    FROM found WHERE found.word IS NOT NULL
){materialized}
SELECT candidate.client_id FROM (
  SELECT page.client_id, page.sort_name FROM found CROSS JOIN LATERAL (
    SELECT n.client_id, n.sort_name FROM clients_name_word n
     WHERE n.word = found.word AND n.rls_register_id = ANY(%(registers)s){others}
     ORDER BY n.sort_name, n.client_id LIMIT %(first)s) page
  WHERE found.word IS NOT NULL
) candidate
GROUP BY candidate.client_id, candidate.sort_name
ORDER BY candidate.sort_name, candidate.client_id LIMIT %(first)s
"""
# Another word whose clients are few enough: its client ids, gathered once and looked up in a hash.
OTHER_WORD_GATHERED = """,
other{i} AS MATERIALIZED (
  SELECT o.client_id FROM clients_name_word o
   WHERE o.word >= %(low{i})s AND o.word < %(high{i})s AND o.rls_register_id = ANY(%(registers)s))"""
# (Inside coalesce() so that the planner keeps it a hashed lookup and does not turn it into a
# join walked from the gathered ids.)
OTHER_WORD_IN_GATHERED = " AND coalesce(n.client_id IN (SELECT client_id FROM other{i}), false)"
# Another word far more common than the leading one: checked per candidate by the (client_id,
# word) key, and such candidates are plentiful, so the walk stops soon.
OTHER_WORD_PROBED = """
       AND EXISTS (SELECT 1 FROM clients_name_word o
                    WHERE o.client_id = n.client_id AND o.word >= %(low{i})s AND o.word < %(high{i})s)"""
# Another word is gathered when it has at most this many times the leading word's clients.
GATHER_UP_TO = 2


def _word_rows(prefix: str, using: str) -> float:
    """The planner's estimate of the name-word rows starting with `prefix` (from the column's
    statistics, a fraction of a millisecond): enough to choose which word leads and which are
    gathered, never used for what is found."""
    with connections[using].cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) SELECT 1 FROM clients_name_word WHERE word >= %s AND word < %s",
                       [prefix, _next_prefix(prefix)])
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return float(plan[0]["Plan"]["Plan Rows"])


class NamesInListOrder(Func):
    """`id = ANY(ARRAY(NAMES_IN_LIST_ORDER))`: the first `first` clients of the list among those
    with a part of the name starting with each of `words`, read from the name-word index in list
    order, at a cost that grows with `first`, the number of distinct words the leading prefix
    covers and the clients of the rarer words, never with the register. With several words the
    one with the fewest clients leads. The registers are named here as well as by row-level
    security, so that the application's wall holds on its own."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, words: list[str], *, registers: list[int], first: int) -> None:
        super().__init__(F("pk"))
        self.words, self.registers, self.first = list(dict.fromkeys(words)), list(registers), first

    def as_sql(self, compiler: Any, connection: Any, function: str | None = None, template: str | None = None,
               arg_joiner: str | None = None, **extra_context: Any) -> Any:
        pk, pk_params = compiler.compile(self.get_source_expressions()[0])
        rows = {word: _word_rows(word, connection.alias) for word in self.words} if len(self.words) > 1 else {}
        leading = min(self.words, key=lambda word: (rows.get(word, 0), -len(word)))
        named: dict[str, Any] = {"low": leading, "high": _next_prefix(leading),
                                 "registers": self.registers, "first": self.first}
        materialized = others = ""
        for i, word in enumerate(word for word in self.words if word != leading):
            named[f"low{i}"], named[f"high{i}"] = word, _next_prefix(word)
            if rows[word] <= GATHER_UP_TO * rows[leading]:
                materialized += OTHER_WORD_GATHERED.format(i=i)
                others += OTHER_WORD_IN_GATHERED.format(i=i)
            else:
                others += OTHER_WORD_PROBED.format(i=i)
        sql = NAMES_IN_LIST_ORDER.replace("{materialized}", materialized).replace("{others}", others)
        # Named placeholders to positional ones, in order of appearance (Django's params are a list).
        order: list[str] = []

        def positional(match: re.Match) -> str:
            order.append(match.group(1))
            return "%s::bigint[]" if match.group(1) == "registers" else "%s"

        sql = re.sub(r"%\((\w+)\)s", positional, sql)
        return f"{pk} = ANY(ARRAY({sql}))", [*pk_params, *(named[name] for name in order)]


def _next_prefix(prefix: str) -> str:
    """The first string after every string that starts with `prefix`, in byte ("C") order."""
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:  # surrogates cannot be sent: skip to the next character
        following = 0xE000
    return prefix[:-1] + chr(following)


def _starts_with(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, as a range of the column's byte order ("C" collation):
    PostgreSQL's row-level security lets only leakproof operators reach an index before the
    policy, and `>=`/`<` on text are leakproof where LIKE is not."""
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": _next_prefix(prefix)})


def client_by_identity_code(clients: QuerySet[Client], query: str) -> Client | None:
    """The one client among `clients` whose full identity code `query` is, or None (no code, no
    match, or the same person in several registers: then the list shows them all)."""
    query = (query or "").strip()
    if not looks_like_identity_code(query):
        return None
    matches = list(clients.filter(identity_code=query.upper())[:2])
    return matches[0] if len(matches) == 1 else None


def client_file(client: Client) -> dict:
    """The people and health information of the client file's first part (and the edit form),
    in a fixed number of queries."""
    representatives = list(client.representatives.all())
    try:
        health = client.health
    except Client.health.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        health = None
    return {
        "representatives": representatives,
        "health": health,
        "assigned_workers": list(client.assigned_workers.all()),
        # Seed 003: an overwritten value of the basic data stays readable, with who, when and why.
        "client_corrections": list(
            client.corrections.filter(entry__isnull=True, plan__isnull=True)
            .select_related("corrected_by").order_by("corrected_at", "pk")),
    }


def access_entries_for_client(
    client: Client, *, since: datetime.datetime | None = None
) -> QuerySet[AccessEntry]:
    entries = AccessEntry.objects.filter(client=client).select_related("user")
    return entries.filter(at__gte=since) if since else entries
