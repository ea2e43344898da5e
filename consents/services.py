"""Every write of the consents app. Each takes the acting user (`actor`), runs in one
transaction and leaves a change-history entry attributed to them (django-auditlog).

A consent is never edited once given: `consent_give` records it, `consent_withdraw` ends it,
and giving a new consent for the same purpose and recipient withdraws the old one and links
the two, so "what did the client agree to on 1.3.2026" always has an answer."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.constants import AccessKind, ClientKind, DisclosureDirection, RecipientKind, RepresentativeRole
from clients.models import Client, Controller, Disclosure, Document, Representative
from clients.services import DisclosureRefused, access_record, disclosure_record
from core.audit import acting_as

from .constants import ConsentMethod, GivenBy, ProhibitionKind
from .models import Consent, ConsentPurpose, EmailSubscriber, MarketingExport, Prohibition, local_day
from .selectors import (
    day_text,
    erasable_marketing_data,
    marketing_list,
    may_export_marketing,
    recipient_problem,
    subscriber_for_token,
    use_decision,
)


class ConsentRefused(ValidationError):
    """The write may not be made; the message (per field where one is to blame) says why."""


# Consents ---------------------------------------------------------------------------------

def _giver_problem(*, client: Client, given_by: str, representative: Representative | None,
                   on: datetime.date) -> str | None:
    """Who may consent for the client on `on`: the client, or a guardian / legal representative
    of theirs whose role is in force that day. Guardianship ends when the client turns 18."""
    if given_by == GivenBy.CLIENT:
        return (_("Leave the representative empty when the client consents themselves.")
                if representative is not None else None)
    if client.kind == ClientKind.ORGANISATION:
        return _("An organisation client consents itself (through its contact person).")
    if representative is None or representative.client_id != client.pk:
        return _("Choose who consented from the client's own guardians and legal representatives.")
    if representative.role == RepresentativeRole.NEXT_OF_KIN:
        return _("Next of kin cannot consent on the client's behalf.")
    if representative.role != given_by:
        return _("%(name)s is not recorded as the client's %(role)s.") % {
            "name": representative.full_name, "role": GivenBy(given_by).label.lower()}
    representative.client = client
    if representative.is_valid_on(on):
        return None
    adult_from = client.adult_from()
    if representative.role == RepresentativeRole.GUARDIAN and adult_from and on >= adult_from:
        return _("A guardian cannot consent on behalf of a client who has turned 18: %(name)s's "
                 "guardianship ended when the client came of age on %(date)s. The client consents "
                 "themselves, or a legal representative (edunvalvoja) for them.") % {
            "name": representative.full_name, "date": day_text(adult_from)}
    ends = representative.effective_until()
    return _("%(name)s is not a valid %(role)s of the client on %(date)s (in force %(start)s – "
             "%(end)s).") % {
        "name": representative.full_name, "role": representative.get_role_display().lower(),
        "date": day_text(on), "start": day_text(representative.valid_from), "end": day_text(ends) if ends else ""}


@transaction.atomic
def consent_give(
    *, actor: User, client: Client, purpose: ConsentPurpose, given_by: str, method: str,
    given_at: datetime.datetime, given_by_representative: Representative | None = None,
    recipient_representative: Representative | None = None, recipient_name: str = "",
    evidence_document: Document | None = None, evidence_note: str = "",
    now: datetime.datetime | None = None,
) -> Consent:
    """Record a consent as given. Refuses (ConsentRefused, per field) a purpose of another
    register, a time in the future, a giver who is not entitled to act for the client on that
    day, oral consent where written is needed, written consent without evidence.

    A consent in force for the same purpose and recipient is withdrawn at `given_at` and
    linked as replaced: consents are never edited."""
    now = now or timezone.now()
    given_on = local_day(given_at)
    errors: dict[str, str] = {}
    if purpose.register_id != client.register_id:
        errors["purpose"] = _("Choose a purpose of the client's own register.")
    elif not purpose.active:
        errors["purpose"] = _("This purpose is no longer in use.")
    elif not purpose.consent_required:
        errors["purpose"] = _("This use needs no consent: the client may only prohibit it.")
    if given_at > now:
        errors["given_at"] = _("A consent cannot be recorded as given in the future.")
    if client.date_of_death and client.date_of_death < given_on:
        errors["given_at"] = _("The client died on %(date)s.") % {"date": day_text(client.date_of_death)}
    giver = _giver_problem(client=client, given_by=given_by, representative=given_by_representative,
                           on=given_on)
    if giver:
        errors["given_by_representative"] = giver
    misfit = recipient_problem(client=client, purpose=purpose, representative=recipient_representative,
                               recipient_name=recipient_name)
    if misfit:
        errors[misfit[0]] = misfit[1]
    if purpose.requires_written and method != ConsentMethod.WRITTEN:
        # Seed 003: "Asiakkaalta pyydetään kirjallinen lupa ..."
        errors["method"] = _("“%(purpose)s” needs written consent.") % {"purpose": purpose.name}
    if evidence_document is not None and evidence_document.client_id != client.pk:
        errors["evidence_document"] = _("Choose a document from this client's file.")
    if method == ConsentMethod.WRITTEN and evidence_document is None and not evidence_note.strip():
        errors["evidence_note"] = _("Attach the signed consent from the client's documents, or say "
                                    "where the signed paper is kept.")
    if errors:
        raise ConsentRefused(errors)

    if recipient_representative is not None:
        recipient_name = recipient_representative.full_name
    earlier = [
        c for c in Consent.objects.select_for_update().filter(
            client=client, purpose=purpose, withdrawn_at__isnull=True,
            recipient_representative=recipient_representative,
        )
        if recipient_representative is not None or not purpose.needs_recipient
        or c.recipient_name.strip().casefold() == recipient_name.strip().casefold()
    ]
    for old in earlier:
        if old.given_at > given_at:
            raise ConsentRefused({"given_at": _(
                "A later consent for this purpose is already recorded (%(date)s). Withdraw it first "
                "if it no longer holds.") % {"date": day_text(local_day(old.given_at))}})
    with acting_as(actor):
        consent = Consent.objects.create(
            client=client, purpose=purpose, given_by=given_by,
            given_by_representative=given_by_representative if given_by != GivenBy.CLIENT else None,
            recipient_representative=recipient_representative, recipient_name=recipient_name.strip(),
            method=method, evidence_document=evidence_document, evidence_note=evidence_note.strip(),
            given_at=given_at, recorded_by=actor, recorded_at=now,
            replaces=earlier[-1] if earlier else None,
        )
        for old in earlier:
            old.withdrawn_at = given_at
            old.withdrawn_by = actor
            old.withdrawal_note = _("Replaced by a new consent given on %(date)s.") % {
                "date": day_text(given_on)}
            old.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, when: datetime.datetime | None = None, note: str = "",
) -> Consent:
    """Withdraw a consent; it takes effect at once (from `when`, by default now). The record
    stays, with who recorded the withdrawal and when."""
    when = when or timezone.now()
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ConsentRefused(_("This consent was already withdrawn on %(date)s.") % {
            "date": day_text(local_day(consent.withdrawn_at))})
    if when < consent.given_at:
        raise ConsentRefused(_("A consent cannot be withdrawn before it was given."))
    with acting_as(actor):
        consent.withdrawn_at = when
        consent.withdrawn_by = actor
        consent.withdrawal_note = note.strip()[:300]
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_note"])
    return consent


# Prohibitions -----------------------------------------------------------------------------

@transaction.atomic
def prohibition_add(
    *, actor: User, client: Client, kind: str, given_at: datetime.datetime | None = None,
    note: str = "", now: datetime.datetime | None = None,
) -> Prohibition:
    """Record a prohibition (kielto, seed 000); in force from the day it is given."""
    now = now or timezone.now()
    given_at = given_at or now
    if kind not in ProhibitionKind.values:
        raise ConsentRefused({"kind": _("Choose a prohibition.")})
    if given_at > now:
        raise ConsentRefused({"given_at": _("A prohibition cannot be recorded as given in the future.")})
    current = Prohibition.objects.select_for_update().filter(client=client, kind=kind,
                                                             lifted_at__isnull=True).first()
    if current is not None:
        raise ConsentRefused({"kind": _("This prohibition is already in force (since %(date)s).") % {
            "date": day_text(local_day(current.given_at))}})
    with acting_as(actor):
        return Prohibition.objects.create(client=client, kind=kind, given_at=given_at, note=note.strip(),
                                          recorded_by=actor, recorded_at=now)


@transaction.atomic
def prohibition_lift(
    *, actor: User, prohibition: Prohibition, when: datetime.datetime | None = None, note: str = "",
) -> Prohibition:
    """The client lifts a prohibition; the record stays, with who recorded it and when."""
    when = when or timezone.now()
    prohibition = Prohibition.objects.select_for_update().get(pk=prohibition.pk)
    if prohibition.lifted_at is not None:
        raise ConsentRefused(_("This prohibition was already lifted on %(date)s.") % {
            "date": day_text(local_day(prohibition.lifted_at))})
    if when < prohibition.given_at:
        raise ConsentRefused(_("A prohibition cannot be lifted before it was given."))
    with acting_as(actor):
        prohibition.lifted_at = when
        prohibition.lifted_by = actor
        prohibition.lift_note = note.strip()[:300]
        prohibition.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
    return prohibition


# Disclosures that rest on consent -------------------------------------------------------

@transaction.atomic
def disclosure_with_consent(
    *, actor: User, client: Client, purpose: ConsentPurpose | str, content: str,
    recipient: Representative | str | None = None, when: datetime.datetime | None = None,
    legal_basis: str = "", recipient_controller: Controller | None = None,
    direction: str = DisclosureDirection.OUT,
) -> Disclosure:
    """Ask `use_decision`, then record the disclosure in the client register's disclosure log
    with the consent it rests on (or the law the caller named). Refused: DisclosureRefused with
    the decision's reason, and nothing is recorded."""
    when = when or timezone.now()
    decision = use_decision(client=client, purpose=purpose, recipient=recipient,
                            on=local_day(when), legal_basis=legal_basis)
    if not decision.allowed:
        raise DisclosureRefused(decision.reason)
    chosen = decision.purpose
    assert chosen is not None
    representative = recipient if isinstance(recipient, Representative) else None
    if representative is not None:
        name = representative.full_name
    elif isinstance(recipient, str) and recipient.strip():
        name = recipient.strip()
    else:
        name = recipient_controller.name if recipient_controller else chosen.name
    return disclosure_record(
        actor=actor, client=client, recipient_kind=chosen.recipient_kind or RecipientKind.OTHER,
        recipient_name=name, content=content,
        legal_basis=legal_basis.strip() if decision.consent is None else
        _("Consent: %(purpose)s") % {"purpose": chosen.name},
        consent_reference=decision.consent.pk if decision.consent else None,
        representative=representative, recipient_controller=recipient_controller,
        direction=direction, when=when,
    )


