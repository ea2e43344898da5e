"""Reads other code relies on. `use_decision` is THE one question every path that uses or
discloses a client's data asks: "may client C's data be used for purpose P (disclosed to
recipient R) on day D?" It answers yes or no with the reason, the consent it rests on and the
basis. Disclosures, the marketing export and data-subject requests all go through it; nothing
else decides consent questions.

What it weighs, in this order (the first that applies decides):
 1. the question itself: a purpose of the client's own register, a recipient that fits it;
 2. a disclosure the law allows (a law named, recipient type the law covers): decided by the
    client register's own rules (`clients.services.disclosure_refusal`), not by consents;
 3. the purpose still in use; the client alive on that day (a consent ends with the person);
 4. the processing restriction (GDPR Art 18): no consent-based use and no marketing at all;
 5. the client's prohibitions (direct marketing, market and opinion research, address lists);
 6. the minor's prohibition of disclosure to a guardian (kept on the guardian link in clients),
    and the recipient representative's own validity on that day;
 7. for uses the client may only prohibit (seed 000's address lists): allowed now;
 8. a consent in force on that day: given on or before it, not withdrawn by then, in writing
    where the purpose needs written consent, and given by the client or by someone entitled
    to act for them both when it was given and on that day (guardianship ends at 18).
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.constants import DisclosureDirection, RecipientKind, RepresentativeRole
from clients.models import Client, Controller, Representative
from clients.selectors import clients_visible_to, registers_visible_to, user_roles
from clients.services.disclosures import LAW_BASED_RECIPIENTS, disclosure_refusal
from core.roles import Role

from .constants import ConsentMethod, DecisionBasis, GivenBy, ProhibitionKind, PurposeCode
from .models import Consent, ConsentPurpose, EmailSubscriber, MarketingExport, Prohibition, local_day
from .tokens import unsubscribe_token, unsubscribe_token_subscriber_pk

REPRESENTATIVE_RECIPIENTS = {
    RecipientKind.GUARDIAN.value: RepresentativeRole.GUARDIAN.value,
    RecipientKind.LEGAL_REPRESENTATIVE.value: RepresentativeRole.LEGAL_REPRESENTATIVE.value,
    RecipientKind.NEXT_OF_KIN.value: RepresentativeRole.NEXT_OF_KIN.value,
}


def day_text(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Decision:
    """The answer: allowed or not, why (in the user's language), what it rests on."""

    allowed: bool
    reason: str
    basis: str
    consent: Consent | None = None
    prohibition: Prohibition | None = None
    purpose: ConsentPurpose | None = None

    def __bool__(self) -> bool:
        return self.allowed


def purpose_get(*, client: Client, code: str) -> ConsentPurpose | None:
    return ConsentPurpose.objects.filter(register_id=client.register_id, code=code).first()


def purposes_for_client(client: Client, *, active_only: bool = True) -> QuerySet[ConsentPurpose]:
    purposes = ConsentPurpose.objects.filter(register_id=client.register_id)
    return purposes.filter(active=True) if active_only else purposes


def _prefetched(client: Client, name: str) -> list | None:
    cache = getattr(client, "_prefetched_objects_cache", {})
    return list(cache[name]) if name in cache else None


def _consents_of(client: Client, purpose: ConsentPurpose) -> list[Consent]:
    consents = _prefetched(client, "consents")
    if consents is None:
        consents = list(client.consents.filter(purpose=purpose).select_related("given_by_representative"))
    consents = [c for c in consents if c.purpose_id == purpose.pk]
    for consent in consents:
        _attach(consent.given_by_representative, client)
    return sorted(consents, key=lambda c: (c.given_at, c.pk), reverse=True)


def _prohibitions_of(client: Client) -> list[Prohibition]:
    prohibitions = _prefetched(client, "prohibitions")
    return prohibitions if prohibitions is not None else list(client.prohibitions.all())


def _attach(representative: Representative | None, client: Client) -> None:
    """A representative's validity depends on the client's age: reuse the client in hand
    instead of loading it again for every representative."""
    if representative is not None and representative.client_id == client.pk:
        representative.client = client


def _refuse(basis: str, reason: str, purpose: ConsentPurpose | None = None,
            **extra: object) -> Decision:
    return Decision(allowed=False, reason=reason, basis=basis, purpose=purpose, **extra)  # type: ignore[arg-type]


def recipient_problem(*, client: Client, purpose: ConsentPurpose, representative: Representative | None,
                      recipient_name: str) -> tuple[str, str] | None:
    """Whether the recipient fits the purpose: (the form field to blame, why) or None. Shared by
    the decision and by recording a consent."""
    wanted_role = REPRESENTATIVE_RECIPIENTS.get(purpose.recipient_kind)
    field = "recipient_representative"
    if wanted_role:
        if representative is None:
            if purpose.needs_recipient or recipient_name:
                return field, _("Choose the recipient from the client's own representatives.")
            return None
        if representative.client_id != client.pk:
            return field, _("Choose the recipient from the client's own representatives.")
        if representative.role != wanted_role:
            return field, _("%(name)s is not recorded as the client's %(role)s.") % {
                "name": representative.full_name,
                "role": RepresentativeRole(wanted_role).label.lower()}
        return None
    if representative is not None:
        return field, _("This purpose does not disclose data to the client's representatives.")
    if purpose.needs_recipient and not recipient_name.strip():
        return "recipient_name", _("Name the recipient: a consent for this purpose names who may receive "
                                   "the data.")
    return None


def _same_recipient(consent: Consent, purpose: ConsentPurpose, representative: Representative | None,
                    recipient_name: str) -> bool:
    """A consent for a purpose that names recipients covers only the one it names."""
    if not purpose.needs_recipient:
        return True
    if representative is not None:
        return consent.recipient_representative_id == representative.pk
    return consent.recipient_name.strip().casefold() == recipient_name.strip().casefold()


def consent_problem(consent: Consent, *, client: Client, on: datetime.date) -> str | None:
    """Why a consent that is in force by its dates still does not carry a use on `on`."""
    purpose = consent.purpose
    given_on = local_day(consent.given_at)
    if purpose.requires_written and consent.method != ConsentMethod.WRITTEN:
        return _("“%(purpose)s” needs written consent; the consent recorded on %(date)s was %(method)s.") % {
            "purpose": purpose.name, "date": day_text(given_on),
            "method": consent.get_method_display().lower()}
    if consent.given_by == GivenBy.CLIENT:
        return None
    rep = consent.given_by_representative
    if rep is None or rep.client_id != client.pk or rep.role != consent.given_by:
        return _("The consent was not given by the client or by one of the client's representatives.")
    if not rep.is_valid_on(given_on):
        return _("The consent was given by %(name)s, who was not a valid %(role)s of the client on "
                 "%(date)s.") % {"name": rep.full_name, "role": rep.get_role_display().lower(),
                                 "date": day_text(given_on)}
    if not rep.is_valid_on(on):
        ended = rep.effective_until()
        adult_from = client.adult_from()
        if rep.role == RepresentativeRole.GUARDIAN and adult_from and on >= adult_from:
            return _("The consent was given by the guardian %(name)s, and guardianship ended when the "
                     "client turned 18 (%(date)s). The client must consent themselves.") % {
                "name": rep.full_name, "date": day_text(adult_from)}
        return _("The consent was given on the client's behalf by %(name)s, whose right to act for the "
                 "client ended on %(date)s.") % {"name": rep.full_name,
                                                  "date": day_text(ended) if ended else "–"}
    return None


def _restriction_consent_problem(consent: Consent, *, client: Client) -> str | None:
    """GDPR Art 18(2): a restricted client's data is used with the client's consent, and only a
    consent given once the restriction began is consent to using restricted data; one given before
    it is the consent the client has since asked to restrict."""
    since = client.restricted_at
    if since is not None and consent.given_at >= since:
        return None
    return _("Processing of this client's data is restricted (GDPR Art 18) since %(date)s: the consent of "
             "%(given)s was given before the restriction. Only a consent given after it began is a ground "
             "of Art 18(2) for this use.") % {
        "date": day_text(local_day(since)) if since else "–", "given": day_text(local_day(consent.given_at))}


def restriction_consent_refusal(*, client: Client, on: datetime.date | None = None) -> str | None:
    """Art 18(2)'s ground "the client's consent" for an act on a restricted client's data (an edit,
    an output): why it does not hold on `on` (today by default), or None when it does. It holds
    by the rule `use_decision` applies to a use by purpose: a consent of the client in force that
    carries a use (`consent_problem`) and was given once the restriction began
    (`_restriction_consent_problem`). Installed in core.restriction by ConsentsConfig.ready."""
    on = on or local_day(timezone.now())
    for consent in client.consents.select_related("purpose", "given_by_representative"):
        _attach(consent.given_by_representative, client)
        if (consent.in_force_on(on) and consent_problem(consent, client=client, on=on) is None
                and _restriction_consent_problem(consent, client=client) is None):
            return None
    since = client.restricted_at
    return _("The client's consent is not a ground here: no consent recorded after the restriction "
             "began (%(date)s) is in force. Record the client's consent first, or choose another "
             "ground.") % {"date": day_text(local_day(since)) if since else "–"}


def _consent_reason(consent: Consent) -> str:
    values = {"date": day_text(local_day(consent.given_at)), "method": consent.get_method_display().lower()}
    if consent.given_by == GivenBy.CLIENT:
        return _("Consent given by the client on %(date)s (%(method)s).") % values
    return _("Consent given on the client's behalf by %(name)s on %(date)s (%(method)s).") % {
        **values, "name": consent.given_by_representative.full_name}  # type: ignore[union-attr]


def _recipient_decision(
    *, client: Client, recipient_kind: str, on: datetime.date, recipient: Representative | str | None,
    legal_basis: str, restriction_ground: str, recipient_controller: Controller | None,
    direction: str = DisclosureDirection.OUT,
) -> Decision:
    """A disclosure asked by the kind of recipient (authority, court, police, Kela, next of kin,
    guardian, legal representative, ...) rather than by a consent purpose: a law named for a
    recipient the law covers decides by the register's own rules; anything else needs a consent
    under one of the register's purposes for that kind of recipient."""
    representative = recipient if isinstance(recipient, Representative) else None
    _attach(representative, client)
    kind_label = RecipientKind(recipient_kind).label.lower() if recipient_kind in RecipientKind.values \
        else recipient_kind
    if recipient_kind in LAW_BASED_RECIPIENTS and legal_basis.strip():
        # The register's own rules: the law named, the person's role and validity on the day, the
        # minor's prohibition, the restriction with its Art 18(2) ground for this act.
        refusal = disclosure_refusal(
            client=client, recipient_kind=recipient_kind, legal_basis=legal_basis, consent_reference=None,
            representative=representative, on=on, recipient_controller=recipient_controller,
            restriction_ground=restriction_ground,
        )
        if refusal is not None:
            prohibited = representative is not None and representative.disclosure_prohibited
            return _refuse(DecisionBasis.GUARDIAN_PROHIBITION if prohibited else DecisionBasis.LAW, refusal)
        return Decision(allowed=True, basis=DecisionBasis.LAW,
                        reason=_("Disclosure based on law: %(law)s.") % {"law": legal_basis.strip()})
    if direction == DisclosureDirection.IN:
        # Data received: fetching it from another controller needs the client's consent (seed 001);
        # what an authority or a person sends on their own, or under a law named, is recorded as is.
        fetching = [p for p in purposes_for_client(client) if p.code == PurposeCode.FETCH_FROM_OTHER_CONTROLLERS]
        if recipient_kind != RecipientKind.OTHER_CONTROLLER or legal_basis.strip() or not fetching:
            return Decision(allowed=True, basis=DecisionBasis.LAW if legal_basis.strip()
                            else DecisionBasis.NOT_PROHIBITED, reason=_("Data received recorded."))
        return use_decision(client=client, purpose=fetching[0], on=on)
    purposes = [p for p in purposes_for_client(client) if p.recipient_kind == recipient_kind
                and p.code != PurposeCode.FETCH_FROM_OTHER_CONTROLLERS]  # fetching is not disclosing
    if not purposes:
        if recipient_kind in LAW_BASED_RECIPIENTS:
            return _refuse(DecisionBasis.NO_CONSENT, _(
                "Name the law on which the disclosure to the %(kind)s is based, or record the client's "
                "consent first.") % {"kind": kind_label})
        return _refuse(DecisionBasis.NO_CONSENT, _(
            "A disclosure to the %(kind)s needs the client's consent, and the register has no consent "
            "purpose for such a recipient.") % {"kind": kind_label})
    refusals = []
    for purpose in purposes:
        decision = use_decision(client=client, purpose=purpose, on=on, recipient=recipient)
        if decision.allowed:
            return decision
        refusals.append(decision)
    return refusals[0]


def use_decision(
    *, client: Client, purpose: ConsentPurpose | str | None = None, on: datetime.date,
    recipient: Representative | str | None = None, legal_basis: str = "", recipient_kind: str = "",
    restriction_ground: str = "", recipient_controller: Controller | None = None,
    direction: str = DisclosureDirection.OUT,
) -> Decision:
    """May `client`'s data be used for `purpose` (a ConsentPurpose or its code), disclosed to
    `recipient` (one of the client's representatives, or a named recipient), on `on`? A caller
    that rests the disclosure on a law names it in `legal_basis`.

    Without a purpose, the question is a disclosure to a kind of recipient (`recipient_kind`):
    the law named, or a consent under any of the register's purposes for that recipient; with
    `direction` "in", data received from such a source (fetching from another controller needs
    the client's consent).

    Reads the client's consents and prohibitions from a prefetch when there is one (the
    marketing export decides thousands of clients in a few queries)."""
    if purpose is None:
        return _recipient_decision(client=client, recipient_kind=recipient_kind, on=on, recipient=recipient,
                                   legal_basis=legal_basis, restriction_ground=restriction_ground,
                                   recipient_controller=recipient_controller, direction=direction)
    if isinstance(purpose, str):
        code = purpose
        found = purpose_get(client=client, code=code)
        if found is None:
            return _refuse(DecisionBasis.INVALID, _("The client's register has no consent purpose "
                                                    "“%(code)s”.") % {"code": code})
        purpose = found
    if purpose.register_id != client.register_id:
        return _refuse(DecisionBasis.INVALID, _("“%(purpose)s” is a purpose of another register.") % {
            "purpose": purpose.name}, purpose)

    representative = recipient if isinstance(recipient, Representative) else None
    recipient_name = recipient.strip() if isinstance(recipient, str) else ""
    _attach(representative, client)
    misfit = recipient_problem(client=client, purpose=purpose, representative=representative,
                               recipient_name=recipient_name)
    if misfit:
        return _refuse(DecisionBasis.INVALID, misfit[1], purpose)

    # A law allows it: the client register's own rules decide (restriction, guardian's rights
    # and the minor's prohibition included).
    if legal_basis.strip() and purpose.recipient_kind in LAW_BASED_RECIPIENTS:
        refusal = disclosure_refusal(
            client=client, recipient_kind=purpose.recipient_kind, legal_basis=legal_basis,
            consent_reference=None, representative=representative, on=on,
            recipient_controller=recipient_controller, restriction_ground=restriction_ground,
        )
        if refusal:
            return _refuse(DecisionBasis.LAW, refusal, purpose)
        return Decision(allowed=True, basis=DecisionBasis.LAW, purpose=purpose,
                        reason=_("Disclosure based on law: %(law)s.") % {"law": legal_basis.strip()})

    if not purpose.active:
        return _refuse(DecisionBasis.INVALID, _("“%(purpose)s” is no longer in use.") % {
            "purpose": purpose.name}, purpose)
    if client.date_of_death and client.date_of_death <= on:
        return _refuse(DecisionBasis.CLIENT_STATUS, _(
            "The client died on %(date)s: consents end with the person. Only disclosures based on "
            "law are possible.") % {"date": day_text(client.date_of_death)}, purpose)
    if client.restricted and not purpose.consent_required:
        # GDPR Art 18(2): of its grounds only the client's consent can carry a use by purpose.
        return _refuse(DecisionBasis.RESTRICTION, _(
            "Processing of this client's data is restricted (GDPR Art 18): “%(purpose)s” is used only "
            "with the client's consent given after the restriction began, and this purpose asks none.") % {
            "purpose": purpose.name}, purpose)

    stopping = purpose.prohibited_by()
    for prohibition in _prohibitions_of(client):
        if prohibition.kind in stopping and prohibition.in_force_on(on):
            return _refuse(DecisionBasis.PROHIBITION, _(
                "The client has prohibited %(kind)s (since %(date)s).") % {
                "kind": ProhibitionKind(prohibition.kind).label.lower(),
                "date": day_text(local_day(prohibition.given_at))}, purpose, prohibition=prohibition)

    if representative is not None:
        if representative.role == RepresentativeRole.GUARDIAN and representative.disclosure_prohibited:
            # Seed 003: a minor able to decide may prohibit disclosure to a guardian.
            assessed = representative.prohibition_assessed_on
            return _refuse(DecisionBasis.GUARDIAN_PROHIBITION, _(
                "The minor has prohibited disclosing information to the guardian %(name)s (assessed "
                "on %(date)s).") % {"name": representative.full_name,
                                    "date": day_text(assessed) if assessed else "–"}, purpose)
        if not representative.is_valid_on(on):
            return _refuse(DecisionBasis.INVALID, _(
                "%(name)s is not a valid %(role)s of the client on %(date)s.") % {
                "name": representative.full_name, "role": representative.get_role_display().lower(),
                "date": day_text(on)}, purpose)

    if not purpose.consent_required:
        return Decision(allowed=True, basis=DecisionBasis.NOT_PROHIBITED, purpose=purpose, reason=_(
            "Allowed unless the client prohibits it, and the client has not prohibited it."))

    consents = [c for c in _consents_of(client, purpose)
                if _same_recipient(c, purpose, representative, recipient_name)]
    problems = []
    restriction_problems = []
    for consent in consents:
        if consent.in_force_on(on):
            consent.purpose = purpose
            problem = consent_problem(consent, client=client, on=on)
            if problem is None and client.restricted:
                problem = _restriction_consent_problem(consent, client=client)
                if problem is None:
                    return Decision(allowed=True, basis=DecisionBasis.CONSENT, purpose=purpose, consent=consent,
                                    reason=_("%(consent)s The client's processing is restricted: this consent, "
                                             "given after the restriction began, is the ground of GDPR Art 18(2) "
                                             "for this use.") % {"consent": _consent_reason(consent)})
                restriction_problems.append((consent, problem))
                continue
            if problem is None:
                return Decision(allowed=True, basis=DecisionBasis.CONSENT, purpose=purpose,
                                consent=consent, reason=_consent_reason(consent))
            problems.append((consent, problem))
    if restriction_problems:
        consent, problem = restriction_problems[0]
        return _refuse(DecisionBasis.RESTRICTION, problem, purpose, consent=consent)
    if problems:
        consent, problem = problems[0]
        return _refuse(DecisionBasis.NO_CONSENT, problem, purpose, consent=consent)
    withdrawn = [c for c in consents if c.withdrawn_at and local_day(c.given_at) <= on
                 and local_day(c.withdrawn_at) <= on]
    if withdrawn:
        return _refuse(DecisionBasis.NO_CONSENT, _(
            "The consent for “%(purpose)s” was withdrawn on %(date)s.") % {
            "purpose": purpose.name, "date": day_text(local_day(withdrawn[0].withdrawn_at))},  # type: ignore[arg-type]
            purpose, consent=withdrawn[0])
    if purpose.recipient_kind == RecipientKind.NEXT_OF_KIN:
        # Seed 003: "Asiakkaan huoltaja, muu laillinen edustaja sekä asiakkaan lähiomainen voivat
        # saada tietoja, jos asiakas on antanut tähän suostumuksensa."
        return _refuse(DecisionBasis.NO_CONSENT, _(
            "Next of kin receive information only with the client's consent, and none is in force "
            "for %(name)s on %(date)s.") % {
            "name": representative.full_name if representative else _("this person"),
            "date": day_text(on)}, purpose)
    return _refuse(DecisionBasis.NO_CONSENT, _(
        "No consent for “%(purpose)s” is in force on %(date)s.") % {
        "purpose": purpose.name, "date": day_text(on)}, purpose)


def disclosure_decider(
    *, client: Client, recipient_kind: str, on: datetime.date, recipient: Representative | str | None = None,
    legal_basis: str = "", restriction_ground: str = "", recipient_controller: Controller | None = None,
    direction: str = DisclosureDirection.OUT,
) -> tuple[str | None, int | None]:
    """`use_decision` as `clients.services.disclosure_record` asks it (installed in
    core.disclosures by ConsentsConfig.ready): (why not, or None; the consent it rests on)."""
    decision = use_decision(client=client, recipient_kind=recipient_kind, on=on, recipient=recipient,
                            legal_basis=legal_basis, restriction_ground=restriction_ground,
                            recipient_controller=recipient_controller, direction=direction)
    if not decision.allowed:
        return decision.reason, None
    return None, decision.consent.pk if decision.consent is not None else None


# Client file ------------------------------------------------------------------------------

def client_consents(client: Client, *, today: datetime.date) -> dict:
    """Everything the client file's consents section shows, withdrawn and lifted ones included,
    and today's answer for each purpose of the register. A fixed number of queries: the
    answers come from `use_decision` reading what is prefetched here."""
    prefetch_related_objects(
        [client],
        "representatives",  # the people a consent names, attached below instead of joined
        # The people who recorded them by primary key, not by joins: a client without consents
        # costs no query for them, and a join of the wide user table costs more than a lookup.
        Prefetch("consents", queryset=Consent.objects.select_related("purpose").prefetch_related(
            "evidence_document", "recorded_by", "withdrawn_by")),
        Prefetch("prohibitions", queryset=Prohibition.objects.prefetch_related("recorded_by", "lifted_by")),
    )
    people = {person.pk: person for person in client.representatives.all()}
    consents = list(client.consents.all())
    for consent in consents:
        for field in ("given_by_representative", "recipient_representative"):
            person = people.get(getattr(consent, f"{field}_id"))
            if person is not None:  # a consent names the client's own people
                setattr(consent, field, person)
                _attach(person, client)
    answers: list[tuple[ConsentPurpose, Representative | str | None, Decision]] = []
    for purpose in purposes_for_client(client):
        if not purpose.needs_recipient:
            answers.append((purpose, None, use_decision(client=client, purpose=purpose, on=today)))
            continue
        recipients = {c.recipient_representative or c.recipient_name for c in consents
                      if c.purpose_id == purpose.pk and c.in_force_on(today)}
        for recipient in sorted(recipients, key=str):
            answers.append((purpose, recipient, use_decision(client=client, purpose=purpose,
                                                             recipient=recipient, on=today)))
    return {
        "consents": consents,
        "prohibitions": list(client.prohibitions.all()),
        "answers": answers,
        "today": today,
    }


# Marketing email list --------------------------------------------------------------------

def may_export_marketing(user: User | AnonymousUser) -> bool:
    """Only register contacts and admins export email lists."""
    return bool(user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT})


