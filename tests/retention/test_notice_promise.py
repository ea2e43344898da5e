"""The notice against the run (issue 18): for sample clients of every seed register, of a plain
client-records register under the statutory defaults and of a county's purchased-services
register, and with a case of each statutory service task, the due date the nightly run computes
is the one the published notice promises.

The promise is read from the published English notice alone: its retention sentences are parsed
back into (which clients, how long, from which event), and a client's promised due date worked
out from them the way the notice says ("the longest applicable period decides"; "while no date
of death is known the data is kept"). Nothing of the retention app's own reasoning is reused."""

import calendar
import datetime
import re
from dataclasses import dataclass

import pytest

from clients.constants import ServiceTask
from clients.models import Client, Register
from clients.services.notices import notice_publish
from core.roles import Role
from retention.selectors import client_file_rules, retention_statuses
from tests.conftest import make_register, make_user

from .conftest import add_case, person

TODAY = datetime.date(2026, 11, 27)
STATUTORY_TASKS = [t for t in ServiceTask if t != ServiceTask.PRIVATE]


@dataclass(frozen=True)
class Promise:
    """One client-file sentence of a notice: who, how long (months, days), counted from what."""

    scope: str  # all / statutory / private / task
    task: str
    months: int
    days: int
    event: str  # death / case / relationship / birth


SCOPES = {
    "All clients": ("all", ""),
    "Clients with a statutory social-welfare case": ("statutory", ""),
    "Clients without a statutory case (private service)": ("private", ""),
}
EVENTS = {
    "the client's death": "death", "the last of these cases is closed": "case",
    "the client relationship ends": "relationship", "the child's birth": "birth",
}
ZERO_EVENTS = {
    "kept until the client's death": "death", "kept until the last of these cases is closed": "case",
    "kept while the client relationship lasts": "relationship",
}
SENTENCE = re.compile(r"^(?P<who>.+?): (?P<kept>kept .+?)(?:;|\.)")
PERIOD = re.compile(r"^kept until (?P<period>.+?) after (?P<event>the client's death|the last of these cases is "
                    r"closed|the client relationship ends|the child's birth)")
UNIT = re.compile(r"(\d+) (year|month|day)s?")


def parse(sentence: str) -> Promise | None:
    """A client-file sentence as a Promise; None for a log sentence ("Access logs: kept 5 years
    from their own date ...")."""
    match = SENTENCE.match(sentence)
    assert match, sentence
    who, kept = match["who"], match["kept"]
    if "from their own date" in sentence:
        return None
    if who in SCOPES:
        scope, task = SCOPES[who]
    else:
        assert who.startswith("Clients with a case of the service task "), sentence
        tasks = {str(task.label).lower(): task.value for task in ServiceTask}  # in English (the fixture)
        scope, task = "task", tasks[who.removeprefix("Clients with a case of the service task ")]
    if kept in ZERO_EVENTS:
        return Promise(scope, task, 0, 0, ZERO_EVENTS[kept])
    period = PERIOD.match(kept)
    assert period, sentence
    months = days = 0
    for number, unit in UNIT.findall(period["period"]):
        months += int(number) * {"year": 12, "month": 1, "day": 0}[unit]
        days += int(number) if unit == "day" else 0
    return Promise(scope, task, months, days, EVENTS[period["event"]])


def notice_promises(html: str) -> list[Promise]:
    sentences = [" ".join(s.split()) for s in re.findall(r'<span class="retention-sentence">(.*?)</span>',
                                                          html.replace("&#x27;", "'"), re.S)]
    if sentences:
        assert "The longest applicable period decides" in html
    return [p for p in map(parse, sentences) if p is not None]


def child_birth(client: Client, cases: list) -> datetime.date | None:
    """As the notice says: the client's own birth when the client was the child (under 18 when the
    case opened), otherwise the child's date of birth on the case; the latest decides, and one not
    yet recorded keeps the data."""
    births = []
    for case in cases:
        if case.child_date_of_birth is not None:
            births.append(case.child_date_of_birth)
        elif client.date_of_birth and plus(client.date_of_birth, 18 * 12, 0) > case.opened_on:
            births.append(client.date_of_birth)
        else:
            return None
    return max(births) if births else client.date_of_birth


