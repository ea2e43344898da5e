"""`manage.py demo_data`: organisations modelled on the seeds, one account per role, clients."""

import datetime
import random
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from clients.constants import ControllerKind, RegisterKind, RepresentativeRole
from clients.demo import DemoContext, DemoOrganisation, _clients, _in_shard
from clients.identifiers import identity_code_clean
from clients.models import Client, Controller, PrivacyNotice, Register, Representative, ServiceEntry, ServicePlan
from clients.selectors import clients_visible_to

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def test_demo_data_creates_organisations_accounts_and_valid_clients(today):
    output = run("--clients", "120", "--seed", "7")
    assert "Demo data created: 120 clients." in output
    assert PrivacyNotice.objects.filter(register__slug="asiakasrekisteri", controller__slug="hoivapolku").exists()
    assert Controller.objects.filter(slug="vaspoy").exists()  # the seed registers come along
    for username in ["admin", "kontakti", "hoitaja1", "hoitaja2", "kontakti.pirha", "ohjaaja1"]:
        assert username in output
        assert User.objects.get(username=username).worker_profile.confidentiality_signed_on
    assert Client.objects.count() == 120
    purchased = Register.objects.get(kind=RegisterKind.PURCHASED_SERVICES, controller__slug="pirkanmaa")
    assert purchased.controller.kind == ControllerKind.WELLBEING_COUNTY
    assert purchased.operator.slug == "hoivapolku"
    for client in Client.objects.exclude(identity_code=""):
        code = client.identity_code
        assert identity_code_clean(code, today=timezone.localdate()) == code
    signs = {c.identity_code[6] for c in Client.objects.exclude(identity_code="")}
    assert "-" in signs and "A" in signs
    minors = [c for c in Client.objects.all() if c.is_minor_on(timezone.localdate())]
    assert minors
    assert Representative.objects.filter(client=minors[0], role=RepresentativeRole.GUARDIAN).count() == 2
    assert ServicePlan.objects.count() == 120
    assert ServiceEntry.objects.count() == 240


def test_scoping_is_visible_in_the_demo():
    run("--clients", "60")
    hoitaja1, hoitaja2 = User.objects.get(username="hoitaja1"), User.objects.get(username="hoitaja2")
    mine, theirs = set(clients_visible_to(hoitaja1)), set(clients_visible_to(hoitaja2))
    assert mine and theirs and not mine & theirs
    contact = User.objects.get(username="kontakti")
    assert mine | theirs <= set(clients_visible_to(contact))
    other = User.objects.get(username="kontakti.kantele")
    assert not (mine | theirs) & set(clients_visible_to(other))


def test_demo_clients_are_deterministic_for_a_seed():
    def people(seed: int) -> list[tuple[str, str, str]]:
        controller = Controller(name="X", kind=ControllerKind.PROVIDER)
        register = Register(controller=controller, kind=RegisterKind.CLIENT_RECORDS)
        orgs = [DemoOrganisation(controller, [register], User(), [User()]) for _ in range(3)]
        ctx = DemoContext(seed=seed, today=datetime.date(2026, 11, 21), rng=random.Random(seed),
                          organisations=orgs)
        return [(c.last_name, c.first_names, c.identity_code) for c, _, _ in _clients(ctx, 50)]

    assert people(42) == people(42)
    assert people(42) != people(43)


def test_the_two_processes_of_a_big_load_never_make_the_same_identity_code():
    """A million clients are made by two processes; each keeps to its own individual numbers,
    so the unique identity code per register holds without them talking to each other."""
    def codes(shard: int) -> set[str]:
        controller = Controller(name="X", kind=ControllerKind.PROVIDER)
        register = Register(controller=controller, kind=RegisterKind.CLIENT_RECORDS)
        orgs = [DemoOrganisation(controller, [register], User(), [User()]) for _ in range(3)]
        ctx = DemoContext(seed=5, today=datetime.date(2026, 11, 21), rng=random.Random(f"5/{shard}"),
                          organisations=orgs)
        made = {c.identity_code for c, _, _ in _clients(ctx, 3000, shard, 2)} - {""}
        assert all(identity_code_clean(code, today=ctx.today) == code for code in made)
        return made

    first, second = codes(0), codes(1)
    assert len(first) > 2900 and len(second) > 2900
    assert not first & second
    assert {_in_shard(n, shard, 2, 899) for n in (2, 3, 898, 899) for shard in (0, 1)} <= set(range(2, 900))


def test_second_run_refuses_and_once_prints_accounts():
    run("--clients", "5")
    with pytest.raises(CommandError):
        run("--clients", "5")
    assert "Demo data already loaded." in run("--once")


# What a newcomer sees in the demo: every page with realistic content ---------------------------

FAMILY_WORDS = ("perhe", "vanhemp", "lapsi", "lapsen", "huoltaja", "koulu")


