"""Demo data for the client register: controllers modelled on the seeds, their registers, one
account per role and N clients with guardians, representatives and next of kin.

Deterministic for a given seed. Clients go in with bulk inserts (no per-row change history:
demo rows are not anybody's change), so a million loads in minutes on PostgreSQL.
"""

import datetime
import decimal
import multiprocessing
import random
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import Group, User
from django.db import connection, connections, transaction

from core.bulk import BATCH, BulkWriter, new
from core.roles import Role

from .constants import (
    ClientKind,
    ControllerKind,
    RegisterKind,
    RepresentativeRole,
    ServiceTask,
)
from .identifiers import CENTURIES, search_key
from .models import (
    Case,
    Client,
    Controller,
    GrantedService,
    Register,
    Representative,
    ServiceEntry,
    ServicePlan,
    WorkerProfile,
)
from .seed_registers import seed_registers_create
from .services.notices import notice_publish

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

FIRST_NAMES_F = ["Aino", "Anna", "Helmi", "Sofia", "Emma", "Ella", "Aada", "Olivia", "Venla",
                 "Kerttu", "Maria", "Liisa", "Tuula", "Päivi", "Sirpa", "Ritva", "Sari", "Åsa",
                 "Hilkka", "Marjatta", "Eeva", "Elina", "Johanna", "Minna", "Satu", "Inkeri"]
FIRST_NAMES_M = ["Juhani", "Matti", "Mikko", "Jari", "Timo", "Pekka", "Antti", "Väinö", "Eino",
                 "Oliver", "Leo", "Elias", "Onni", "Eetu", "Toivo", "Kalle", "Jussi", "Sami",
                 "Heikki", "Tapani", "Ilmari", "Kari", "Markku", "Jörgen", "Pentti", "Veeti"]
LAST_NAMES = ["Mäkinen", "Korhonen", "Virtanen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
              "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
              "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen",
              "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen",
              "Ahonen", "Öhman", "Åberg", "Määttä", "Pölönen", "Ylönen", "Kärkkäinen", "Söderström"]
STREETS = ["Hämeenkatu", "Satakunnankatu", "Kauppakatu", "Koulukatu", "Rantatie", "Myllytie",
           "Kirkkokatu", "Puistokatu", "Tehtaankatu", "Järvitie", "Koivukuja", "Pajatie"]
CITIES = [("33100", "Tampere"), ("33200", "Tampere"), ("33500", "Tampere"), ("33700", "Tampere"),
          ("37570", "Lempäälä"), ("33470", "Ylöjärvi"), ("36200", "Kangasala"), ("33960", "Pirkkala"),
          ("21500", "Kaarina"), ("01800", "Klaukkala")]


def identity_code_make(born: datetime.date, individual: int, sign: str) -> str:
    """A henkilötunnus computed by the algorithm: check = (DDMMYYZZZ mod 31) -> character."""
    assert CENTURIES[sign] == born.year // 100 * 100
    digits = f"{born:%d%m}{born.year % 100:02d}{individual:03d}"
    return f"{digits[:6]}{sign}{digits[6:]}{CHECK_CHARACTERS[int(digits) % 31]}"


def business_id_make(base: int) -> str:
    """A Y-tunnus for a seven-digit base, with its check digit computed (weights 7,9,10,5,8,4,2)."""
    digits = f"{base:07d}"
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        raise ValueError("no valid check digit for this base")
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


@dataclass
class DemoOrganisation:
    controller: Controller
    registers: list[Register]
    contact: User
    caseworkers: list[User]


@dataclass
class DemoContext:
    """Handed from app to app: each app's demo adds its own data for these clients."""

    seed: int
    today: datetime.date
    rng: random.Random
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, password, role)
    organisations: list[DemoOrganisation] = field(default_factory=list)
    admin: User | None = None
    log: Callable[[str], None] = print


