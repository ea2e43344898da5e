"""Demo data for consents: the seeds' consent purposes for each client-records register, and
consents, withdrawals and prohibitions for about a tenth of the clients. Bulk inserts in
batches (COPY on PostgreSQL; demo rows are nobody's change), so a million clients stay feasible."""

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from clients.constants import RecipientKind, RegisterKind, RepresentativeRole
from clients.demo import DemoContext, iter_clients
from clients.models import Client, Representative
from core.bulk import BulkWriter

from .constants import ConsentMethod, GivenBy, ProhibitionKind, PurposeCode
from .models import Consent, ConsentPurpose, EmailSubscriber, Prohibition

SHARE_WITH_CONSENTS = 0.10
SHARE_WITH_PROHIBITIONS = 0.03

# Seed 003 (email marketing with written permission, next of kin and guardians only with
# consent, authorities named in the plan), seed 001 (fetching data from other controllers,
# marketing), seed 000 (satisfaction surveys, address lists unless prohibited).
PURPOSES: list[dict[str, Any]] = [
    {"code": PurposeCode.EMAIL_MARKETING, "name": "Sähköpostimarkkinointi",
     "description": "Suoramarkkinointi-, suoramainonta-, mielipide- ja markkinointitutkimusmateriaalin "
                    "lähettäminen sähköpostitse. Asiakkaalta pyydetään kirjallinen lupa.",
     "requires_written": True, "is_marketing": True},
    {"code": PurposeCode.NEWSLETTER, "name": "Uutiskirje",
     "description": "Tiedote yrityksen ajankohtaisista tapahtumista sähköpostilistalle.",
     "is_marketing": True},
    {"code": PurposeCode.NEXT_OF_KIN_DISCLOSURE, "name": "Tietojen antaminen lähiomaiselle",
     "description": "Asiakkaan lähiomainen voi saada tietoja, jos asiakas on antanut tähän suostumuksensa.",
     "needs_recipient": True, "recipient_kind": RecipientKind.NEXT_OF_KIN},
    {"code": PurposeCode.GUARDIAN_DISCLOSURE, "name": "Tietojen antaminen huoltajalle",
     "description": "Huoltaja voi saada tietoja asiakkaan suostumuksella, ellei alaikäinen ole kieltänyt.",
     "needs_recipient": True, "recipient_kind": RecipientKind.GUARDIAN},
    {"code": PurposeCode.FETCH_FROM_OTHER_CONTROLLERS, "name": "Tietojen hakeminen muilta rekisterinpitäjiltä",
     "description": "Asiakasta koskevien tietojen hakeminen muilta asiakkaalle palveluja tuottaneilta.",
     "recipient_kind": RecipientKind.OTHER_CONTROLLER},
    {"code": PurposeCode.AUTHORITY_DISCLOSURE, "name": "Tietojen luovutus palvelusuunnitelmaan kirjatuille "
                                                      "viranomaisille",
     "description": "Asiakkaan kirjallisella suostumuksella palvelusuunnitelman toteuttamiseksi.",
     "requires_written": True, "needs_recipient": True, "recipient_kind": RecipientKind.AUTHORITY},
    {"code": PurposeCode.SATISFACTION_SURVEY, "name": "Asiakastyytyväisyyskyselyt",
     "description": "Asiakastyytyväisyyskyselyt palvelun kehittämiseksi.", "is_research": True},
    {"code": PurposeCode.ADDRESS_LIST_PUBLICATION, "name": "Julkaiseminen osoiteluettelona",
     "description": "Postitustarrat suoramainoksiin, ellei asiakas sitä erityisesti kiellä.",
     "consent_required": False, "is_address_list": True, "is_marketing": True},
]
# A county's purchased-service register does no marketing of the provider's.
NOT_FOR_PURCHASED = {PurposeCode.EMAIL_MARKETING, PurposeCode.NEWSLETTER, PurposeCode.ADDRESS_LIST_PUBLICATION}
AUTHORITIES = ["Kunnan sosiaalitoimi", "Lastenneuvola", "Koulun oppilashuolto", "Kotihoidon ohjaus"]
EVIDENCE = "Allekirjoitettu suostumuslomake asiakaskansiossa."


def _moment(ctx: DemoContext, start: datetime.date) -> datetime.datetime:
    start = min(start, ctx.today)
    day = start + datetime.timedelta(days=ctx.rng.randint(0, (ctx.today - start).days))
    moment = timezone.make_aware(datetime.datetime.combine(
        day, datetime.time(ctx.rng.randint(8, 15), ctx.rng.choice((0, 15, 30, 45)))))
    return min(moment, timezone.now())


def _purposes(ctx: DemoContext) -> dict[int, dict[str, ConsentPurpose]]:
    rows = []
    for org in ctx.organisations:
        for register in org.registers:
            if register.kind not in (RegisterKind.CLIENT_RECORDS, RegisterKind.PURCHASED_SERVICES):
                continue
            for spec in PURPOSES:
                if register.kind == RegisterKind.PURCHASED_SERVICES and spec["code"] in NOT_FOR_PURCHASED:
                    continue
                rows.append(ConsentPurpose(register=register, **spec))
    ConsentPurpose.objects.bulk_create(rows)
    by_register: dict[int, dict[str, ConsentPurpose]] = defaultdict(dict)
    for purpose in ConsentPurpose.objects.all():
        by_register[purpose.register_id][purpose.code] = purpose
    return by_register