# Email list -------------------------------------------------------------------------------

def subscriber_refusal(*, purpose: ConsentPurpose, email: str) -> dict[str, str]:
    """Why an address may not be put on this list, per field (empty when it may)."""
    if not (purpose.is_marketing and purpose.active):
        return {"purpose": _("Choose an email list (a marketing purpose in use).")}
    if purpose.requires_written:
        return {"purpose": _("This list needs written consent: record it as a client's consent with "
                             "the signed form.")}
    if EmailSubscriber.objects.filter(purpose=purpose, email__iexact=email.strip(),
                                      unsubscribed_at__isnull=True).exists():
        return {"email": _("This address is already on the list.")}
    return {}


@transaction.atomic
def subscriber_add(
    *, actor: User | None, purpose: ConsentPurpose, email: str, when: datetime.datetime | None = None,
) -> EmailSubscriber:
    """Put an address on an email list (seed 003: the address and nothing else)."""
    errors = subscriber_refusal(purpose=purpose, email=email)
    if errors:
        raise ConsentRefused(errors)
    with acting_as(actor):
        return EmailSubscriber.objects.create(purpose=purpose, email=email.strip(),
                                              subscribed_at=when or timezone.now(), recorded_by=actor)


@transaction.atomic
def subscriber_unsubscribe(
    *, subscriber: EmailSubscriber, actor: User | None = None, when: datetime.datetime | None = None,
) -> EmailSubscriber:
    """Take the address off the list at once. `actor` is None when the subscriber used the link.
    Unsubscribing twice changes nothing."""
    subscriber = EmailSubscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.unsubscribed_at is None:
        with acting_as(actor):
            subscriber.unsubscribed_at = when or timezone.now()
            subscriber.unsubscribed_by = actor
            subscriber.save(update_fields=["unsubscribed_at", "unsubscribed_by"])
    return subscriber