@pytest.fixture
def demo_load():
    run("--clients", "200", "--seed", "11")
    return timezone.localdate()


def test_demo_services_fit_the_clients_age_and_service_task(demo_load):
    """No family-work texts on an 89-year-old's home-care visits; children get family work or
    child welfare; the county buys home care for older people only."""
    from clients.constants import ServiceTask
    from clients.models import Case

    today = demo_load
    tasks = set()
    for case in Case.objects.select_related("client__register").prefetch_related("granted_services"):
        person = case.client
        age = person.age_on(person.date_of_death or today)
        tasks.add(case.service_task)
        texts = [case.title] + [s.content for s in case.granted_services.all()] + list(
            ServiceEntry.objects.filter(client=person).values_list("content", flat=True))
        if case.service_task == ServiceTask.OLDER_PEOPLE:
            assert age >= 65, (person, age)
            for text in texts:
                assert not any(word in text.lower() for word in FAMILY_WORDS), (age, text)
        if person.is_minor_on(person.date_of_death or today):
            assert case.service_task in (ServiceTask.FAMILIES_WITH_CHILDREN, ServiceTask.CHILD_WELFARE)
            assert not any("Kotihoid" in text or "lääkedosetti" in text for text in texts)
        if person.register.kind == RegisterKind.PURCHASED_SERVICES:
            assert case.service_task == ServiceTask.OLDER_PEOPLE
    assert {ServiceTask.OLDER_PEOPLE, ServiceTask.WORKING_AGE_ADULTS, ServiceTask.FAMILIES_WITH_CHILDREN,
            ServiceTask.CHILD_WELFARE} <= tasks


def test_demo_overdue_reviews_are_recent_and_shown_on_the_workers_task_list(demo_load, client):
    today = demo_load
    current = ServicePlan.objects.filter(client__relationship_ended__isnull=True)
    overdue = current.filter(review_on__lt=today)
    assert overdue.exists()
    assert not overdue.filter(review_on__lt=today - datetime.timedelta(days=42)).exists()  # not back to 2018
    for plan in ServicePlan.objects.filter(client__relationship_ended__isnull=False).select_related("client"):
        assert plan.review_on <= plan.client.relationship_ended
    worker = User.objects.get(pk=overdue.first().client.assigned_workers.first().pk)
    client.force_login(worker)
    html = client.get("/").content.decode()
    assert 'id="reviews"' in html and overdue.first().client.display_name in html


def test_demo_has_data_subject_requests_in_every_state(demo_load, client):
    from requests.constants import Outcome, Status
    from requests.models import DataSubjectRequest

    today = demo_load
    requests = list(DataSubjectRequest.objects.all())
    is_open = [r for r in requests if r.status != Status.COMPLETED]
    states = {
        "new": [r for r in is_open if not r.verified],
        "verified": [r for r in is_open if r.verified and not r.extended and r.due_on >= today],
        "extended": [r for r in is_open if r.extended and r.due_on >= today],
        "overdue": [r for r in is_open if r.due_on < today],
        "due within a week": [r for r in is_open if 0 <= (r.due_on - today).days <= 7],
        "decided": [r for r in requests if r.outcome == Outcome.GRANTED and r.decided_at],
        "refused": [r for r in requests if r.outcome == Outcome.REFUSED and r.refusal_reasons],
        "closed long ago": [r for r in requests if r.decided_at and (today - r.decided_at.date()).days > 90],
        "refused, identity not verified": [r for r in requests if r.outcome == Outcome.REFUSED and not r.verified],
        "question open": [r for r in is_open if r.is_question and r.answer_due_on and r.due_on >= today],
        "question answered": [r for r in requests if r.is_question and not r.is_open and r.decision
                              and r.decided_by and r.decided_at],
    }
    assert all(states.values()), {state: len(found) for state, found in states.items()}
    # A decided access request's report can be made: its decision records that no redactions were needed.
    from requests.selectors import release_refusal
    assert any(release_refusal(r, types=["access"]) is None for r in states["decided"] if r.type == "access")
    for request in requests:
        assert not request.client.is_minor_on(today) and request.client.relationship_ended is None
    # The register contact's task list and queue show them.
    client.force_login(User.objects.get(username="kontakti"))
    assert 'id="task-requests"' in client.get("/").content.decode()
    assert client.get("/requests/").status_code == 200


def test_demo_retention_forecast_has_months_with_clients_falling_due(demo_load, client):
    from retention.selectors import retention_forecast

    forecast = retention_forecast(Client.objects.all(), today=demo_load, months=12)
    busy = [month for month in forecast.months if month.total]
    assert len(busy) >= 3, [(m.first_day, m.total) for m in forecast.months]
    client.force_login(User.objects.get(username="kontakti"))
    assert client.get("/retention/forecast/").status_code == 200