def exportable_purposes(user: User | AnonymousUser) -> QuerySet[ConsentPurpose]:
    if not may_export_marketing(user):
        return ConsentPurpose.objects.none()
    return ConsentPurpose.objects.filter(
        register__in=registers_visible_to(user), is_marketing=True, active=True,
    ).select_related("register")


@dataclass(frozen=True)
class MarketingList:
    emails: list[str]
    client_ids: list[int]
    subscriber_count: int


def _marketing_candidates(user: User, purpose: ConsentPurpose) -> Iterator[Client]:
    """Clients of the user's organisation with any consent ever recorded for the purpose, and an
    address: a superset of those allowed; `use_decision` picks from them."""
    consents = Consent.objects.filter(purpose=purpose).select_related("given_by_representative")
    return (
        clients_visible_to(user)
        .filter(register_id=purpose.register_id,
                pk__in=Consent.objects.filter(purpose=purpose).values("client_id"))
        .exclude(email="")
        .only("pk", "kind", "email", "register_id", "restricted", "restricted_at", "date_of_birth", "date_of_death")
        .order_by("pk")
        .prefetch_related(Prefetch("consents", queryset=consents), "prohibitions")
        .iterator(chunk_size=2000)
    )


def marketing_list(*, user: User, purpose: ConsentPurpose, on: datetime.date) -> MarketingList:
    """Seed 003: "Sähköpostilistaan kerätään ainoastaan asiakkaan sähköpostiosoite." Only the
    addresses of clients for whom `use_decision` allows the purpose on `on` (a valid consent,
    no prohibition, no restriction), plus the list's own subscribers who have not unsubscribed."""
    seen: set[str] = set()
    emails: list[str] = []
    client_ids: list[int] = []
    for client in _marketing_candidates(user, purpose):
        if not use_decision(client=client, purpose=purpose, on=on).allowed:
            continue
        client_ids.append(client.pk)
        key = client.email.strip().casefold()
        if key not in seen:
            seen.add(key)
            emails.append(client.email.strip())
    subscribers = 0
    for email in EmailSubscriber.objects.filter(
        purpose=purpose, unsubscribed_at__isnull=True
    ).order_by("pk").values_list("email", flat=True):
        subscribers += 1
        key = email.strip().casefold()
        if key not in seen:
            seen.add(key)
            emails.append(email.strip())
    return MarketingList(emails=emails, client_ids=client_ids, subscriber_count=subscribers)