def _user(ctx: DemoContext, username: str, first: str, last: str, role: Role,
          controller: Controller, title: str) -> User:
    password = secrets.token_urlsafe(9)
    user = User.objects.create_user(
        username=username, password=password, first_name=first, last_name=last,
        email=f"{username}@example.fi", is_staff=role == Role.ADMIN,
    )
    user.groups.add(Group.objects.get(name=role.value))
    WorkerProfile.objects.create(
        user=user, controller=controller, title=title,
        confidentiality_signed_on=ctx.today - datetime.timedelta(days=ctx.rng.randint(30, 900)),
    )
    ctx.accounts.append((username, password, role.value))
    return user


def _organisations(ctx: DemoContext) -> None:
    provider = Controller.objects.create(
        name="Hoivapolku Oy", slug="hoivapolku", kind=ControllerKind.PROVIDER,
        business_id=business_id_make(3100001), street_address="Hämeenkatu 12", postal_code="33100",
        city="Tampere", email="toimisto@hoivapolku.example.fi", phone="03 123 4567",
        website="https://hoivapolku.example.fi", contact_person_name="Sirpa Mäkelä",
        contact_person_phone="044 123 4567", contact_person_email="sirpa.makela@hoivapolku.example.fi",
        dpo_name="Tietosuojavastaava Jari Laine", dpo_email="tietosuoja@hoivapolku.example.fi",
    )
    county = Controller.objects.create(
        name="Pirkanmaan hyvinvointialue (demo)", slug="pirkanmaa", kind=ControllerKind.WELLBEING_COUNTY,
        business_id=business_id_make(3200002), street_address="PL 272", postal_code="33101",
        city="Tampere", email="kirjaamo@pirha.example.fi", contact_person_name="Kirjaamo",
        dpo_name="Hyvinvointialueen tietosuojavastaava", dpo_email="tietosuoja@pirha.example.fi",
    )
    family = Controller.objects.create(
        name="Perhetuki Kantele Oy", slug="kantele", kind=ControllerKind.PROVIDER,
        business_id=business_id_make(3300003), street_address="Järvitie 4 B", postal_code="01800",
        city="Klaukkala", email="info@kantele.example.fi", contact_person_name="Sari Määttä",
        contact_person_email="sari.maatta@kantele.example.fi",
    )
    base = {
        "legal_bases": ["6.1.c", "9.2.h"],
        "purpose": "Sosiaalihuollon asiakkaan palvelujen järjestäminen, suunnittelu, toteutus, "
                   "tilastointi ja raportointi.",
        "requirement": "Tietojen antaminen on edellytys palvelun järjestämiselle.",
        "sources": "Asiakas itse, hänen laillinen edustajansa sekä palvelun tilaaja.",
        "data_content": "Nimi, henkilötunnus, yhteystiedot, huoltajat ja edustajat, palvelusuunnitelma, "
                        "palvelusopimus, käyntikirjaukset, asiakirjat ja suostumukset.",
        "recipients": "Palvelun tilaaja (hyvinvointialue) kuukausikoosteina; viranomaiset lain nojalla. "
                      "Muille vain asiakkaan suostumuksella.",
        "protection_electronic": "Henkilökohtaiset käyttäjätunnukset, kaksivaiheinen tunnistautuminen, "
                                 "käyttölokit.",
        "updated_on": ctx.today,
    }
    own = Register.objects.create(controller=provider, operator=provider, name="Asiakasrekisteri",
                                  slug="asiakasrekisteri", kind=RegisterKind.CLIENT_RECORDS, **base)
    purchased = Register.objects.create(
        controller=county, operator=provider, name="Ostopalvelujen asiakasrekisteri (kotihoito)",
        slug="ostopalvelut-kotihoito", kind=RegisterKind.PURCHASED_SERVICES, **base,
    )
    Register.objects.create(
        controller=provider, operator=provider, name="Markkinointirekisteri", slug="markkinointi",
        kind=RegisterKind.MARKETING, legal_bases=["6.1.a"], purpose="Suoramarkkinointi asiakkaan "
        "kirjallisella luvalla.", data_content="Nimi ja sähköpostiosoite.", sources="Asiakas itse.",
        recipients="Tietoja ei luovuteta.", updated_on=ctx.today,
    )
    family_register = Register.objects.create(
        controller=family, operator=family, name="Perhetyön asiakasrekisteri", slug="perhetyo",
        kind=RegisterKind.CLIENT_RECORDS, **base,
    )
    ctx.admin = _user(ctx, "admin", "Päivi", "Pääkäyttäjä", Role.ADMIN, provider, "Pääkäyttäjä")
    specs = [
        (provider, [own], "kontakti", ("Sirpa", "Mäkelä"), ["hoitaja1", "hoitaja2"]),
        (county, [purchased], "kontakti.pirha", ("Kaisa", "Kirjaaja"), ["sosiaalityo1", "sosiaalityo2"]),
        (family, [family_register], "kontakti.kantele", ("Sari", "Määttä"), ["ohjaaja1", "ohjaaja2"]),
    ]
    names = iter([("Hanna", "Hoitaja"), ("Tero", "Lähihoitaja"), ("Leena", "Sosiaalityöntekijä"),
                  ("Olli", "Ohjaaja"), ("Maija", "Perhetyöntekijä"), ("Ville", "Perheohjaaja")])
    for controller, registers, contact_name, contact_person, worker_names in specs:
        contact = _user(ctx, contact_name, *contact_person, Role.REGISTER_CONTACT, controller,
                        "Rekisterin yhteyshenkilö")
        workers = [_user(ctx, name, *next(names), Role.CASEWORKER, controller, "Työntekijä")
                   for name in worker_names]
        ctx.organisations.append(DemoOrganisation(controller, registers, contact, workers))
    # The provider's own caseworkers deliver the purchased services too.
    ctx.organisations[1].caseworkers += ctx.organisations[0].caseworkers
    # The five seed providers' registers, and the demo provider's published notices.
    seed_registers_create(today=ctx.today)
    notice_publish(actor=ctx.admin, controller=provider, register=own)


