"""Fixtures shared by every test folder: organisations, registers, users per role, clients
made through the services (so tests exercise the same code paths as the app)."""

import contextlib
import datetime
import itertools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client as DjangoClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients import services
from clients.constants import ClientKind, ControllerKind, RegisterKind
from clients.demo import business_id_make, identity_code_make
from clients.models import Client, Controller, Register, WorkerProfile
from core.roles import Role

TODAY = datetime.date(2026, 11, 21)
ROOT = Path(__file__).resolve().parents[1]
# The README's pictures are refreshed with `SCREENSHOTS=1 make test`; a plain run writes its
# screenshots under .tmp, leaving the working tree as it found it.
SCREENSHOTS = ROOT / ("docs/screenshots" if os.environ.get("SCREENSHOTS") == "1" else ".tmp/screenshots")
_numbers = itertools.count(1)


# The production settings as a deployment would give them, and manage.py run in a child process
# with exactly that environment (tests/foundation, tests/security).
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-production-secret-key-for-the-check-" + "y" * 20,
    "DJANGO_ALLOWED_HOSTS": "asiakasrekisteri.example.fi",
    "DATABASE_URL": "postgres://user:pw@127.0.0.1:5432/asiakasrekisteri",
    "MEDIA_ROOT": "/var/lib/asiakasrekisteri/media",
    "ARCHIVE_ROOT": "/var/lib/asiakasrekisteri/archive",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


class VerifiedClient(DjangoClient):
    """The test client whose force_login also passes the second factor: the user gets a
    confirmed authenticator device and the session is marked verified, as after a real code.
    (tests/security attacks with a plain django.test.Client instead.)"""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = (TOTPDevice.objects.filter(user=user, confirmed=True).first()
                  or TOTPDevice.objects.create(user=user, name="test", confirmed=True))
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client() -> VerifiedClient:
    return VerifiedClient()


@pytest.fixture
def today() -> datetime.date:
    return TODAY


def make_business_id() -> str:
    while True:
        try:
            return business_id_make(4000000 + next(_numbers))
        except ValueError:  # a base whose check digit would be 10: take the next one
            continue


def make_controller(name: str = "Hoivapolku Oy", kind: str = ControllerKind.PROVIDER) -> Controller:
    n = next(_numbers)
    return Controller.objects.create(name=name, slug=f"org-{n}", kind=kind,
                                     business_id=make_business_id())


def make_register(controller: Controller, operator: Controller | None = None,
                  kind: str = RegisterKind.CLIENT_RECORDS) -> Register:
    n = next(_numbers)
    return Register.objects.create(
        controller=controller, operator=operator or controller, name=f"Asiakasrekisteri {n}",
        slug=f"register-{n}", kind=kind,
    )


def make_user(role: Role | None, controller: Controller | None, *, signed: bool = True,
              username: str | None = None) -> User:
    n = next(_numbers)
    user = User.objects.create_user(
        username=username or f"user{n}", password="test-password-123", first_name=f"Etu{n}",
        last_name="Sukunimi", is_staff=role == Role.ADMIN,
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    if controller is not None:
        WorkerProfile.objects.create(
            user=user, controller=controller,
            confidentiality_signed_on=TODAY if signed else None,
        )
    return user


def make_client(actor: User, register: Register, *, last_name: str = "Mäkinen",
                first_names: str = "Matti", born: datetime.date = datetime.date(1950, 5, 17),
                individual: int | None = None, sign: str = "-", **extra) -> Client:
    n = next(_numbers)
    data: dict[str, Any] = {
        "register": register, "kind": ClientKind.PERSON, "last_name": last_name,
        "first_names": first_names,
        "identity_code": identity_code_make(born, individual or (100 + n % 700), sign),
        "relationship_started": datetime.date(2024, 1, 1),
    }
    restricted = extra.pop("restricted", False)
    reason = extra.pop("restriction_reason", "GDPR Art 18 -pyyntö")
    data.update(extra)
    client = services.client_create(actor=actor, **data)
    if restricted:  # set as the register contact's request handling sets it
        services.client_restrict(actor=actor, client=client, reason=reason)
    return client


@pytest.fixture
def provider(db) -> Controller:
    return make_controller("Hoivapolku Oy")


@pytest.fixture
def other_provider(db) -> Controller:
    return make_controller("Perhetuki Kantele Oy")


@pytest.fixture
def register(provider) -> Register:
    return make_register(provider)


@pytest.fixture
def other_register(other_provider) -> Register:
    return make_register(other_provider)


@pytest.fixture
def caseworker(provider) -> User:
    return make_user(Role.CASEWORKER, provider, username="hoitaja_a")


@pytest.fixture
def caseworker_b(provider) -> User:
    return make_user(Role.CASEWORKER, provider, username="hoitaja_b")


@pytest.fixture
def contact(provider) -> User:
    return make_user(Role.REGISTER_CONTACT, provider, username="kontakti")


@pytest.fixture
def admin_user(provider) -> User:
    return make_user(Role.ADMIN, provider, username="paakayttaja")


@pytest.fixture
def other_contact(other_provider) -> User:
    return make_user(Role.REGISTER_CONTACT, other_provider, username="kontakti_muu")


@pytest.fixture
def client_a(caseworker, register) -> Client:
    """A client assigned to `caseworker` (created by them)."""
    return make_client(caseworker, register)


@pytest.fixture
def client_b(caseworker_b, register) -> Client:
    """A client of the same organisation assigned only to `caseworker_b`."""
    return make_client(caseworker_b, register, last_name="Virtanen", first_names="Aino",
                       born=datetime.date(1961, 3, 2))


# Row-level security (core/rls.py) ------------------------------------------------------------------
# The whole suite runs through the policies: pytest-django creates and migrates the test database as
# its owner, then every test connects as the app role that .ci/with-postgres created (neither
# superuser nor owner). Tests that write their own data do it in the system scope; every request
# they make still runs in the signed-in user's scope (core.scope.RegisterScopeMiddleware).

APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "")
APP_ROLE_PASSWORD = os.environ.get("DATABASE_APP_PASSWORD", "")
_owner: list[tuple[str, str]] = []  # the owner's USER and PASSWORD while the tests run as the app role