def unsubscribe_url(subscriber: EmailSubscriber) -> str:
    """The path of the subscriber's own unsubscribe link (no sign-in needed)."""
    return reverse("consents:unsubscribe", args=[subscriber.purpose_id, unsubscribe_token(subscriber)])



def subscriber_for_token(*, purpose_pk: int, token: str) -> EmailSubscriber | None:
    """The subscription an unsubscribe link names, or None when the link does not verify."""
    pk = unsubscribe_token_subscriber_pk(purpose_pk=purpose_pk, token=token)
    if pk is None:
        return None
    return EmailSubscriber.objects.select_related("purpose__register__controller").filter(
        pk=pk, purpose_id=purpose_pk).first()


def recent_exports(purposes: QuerySet[ConsentPurpose], *, limit: int = 20) -> QuerySet[MarketingExport]:
    return MarketingExport.objects.filter(purpose__in=purposes).select_related(
        "purpose", "exported_by")[:limit]


# Erasure (GDPR Art 17) --------------------------------------------------------------------

@dataclass(frozen=True)
class ErasableMarketingData:
    """What the consents app holds on a client that no law requires it to keep: the client's
    consents for marketing purposes (given or withdrawn) and the client's address on the email
    lists of the client's controller. Prohibitions are not here: they protect the client."""

    consents: list[Consent]
    subscribers: list[EmailSubscriber]


def erasable_marketing_data(*, client: Client) -> ErasableMarketingData:
    """The rows `marketing_data_erase` would delete for `client`, with their purposes."""
    email = client.email.strip()
    subscribers = list(EmailSubscriber.objects.filter(
        email__iexact=email, purpose__register__controller_id=client.register.controller_id,
    ).select_related("purpose")) if email else []
    return ErasableMarketingData(
        consents=list(client.consents.filter(purpose__is_marketing=True).select_related("purpose")),
        subscribers=subscribers,
    )