FAMILY_WORK = "kantele"  # the demo's family-work provider: children and their parents


def _birth_date(rng: random.Random, today: datetime.date, org: DemoOrganisation) -> datetime.date:
    """An age that fits the organisation's work: the county buys home care for older people, the
    family-work provider serves children (and a parent now and then), the home-care provider
    mostly older people and some working-age adults and families."""
    roll = rng.random()
    if org.registers[0].kind == RegisterKind.PURCHASED_SERVICES:
        years = rng.randint(67, 99)
    elif org.controller.slug == FAMILY_WORK:
        years = rng.randint(0, 17) if roll < 0.8 else rng.randint(22, 48)
    elif roll < 0.1:  # minors: families with children, child welfare
        years = rng.randint(0, 17)
    elif roll < 0.4:
        years = rng.randint(18, 64)
    else:  # older people in home care
        years = rng.randint(65, 101)
    return today - datetime.timedelta(days=years * 365 + rng.randint(1, 364))


def _century_sign(rng: random.Random, born: datetime.date) -> str:
    # Mostly the classic signs, some of the 2023 ones (stored and compared as given).
    classic = "-" if born.year < 2000 else "A"
    new = "YXWVU" if born.year < 2000 else "BCDEF"
    return classic if rng.random() < 0.9 else rng.choice(new)


def _in_shard(individual: int, shard: int, shards: int, high: int) -> int:
    """The individual number nearest to `individual` whose pair (individual // 2) belongs to
    `shard`: shards then never make the same identity code. One shard: unchanged."""
    pair = individual // 2
    pair += (shard - pair) % shards
    if pair * 2 + 1 > high:
        pair -= shards
    return pair * 2 + individual % 2