def _consents_for(ctx: DemoContext, client: Client, purposes: dict[str, ConsentPurpose],
                  people: list[Representative], recorder: Any) -> list[Consent]:
    rng, made = ctx.rng, []

    def give(code: str, chance: float, **fields: Any) -> None:
        purpose = purposes.get(code)
        if purpose is None or rng.random() >= chance:
            return
        given_at = _moment(ctx, fields.pop("since", client.relationship_started))
        consent = Consent(client=client, purpose=purpose, given_at=given_at, recorded_by=recorder,
                          recorded_at=given_at, **fields)
        if consent.method == ConsentMethod.WRITTEN:
            consent.evidence_note = EVIDENCE
        if rng.random() < 0.15:  # withdrawn later: stays in the history
            consent.withdrawn_at = max(given_at, _moment(ctx, timezone.localdate(given_at)))
            consent.withdrawn_by = recorder
            consent.withdrawal_note = "Asiakas ilmoitti puhelimessa."
        made.append(consent)

    guardians = [p for p in people if p.role == RepresentativeRole.GUARDIAN]
    if client.is_minor_on(ctx.today) and guardians:
        guardian = rng.choice(guardians)
        since = max(client.relationship_started, guardian.valid_from)
        for code, chance in ((PurposeCode.FETCH_FROM_OTHER_CONTROLLERS, 0.5),
                             (PurposeCode.AUTHORITY_DISCLOSURE, 0.4)):
            give(code, chance, given_by=GivenBy.GUARDIAN, given_by_representative=guardian,
                 method=ConsentMethod.WRITTEN, since=since,
                 recipient_name=rng.choice(AUTHORITIES) if code == PurposeCode.AUTHORITY_DISCLOSURE else "")
        return made
    give(PurposeCode.EMAIL_MARKETING, 0.5, method=ConsentMethod.WRITTEN)
    give(PurposeCode.NEWSLETTER, 0.3, method=ConsentMethod.ELECTRONIC)
    give(PurposeCode.SATISFACTION_SURVEY, 0.3, method=ConsentMethod.ORAL)
    give(PurposeCode.FETCH_FROM_OTHER_CONTROLLERS, 0.3, method=ConsentMethod.WRITTEN)
    give(PurposeCode.AUTHORITY_DISCLOSURE, 0.2, method=ConsentMethod.WRITTEN,
         recipient_name=rng.choice(AUTHORITIES))
    for relative in (p for p in people if p.role == RepresentativeRole.NEXT_OF_KIN):
        give(PurposeCode.NEXT_OF_KIN_DISCLOSURE, 0.6, method=rng.choice(list(ConsentMethod.values)),
             recipient_representative=relative, recipient_name=relative.full_name,
             since=max(client.relationship_started, relative.valid_from))
    return made


def _prohibition_for(ctx: DemoContext, client: Client, recorder: Any) -> Prohibition:
    roll = ctx.rng.random()
    kind = (ProhibitionKind.DIRECT_MARKETING if roll < 0.7 else
            ProhibitionKind.MARKET_RESEARCH if roll < 0.9 else ProhibitionKind.ADDRESS_LIST_PUBLICATION)
    given_at = _moment(ctx, client.relationship_started)
    prohibition = Prohibition(client=client, kind=kind, given_at=given_at, recorded_by=recorder,
                              recorded_at=given_at, note="Asiakas ilmoitti asiakaspalveluun.")
    if ctx.rng.random() < 0.1:
        prohibition.lifted_at = max(given_at, _moment(ctx, timezone.localdate(given_at)))
        prohibition.lifted_by = recorder
    return prohibition


def _subscribers(ctx: DemoContext, by_register: dict[int, dict[str, ConsentPurpose]], clients: int) -> None:
    rows = []
    for purposes in by_register.values():
        newsletter = purposes.get(PurposeCode.NEWSLETTER)
        if newsletter is None:
            continue
        for n in range(min(200, clients // 20 + 5)):
            subscribed = _moment(ctx, ctx.today - datetime.timedelta(days=900))
            row = EmailSubscriber(purpose=newsletter, email=f"tilaaja{n + 1}.{newsletter.register_id}@example.fi",
                                  subscribed_at=subscribed)
            if ctx.rng.random() < 0.1:
                row.unsubscribed_at = max(subscribed, _moment(ctx, timezone.localdate(subscribed)))
            rows.append(row)
    EmailSubscriber.objects.bulk_create(rows)


def populate(ctx: DemoContext, *, clients: int) -> None:
    with transaction.atomic():
        by_register = _purposes(ctx)
        _subscribers(ctx, by_register, clients)
    recorders = {register.pk: org.caseworkers[0] for org in ctx.organisations for register in org.registers}
    writer = BulkWriter(background=True)
    done = 0
    for batch in iter_clients("register_id", "kind", "date_of_birth", "relationship_started"):
        chosen = [c for c in batch if ctx.rng.random() < SHARE_WITH_CONSENTS and c.register_id in by_register]
        prohibited = [c for c in batch if ctx.rng.random() < SHARE_WITH_PROHIBITIONS]
        people: dict[int, list[Representative]] = defaultdict(list)
        for rep in Representative.objects.filter(client__in=chosen).order_by("pk"):
            people[rep.client_id].append(rep)
        consents: list[Consent] = []
        for client in chosen:
            for rep in people[client.pk]:
                rep.client = client
            consents += _consents_for(ctx, client, by_register[client.register_id], people[client.pk],
                                      recorders[client.register_id])
        prohibitions = [_prohibition_for(ctx, c, recorders[c.register_id]) for c in prohibited
                        if c.register_id in recorders]
        writer.save(Consent, consents)
        writer.save(Prohibition, prohibitions)
        done += len(batch)
        if clients >= 20_000:
            ctx.log(f"  consents: {done:,}/{clients:,} clients")
    writer.close()