class InvalidToken(Exception):
    """The unsubscribe link does not verify: nothing was changed."""


def unsubscribe_with_token(
    *, purpose_pk: int, token: str, when: datetime.datetime | None = None,
) -> EmailSubscriber:
    """The unsubscribe link (no sign-in): verify the signed token, then unsubscribe. A token
    that does not verify raises InvalidToken before anything is read or written."""
    subscriber = subscriber_for_token(purpose_pk=purpose_pk, token=token)
    if subscriber is None:
        raise InvalidToken
    return subscriber_unsubscribe(subscriber=subscriber, when=when)


# Erasure (GDPR Art 17) --------------------------------------------------------------------

@dataclass(frozen=True)
class MarketingDataErased:
    consents: int
    subscribers: int


@transaction.atomic
def marketing_data_erase(*, actor: User, client: Client) -> MarketingDataErased:
    """Erase what the consents app holds on `client` that no law requires it to keep (see
    `erasable_marketing_data`): the marketing consents and the client's address on the
    controller's email lists, each deletion in the change history under `actor`. Prohibitions
    stay: they protect the client. The caller decides whether an erasure is due."""
    found = erasable_marketing_data(client=client)
    with acting_as(actor):
        for consent in found.consents:
            consent.delete()  # one by one: each deletion reaches the change history
        for subscriber in found.subscribers:
            subscriber.delete()
    return MarketingDataErased(consents=len(found.consents), subscribers=len(found.subscribers))