def _clients(ctx: DemoContext, count: int, shard: int = 0,
             shards: int = 1) -> Iterator[tuple[Client, DemoOrganisation, Register]]:
    rng, today = ctx.rng, ctx.today
    used: set[str] = set()
    weights = [0.6, 0.25, 0.15]
    for _ in range(count):
        org = rng.choices(ctx.organisations, weights)[0]
        register = org.registers[0]
        female = rng.random() < 0.55
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        if rng.random() < 0.4:
            first += " " + rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        last = rng.choice(LAST_NAMES)
        born = _birth_date(rng, today, org)
        code = ""
        if rng.random() >= 0.02:  # a few clients have no identity code, only a date of birth
            while True:
                temporary = rng.random() < 0.01
                individual = rng.randint(900, 999) if temporary else rng.randint(2, 899)
                individual = _in_shard(individual, shard, shards, 999 if temporary else 899)
                # Odd individual numbers are men's, even women's.
                individual = individual - individual % 2 if female else individual | 1
                code = identity_code_make(born, individual, _century_sign(rng, born))
                if code not in used:
                    used.add(code)
                    break
        started = max(born, today - datetime.timedelta(days=rng.randint(1, 3650)))
        ended = died = None
        if rng.random() < 0.25:
            ended = min(today, started + datetime.timedelta(days=rng.randint(30, 1500)))
        elif (register.kind == RegisterKind.CLIENT_RECORDS and (today - born).days >= 75 * 365
              and rng.random() < 0.3):
            # A former home-care client who died nine to ten years ago: the statutory ten years
            # from the case's closing run out in the coming year (the retention forecast's months).
            ended = died = today - datetime.timedelta(days=9 * 365 + rng.randint(0, 364))
            started = ended - datetime.timedelta(days=rng.randint(180, 1500))
        postal_code, city = rng.choice(CITIES)
        client = new(
            Client, register=register, kind=ClientKind.PERSON, first_names=first, last_name=last,
            identity_code=code, date_of_birth=born,
            street_address=f"{rng.choice(STREETS)} {rng.randint(1, 80)}", postal_code=postal_code,
            city=city, municipality=city, phone=f"040 {rng.randint(1000000, 9999999)}",
            email=f"{search_key(first.split()[0])}.{search_key(last)}{rng.randint(1, 999)}@example.fi"
                  .replace(" ", ""),
            preferred_language="sv" if rng.random() < 0.05 else "fi",
            relationship_started=started, relationship_ended=ended, date_of_death=died,
            restricted=rng.random() < 0.005,
            search_name=search_key(f"{last} {first}"),
            sort_name=f"{last} {first}",
        )
        if register.kind == RegisterKind.PURCHASED_SERVICES:
            client.commissioning_authority = register.controller
            client.payment_commitment_reference = f"MS-{today.year}-{rng.randint(1000, 99999)}"
            client.payment_commitment_from = started
            client.payment_commitment_until = started + datetime.timedelta(days=365)
        if client.restricted:
            client.restriction_reason = "Asiakas kiistää tietojen paikkansapitävyyden (demo)."
        yield client, org, register


def _representatives(ctx: DemoContext, client: Client) -> list[Representative]:
    rng, today = ctx.rng, ctx.today
    reps = []
    phone = f"050 {rng.randint(1000000, 9999999)}"

    def person(role: str, relationship: str, first: str, valid_from: datetime.date) -> Representative:
        return new(Representative, client=client, role=role, relationship=relationship, first_names=first,
                              last_name=client.last_name, phone=phone, valid_from=valid_from)

    if client.is_minor_on(today):
        born = client.date_of_birth or today
        reps.append(person(RepresentativeRole.GUARDIAN, "äiti", rng.choice(FIRST_NAMES_F), born))
        reps.append(person(RepresentativeRole.GUARDIAN, "isä", rng.choice(FIRST_NAMES_M), born))
    else:
        age = client.age_on(today) or 0
        if age >= 75 and rng.random() < 0.3:
            rep = person(RepresentativeRole.LEGAL_REPRESENTATIVE, "edunvalvoja",
                         rng.choice(FIRST_NAMES_F + FIRST_NAMES_M), client.relationship_started)
            rep.last_name = rng.choice(LAST_NAMES)
            reps.append(rep)
        if age >= 30 and rng.random() < 0.6:
            reps.append(person(RepresentativeRole.NEXT_OF_KIN, rng.choice(["tytär", "poika", "puoliso"]),
                               rng.choice(FIRST_NAMES_F + FIRST_NAMES_M), client.relationship_started))
    return reps