def app_role_grant(connection, role: str) -> None:
    """What production grants the app role (README), and for the test runner's flush and sequence
    resets TRUNCATE and sequence UPDATE as well (never in production: TRUNCATE ignores policies)."""
    with connection.cursor() as cursor:
        cursor.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO "{role}"')
        cursor.execute(f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
        cursor.execute(f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON rls_protected_table FROM "{role}"')


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, then the `default` connection as the app role."""
    from django.db import connections

    connection = connections["default"]
    if connection.vendor != "postgresql" or not APP_ROLE:
        yield
        return
    with django_db_blocker.unblock():
        app_role_grant(connection, APP_ROLE)
    owner = connection.settings_dict["USER"], connection.settings_dict["PASSWORD"]
    _owner[:] = [owner]
    connection.close()
    # The settings' own dict: connections opened later, in other threads too, use the app role.
    connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] = APP_ROLE, APP_ROLE_PASSWORD
    yield
    for conn in connections.all(initialized_only=True):
        conn.close()
    # Back to the owner, who drops the test database.
    connection.settings_dict["USER"], connection.settings_dict["PASSWORD"] = owner
    _owner.clear()


@contextlib.contextmanager
def as_database_owner():
    """The test machinery's own housekeeping that only the owner may do (a flush that restarts
    the tables' sequences): the `default` connection as the owner for the block."""
    from django.db import connections

    connection = connections["default"]
    if not _owner:
        yield
        return
    settings_dict = connection.settings_dict
    connection.close()
    settings_dict["USER"], settings_dict["PASSWORD"] = _owner[0]
    try:
        yield
    finally:
        connection.close()
        settings_dict["USER"], settings_dict["PASSWORD"] = APP_ROLE, APP_ROLE_PASSWORD


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def system_database_scope(request):
    """The system scope for the test's own writes and reads: inside pytest-django's test
    transaction transaction-local; in transactional and browser tests session-level on the test
    thread's own connection (reconnects included), never on the live server's."""
    import threading

    from django.db import connections
    from django.db.backends.signals import connection_created

    from core.scope import scope_set

    if not (request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    connection = connections["default"]
    if connection.vendor != "postgresql":
        yield
        return
    test_thread = threading.get_ident()

    def scope_new_connection(sender, connection, **kwargs):
        if threading.get_ident() == test_thread:
            scope_set(connection, "all", local=False)

    in_test_transaction = connection.in_atomic_block
    scope_set(connection, "all", local=in_test_transaction)
    connection_created.connect(scope_new_connection, weak=False, dispatch_uid="tests.system_scope")
    try:
        yield
    finally:
        connection_created.disconnect(dispatch_uid="tests.system_scope")
        connection = connections["default"]
        if not in_test_transaction and connection.connection is not None and not connection.in_atomic_block:
            scope_set(connection, "", local=False)