def plus(day: datetime.date, months: int, days: int) -> datetime.date:
    """As Finnish law counts periods: the same day of the month, or the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1])) + datetime.timedelta(days)


def promised_due(client: Client, promises: list[Promise]) -> datetime.date | None:
    """What the notice says: every sentence that covers the client must have run out (the longest
    decides); a sentence whose event has not happened keeps the data (None)."""
    cases = list(client.cases.all())
    statutory = any(c.service_task != ServiceTask.PRIVATE for c in cases)
    dues = []
    for p in promises:
        if p.scope == "statutory" and not statutory or p.scope == "private" and statutory:
            continue
        covered = cases
        if p.scope == "task":
            covered = [c for c in cases if c.service_task == p.task]
            if not covered:
                continue
        elif p.scope == "statutory":
            covered = [c for c in cases if c.service_task != ServiceTask.PRIVATE]
        start = {
            "death": client.date_of_death, "relationship": client.relationship_ended,
            "birth": child_birth(client, covered),
            "case": (max(c.closed_on for c in covered if c.closed_on)
                     if covered and all(c.closed_on for c in covered) else None),
        }[p.event]
        if start is None:
            return None
        dues.append(plus(start, p.months, p.days))
    return max(dues) if dues else None


def sample_clients(actor, register: Register) -> list[Client]:
    """A living and a dead client with a closed case of each statutory task, one with an open
    case, one with two tasks, private clients whose relationship ended or goes on."""
    clients = []
    for n, task in enumerate(STATUTORY_TASKS):
        alive = person(actor, register, born=datetime.date(1960 + n, 3, 31),
                       relationship_ended=datetime.date(2020, 6, 30))
        add_case(actor, alive, task, datetime.date(2015, 1, 31), datetime.date(2020, 6, 30))
        born = datetime.date(1940 + n, 2, 29) if n % 4 == 0 else datetime.date(1941, 8, 31)
        dead = person(actor, register, born=born,
                      relationship_ended=datetime.date(2019, 1, 31), date_of_death=datetime.date(2022, 2, 28))
        add_case(actor, dead, task, datetime.date(2012, 5, 1), datetime.date(2019, 1, 31))
        still_open = person(actor, register, born=datetime.date(1980, 1, 1 + n))
        add_case(actor, still_open, task, datetime.date(2021, 1, 1))
        clients += [alive, dead, still_open]
    two_tasks = person(actor, register, relationship_ended=datetime.date(2021, 12, 31),
                       date_of_death=datetime.date(2024, 12, 31))
    add_case(actor, two_tasks, ServiceTask.OLDER_PEOPLE, datetime.date(2010, 1, 1), datetime.date(2018, 12, 31))
    add_case(actor, two_tasks, ServiceTask.FAMILIES_WITH_CHILDREN, datetime.date(2016, 1, 1),
             datetime.date(2021, 12, 31))
    ended = person(actor, register, relationship_ended=datetime.date(2025, 10, 31))
    add_case(actor, ended, ServiceTask.PRIVATE, datetime.date(2024, 1, 1), datetime.date(2025, 10, 31))
    going_on = person(actor, register)
    add_case(actor, going_on, ServiceTask.PRIVATE, datetime.date(2024, 1, 1))
    no_case = person(actor, register, relationship_ended=datetime.date(2023, 5, 15))
    return [*clients, two_tasks, ended, going_on, no_case]


def publishable(register: Register) -> Register:
    """Fill in what the seeds lack for publishing (a street address, a contact, a phone), as an
    admin would before publishing."""
    controller = register.controller
    controller.street_address = controller.street_address or "Esimerkkikatu 1"
    controller.contact_person_name = controller.contact_person_name or "Rekisterin yhteyshenkilö"
    controller.phone = controller.phone or "020 123 4567"
    controller.save()
    for field in ("purpose", "data_content", "sources", "recipients"):
        if not getattr(register, field).strip():
            setattr(register, field, "Ks. rekisterin kuvaus.")
    register.legal_bases = register.legal_bases or ["6.1.c"]
    register.save()
    return register


@pytest.fixture
def registers_under_test(seed_registers, purchased_register, provider) -> list[Register]:
    return [*seed_registers.values(), make_register(provider), purchased_register]


def test_every_seed_and_statutory_register_s_notice_promises_the_due_date_the_run_computes(
        db, registers_under_test):
    """Seed 000: "Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon kuluttua
    asiakassuhteen päättymisestä." Seed 002: "Toimitamme asiakasasiakirjat hyvinvointialueen
    arkistoon hyvinvointialueen ohjeen mukaisesti." Act 703/2023 as DESIGN.md restates it:
    "Asiakkuusasiakirja ja asiakkaan perustiedot 2 vuotta asiakkaan kuolemasta". What each
    notice says is what the run does, client by client."""
    rules = client_file_rules()
    compared = promised_something = 0
    for register in registers_under_test:
        admin = make_user(Role.ADMIN, register.controller)
        [notice] = [n for n in notice_publish(actor=admin, controller=register.controller,
                                              register=publishable(register)) if n.language == "en"]
        promises = notice_promises(notice.html)
        clients = sample_clients(admin, register)
        statuses = dict(retention_statuses(Client.objects.filter(register=register), rules, TODAY,
                                           candidates_only=False))
        for client in clients:
            run = statuses[client].due_on if client in statuses else None
            promised = promised_due(Client.objects.prefetch_related("cases").get(pk=client.pk), promises)
            assert run == promised, (register.name, client.pk, [(c.service_task, c.closed_on)
                                                                for c in client.cases.all()], promises)
            compared += 1
            promised_something += promised is not None
    assert compared == len(registers_under_test) * (3 * len(STATUTORY_TASKS) + 4)
    assert promised_something > 20  # not a comparison of two Nones


def test_the_property_test_catches_a_notice_that_omits_the_rule_that_decides(db, register, caseworker):
    """The test's own check: without the basic-data sentence ("2 vuotta asiakkaan kuolemasta"),
    a dead client of older people's services would be promised ten years after the case closed,
    while the run keeps the data two years after death when that is later."""
    client = person(caseworker, register, date_of_death=datetime.date(2030, 1, 1),
                    relationship_ended=datetime.date(2020, 1, 1))
    add_case(caseworker, client, ServiceTask.OLDER_PEOPLE, datetime.date(2010, 1, 1), datetime.date(2020, 1, 1))
    full = [Promise("statutory", "", 24, 0, "death"), Promise("task", ServiceTask.OLDER_PEOPLE, 120, 0, "case")]
    [(_, status)] = retention_statuses(Client.objects.filter(pk=client.pk), client_file_rules(), TODAY,
                                       candidates_only=False)
    client = Client.objects.prefetch_related("cases").get(pk=client.pk)
    assert promised_due(client, full) == status.due_on == datetime.date(2032, 1, 1)
    assert promised_due(client, full[1:]) != status.due_on


def test_a_county_register_with_a_zero_period_is_stated_as_kept_while_the_relationship_lasts(
        db, purchased_register):
    """Seed 002's county rule hands over and deletes when the relationship ends: no "0 days"."""
    admin = make_user(Role.ADMIN, purchased_register.controller)
    [notice] = [n for n in notice_publish(actor=admin, controller=purchased_register.controller,
                                          register=publishable(purchased_register)) if n.language == "en"]
    assert "All clients: kept while the client relationship lasts. Then the data is handed over to " \
           "Hyvinvointialueen arkisto and deleted here." in " ".join(notice.html.split())
    assert "0 days" not in notice.html