@dataclass(frozen=True)
class ServiceKind:
    """What a case of one service task looks like in the demo: its title, the granted service,
    the plan's words and the visits' texts (an 89-year-old's home care never reads like family work)."""

    case_title: str
    service: str
    hours: tuple[int, ...]
    client_view: str
    need: str
    goals: str
    methods: str
    entries: tuple[str, ...]


SERVICE_KINDS: dict[str, ServiceKind] = {
    ServiceTask.OLDER_PEOPLE: ServiceKind(
        "Kotihoito", "Kotihoidon käynnit", (12, 20, 30, 40),
        "Haluan asua kotona mahdollisimman pitkään.",
        "Säännölliset kotihoidon käynnit: lääkehoito, hygienia ja ateriat.",
        "Kotona asumisen turvallisuus ja toimintakyvyn ylläpito.",
        "Kotihoidon käynnit, lääkkeiden annostelu, ulkoilu ja asiointi yhdessä.",
        ("Kotikäynti: aamutoimet, lääkkeiden anto ja aamupala. Asiakas hyvällä tuulella.",
         "Kotikäynti: suihkussa avustaminen ja ihon rasvaus. Jalkojen turvotus vähentynyt.",
         "Kotikäynti: lääkedosetin täyttö, verenpaine 138/82.",
         "Iltakäynti: iltapala ja iltalääkkeet, turvaranneke tarkistettu.",
         "Kotikäynti: kauppa-asiointi ja ulkoilu pihalla rollaattorin kanssa.",
         "Puhelu tyttären kanssa, sovittu lääkärikäynnin kuljetus.")),
    ServiceTask.WORKING_AGE_ADULTS: ServiceKind(
        "Sosiaaliohjaus", "Sosiaaliohjauksen tapaamiset", (4, 6, 8),
        "Tarvitsen apua raha-asioiden ja asumisen hoitamisessa.",
        "Sosiaaliohjaus arjen, talouden ja asioinnin tueksi.",
        "Vuokrat maksettu ajallaan ja asunto säilyy; työllistymisen polku alkaa.",
        "Tapaamiset kotona ja toimistolla, asiointi yhdessä, verkostotyö.",
        ("Ohjauskäynti: asiointi Kelassa, asumistukihakemus täytetty yhdessä.",
         "Tapaaminen toimistolla: budjetti laadittu, sähkölasku maksusuunnitelmaan.",
         "Kotikäynti: asunnon siisteys ja arjen rytmi, sovittu viikkosuunnitelma.",
         "Puhelu työllisyyspalveluihin, varattu aika työhönvalmentajalle.")),
    ServiceTask.FAMILIES_WITH_CHILDREN: ServiceKind(
        "Perhetyö", "Perhetyön kotikäynnit", (6, 8, 10),
        "Toivomme tukea arkeen ja vanhemmuuteen.",
        "Perhetyö kotona: arjen rytmi, vanhemmuuden tuki.",
        "Perheen arki sujuu, lapsen uni- ja ruokarytmi vakiintuu.",
        "Kotikäynnit, keskustelut vanhempien kanssa, toiminnallinen työskentely lapsen kanssa.",
        ("Perhetyön tapaaminen kotona: arjen rytmi ja ruokailut, vanhempien jaksaminen.",
         "Kotikäynti: iltarutiinit harjoiteltu yhdessä, lapsi nukahti klo 20.",
         "Tapaaminen vanhempien kanssa: kodin säännöt ja ruutuaika.",
         "Puhelu huoltajan kanssa, sovittu seuraava käynti.")),
    ServiceTask.CHILD_WELFARE: ServiceKind(
        "Lastensuojelun avohuollon tukitoimet", "Tehostettu perhetyö", (8, 12),
        "Haluamme, että lapsi voi hyvin ja koulu sujuu.",
        "Tehostettu perhetyö avohuollon tukitoimena (lastensuojelulaki).",
        "Lapsen turvallinen arki ja koulunkäynnin tuki.",
        "Tapaamiset lapsen ja vanhempien kanssa, yhteistyö koulun kanssa.",
        ("Tapaaminen lapsen kanssa: koulupäivä ja kaverisuhteet, mieliala hyvä.",
         "Verkostopalaveri koulun kanssa, sovittu tukiopetus kahdesti viikossa.",
         "Kotikäynti: perheen arki ja vanhempien voimavarat, tilanne rauhoittunut.",
         "Puhelu huoltajan kanssa, sovittu seuraava tapaaminen.")),
}


