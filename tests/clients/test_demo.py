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