# Marketing export -------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportResult:
    export: MarketingExport
    emails: list[str]


@transaction.atomic
def marketing_export(
    *, actor: User, purpose: ConsentPurpose, when: datetime.datetime | None = None,
) -> ExportResult:
    """The addresses `use_decision` allows for the purpose today, logged: a MarketingExport row
    (who, when, purpose, how many; never the addresses) and an access-log entry for each client
    whose address left the system."""
    when = when or timezone.now()
    if not may_export_marketing(actor):
        raise PermissionError("only register contacts and admins export email lists")
    if not purpose.is_marketing:
        raise ConsentRefused({"purpose": _("Only marketing lists can be exported.")})
    today = local_day(when)
    found = marketing_list(user=actor, purpose=purpose, on=today)
    with acting_as(actor):
        export = MarketingExport.objects.create(
            purpose=purpose, exported_by=actor, exported_at=when, decided_on=today,
            client_count=len(found.client_ids), subscriber_count=found.subscriber_count,
            count=len(found.emails),
        )
    detail = _("Email address for %(purpose)s (export %(pk)s)") % {"purpose": purpose.name, "pk": export.pk}
    for client_id in found.client_ids:
        access_record(user=actor, client=Client(pk=client_id), kind=AccessKind.EXPORT, detail=detail,
                      purpose=purpose.name)
    return ExportResult(export=export, emails=found.emails)