def _service_task(client: Client, org: DemoOrganisation, today: datetime.date) -> str:
    """The statutory service task that fits the client's age and the organisation's work."""
    on = client.date_of_death or today
    if org.registers[0].kind == RegisterKind.PURCHASED_SERVICES:
        return ServiceTask.OLDER_PEOPLE
    if client.is_minor_on(on) or org.controller.slug == FAMILY_WORK:
        return ServiceTask.FAMILIES_WITH_CHILDREN if client.pk % 3 else ServiceTask.CHILD_WELFARE
    age = client.age_on(on) or 0
    return ServiceTask.OLDER_PEOPLE if age >= 65 else ServiceTask.WORKING_AGE_ADULTS


def _review_on(rng: random.Random, client: Client, today: datetime.date) -> datetime.date:
    """A current client's plan is reviewed within the coming year, and about one in seven is a
    little late (up to six weeks): this week's work, not reviews forgotten since 2018. A former
    client's plan was reviewed while they were a client."""
    started = client.relationship_started
    if client.relationship_ended is None:
        day = today + datetime.timedelta(days=rng.randint(-42, 300) if rng.random() < 0.15 else rng.randint(1, 300))
        return max(day, started + datetime.timedelta(days=14))
    return min(client.relationship_ended, started + datetime.timedelta(days=rng.randint(90, 365)))


def _client_files(ctx: DemoContext, batch: list[tuple[Client, DemoOrganisation]], writer: BulkWriter) -> None:
    """A case, a granted service, a plan and two visits per client, in bulk, each fitting the
    client's service task."""
    rng, today = ctx.rng, ctx.today
    kinds = [SERVICE_KINDS[_service_task(c, org, today)] for c, org in batch]
    cases = [new(Case, client=c, service_task=_service_task(c, org, today), title=kind.case_title,
                 opened_on=c.relationship_started, closed_on=c.relationship_ended)
             for (c, org), kind in zip(batch, kinds, strict=True)]
    writer.save(Case, cases)
    granted = [new(GrantedService, case=case, content=kind.service, valid_from=case.opened_on,
                   valid_until=case.closed_on, granted_hours=decimal.Decimal(rng.choice(kind.hours)),
                   commissioning_authority=case.client.commissioning_authority,
                   payment_commitment_reference=case.client.payment_commitment_reference)
               for case, kind in zip(cases, kinds, strict=True)]
    writer.save(GrantedService, granted)
    plans, entries = [], []
    for (client, org), service, kind in zip(batch, granted, kinds, strict=True):
        worker = org.caseworkers[client.pk % len(org.caseworkers)]
        plans.append(new(
            ServicePlan,
            client=client, version=1, client_view=kind.client_view, service_and_need=kind.need,
            goals=kind.goals, working_methods=kind.methods, review_on=_review_on(rng, client, today),
            made_on=client.relationship_started,
            guardian_contact="Huoltajat osallistuvat tapaamisiin." if client.is_minor_on(today) else "",
            place=client.city, duty_to_notify_reviewed=True, confidentiality_reviewed=True,
            liability_insurance_reviewed=True, worker_signatory=worker, created_by=worker,
        ))
        last = client.relationship_ended or today
        for _ in range(2):
            day = last - datetime.timedelta(days=rng.randint(0, 60))
            entries.append(new(
                ServiceEntry,
                client=client, granted_service=service, date=max(day, client.relationship_started),
                duration_minutes=rng.choice([15, 30, 45, 60, 90]), worker=worker,
                content=rng.choice(kind.entries),
            ))
    writer.save(ServicePlan, plans)
    writer.save(ServiceEntry, entries)


# A million clients are made by two processes at once (Python makes the rows, PostgreSQL stores
# them: on two cores neither waits for the other). Fixed, so that a seed gives the same data
# on every machine.
SHARDS = 2
SHARDED_FROM = 50_000


def populate(ctx: DemoContext, *, clients: int) -> None:
    """Organisations, accounts and `clients` clients with their people. The later apps read
    the clients back in batches (`iter_clients`)."""
    with transaction.atomic():
        _organisations(ctx)
    if clients < SHARDED_FROM or connection.vendor != "postgresql" or connection.in_atomic_block:
        _populate_shard(ctx, clients, 0, 1)
        return
    connections.close_all()  # each process opens its own
    fork = multiprocessing.get_context("fork")
    processes = [fork.Process(target=_shard_process, args=(ctx, clients // SHARDS + (k < clients % SHARDS), k),
                              name=f"demo-shard-{k}") for k in range(SHARDS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    failed = [p.name for p in processes if p.exitcode != 0]
    if failed:
        raise RuntimeError(f"demo data: {', '.join(failed)} failed (see the error above)")


def _shard_process(ctx: DemoContext, count: int, shard: int) -> None:
    ctx.rng = random.Random(f"{ctx.seed}/{shard}")
    try:
        _populate_shard(ctx, count, shard, SHARDS)
    finally:
        connections.close_all()


def _populate_shard(ctx: DemoContext, clients: int, shard: int, shards: int) -> None:
    Through = Client.assigned_workers.through
    writer = BulkWriter(background=True)
    made = 0
    batch: list[tuple[Client, DemoOrganisation]] = []

    def flush() -> None:
        nonlocal made
        writer.save(Client, [c for c, _ in batch])
        links, reps = [], []
        for client, org in batch:
            worker = org.caseworkers[client.pk % len(org.caseworkers)]
            links.append(new(Through, client_id=client.pk, user_id=worker.pk))
            reps.extend(_representatives(ctx, client))
        writer.save(Through, links)
        writer.save(Representative, reps)
        _client_files(ctx, batch, writer)
        made += len(batch)
        batch.clear()
        if clients >= 20_000 and made % 50_000 < BATCH:
            ctx.log(f"  clients: {made:,}/{clients:,}" + (f" (process {shard + 1}/{shards})" if shards > 1 else ""))

    for client, org, _register in _clients(ctx, clients, shard, shards):
        batch.append((client, org))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    writer.close()


def accounts_text(accounts: list[tuple[str, str, str]]) -> str:
    width = max(len(u) for u, _, _ in accounts)
    lines = ["Demo accounts (username, password, role):"]
    lines += [f"  {u:<{width}}  {p}  {r}" for u, p, r in accounts]
    return "\n".join(lines)


def demo_exists() -> bool:
    return User.objects.filter(username="admin").exists()


def iter_clients(*fields: str, batch: int = BATCH) -> Iterator[list[Client]]:
    """Every demo client in pk order, a batch at a time (for the later apps' demo data), with
    only `fields` loaded (and the primary key): a million full model instances would cost the
    later apps more than making their own rows."""
    names = ("id", *fields)
    last = 0
    while True:
        rows = list(Client.objects.filter(pk__gt=last).order_by("pk").values_list(*names)[:batch])
        if not rows:
            return
        yield [new(Client, **dict(zip(names, row, strict=True))) for row in rows]
        last = rows[-1][0]
