"""Browser tests: Playwright drives Debian's Chromium against `live_server` on PostgreSQL.

One browser for the whole e2e package, a fresh browser context (cookies, storage) per test.
Every page a flow visits is checked with axe-core: a serious or critical violation fails the
test, the rest are printed. A test that leaves a visited page unchecked fails too.

Where no Chromium can be had (`make test` installs it with apt as root), the tests are skipped
with a loud banner, never failed: the rest of the suite still means something without a browser.
"""

import datetime
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients import services as client_services
from clients.constants import ClientKind, ControllerKind, RegisterKind
from clients.demo import identity_code_make
from clients.models import Client, Controller, Register, WorkerProfile
from core.roles import Role
from tests.conftest import SCREENSHOTS, as_database_owner

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = "Kotikäynti-2026!"
BLOCKING_IMPACTS = ("serious", "critical")

BANNER = """
##########################################################################################
##  BROWSER TESTS SKIPPED: {reason}
##  tests/e2e drives Chromium at {path} (set CHROMIUM=... for another one);
##  `make test` installs it as root with `apt-get install -y chromium`.
##  The UI has NOT been checked in a browser: flows, accessibility, screenshots.
##########################################################################################
"""


def chromium_missing() -> str | None:
    """Why no browser can run here, or None."""
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright or axe-playwright-python is not installed"
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        return f"no Chromium at {CHROMIUM}"
    return None


class _Report:
    """What the browser tests tell the terminal at the end: the skip banner, or axe's numbers."""

    def __init__(self) -> None:
        self.skipped: str | None = None
        self.pages: list[tuple[str, str, list[dict[str, Any]]]] = []  # (test, url, violations)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.skipped:
            terminalreporter.write_line(BANNER.format(reason=self.skipped, path=CHROMIUM), red=True, bold=True)
            return
        if not self.pages:
            return
        minor: dict[str, set[str]] = {}
        for _test, url, violations in self.pages:
            for v in violations:
                minor.setdefault(f"{v['id']} ({v['impact']})", set()).add(url)
        terminalreporter.section("axe-core accessibility check")
        blocking = sum(1 for *_x, vs in self.pages for v in vs if v["impact"] in BLOCKING_IMPACTS)
        terminalreporter.write_line(f"{len(self.pages)} page views checked; serious or critical violations: "
                                    f"{blocking}")
        for rule, urls in sorted(minor.items()):
            terminalreporter.write_line(f"  {rule}: {len(urls)} page(s), e.g. {sorted(urls)[0]}")


_report = _Report()


def _skip_loudly(request: pytest.FixtureRequest, reason: str) -> NoReturn:
    _report.skipped = reason
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(BANNER.format(reason=reason, path=CHROMIUM), flush=True)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason} (make test installs Chromium with apt as root)")


@pytest.fixture(scope="package")
def migrated_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, str | None]]:
    """The snapshot of each freshly migrated test database (roles, content types, default rules)
    that serialized_rollback restores before each browser test. The database is emptied first,
    and afterwards put back as it was for the transactional tests that follow: the last browser
    test's flush leaves it empty, content types included, which Django's cache still remembers."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connections

    snapshots = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    # Each browser test restores the snapshot into an empty database. A transactional test that
    # ran before may have left content types re-created under new ids (its flush runs
    # post_migrate): empty the database first, so the restore never collides with them.
    with django_db_blocker.unblock(), as_database_owner():  # the flush restarts sequences: the owner's right
        for alias in connections:
            call_command("flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True)
    ContentType.objects.clear_cache()  # the restored rows bring their own ids
    yield snapshots
    with django_db_blocker.unblock(), as_database_owner():
        for alias, snapshot in snapshots.items():
            if snapshot is None:
                call_command("flush", database=alias, interactive=False, verbosity=0)
            else:
                call_command("flush", database=alias, interactive=False, verbosity=0, inhibit_post_migrate=True)
                connection = connections[alias]
                connection.creation.deserialize_db_from_string(snapshot)
                # The rows came back with their ids: the next id of each table follows them.
                models = apps.get_models(include_auto_created=True)
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), models):
                        cursor.execute(sql)


@pytest.fixture(scope="package")
def browser(request: pytest.FixtureRequest, migrated_database: dict[str, str | None]) -> Iterator[Any]:
    """Chromium for the whole package, or a loud skip where there is none."""
    if not request.config.pluginmanager.is_registered(_report):
        request.config.pluginmanager.register(_report, "e2e-report")
    reason = chromium_missing()
    if reason:
        _skip_loudly(request, reason)

    # Playwright's sync API keeps an event loop on this thread, and Django refuses ORM calls from
    # a thread with a running loop. The tests set up data and read results through the ORM, as
    # every other test does; the server under test runs in its own thread either way.
    # Inside sync_playwright() the code also runs in another contextvars context, where Django's
    # connections are new objects: hand them the snapshot of the migrated database that
    # serialized_rollback restores before each test, and close them before leaving.
    from django.db import connections
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            try:
                for alias, snapshot in migrated_database.items():
                    if snapshot is not None:
                        connections[alias]._test_serialized_contents = snapshot  # type: ignore[attr-defined]
                try:
                    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
                except Exception as exc:  # a Chromium that does not start is no verdict on the app
                    _skip_loudly(request, f"Chromium at {CHROMIUM} did not start: {str(exc).splitlines()[0]}")
                try:
                    yield chromium
                finally:
                    chromium.close()
            finally:
                connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def live_server() -> Iterator[Any]:
    """pytest-django's live server, built while MEDIA_URL names another host: the settings keep
    MEDIA_URL None (documents are never served directly), which Django's test server cannot
    parse, and a URL on another host makes it serve no media files at all."""
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    with override_settings(MEDIA_URL="http://media.invalid/"):
        server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
    yield server
    server.stop()


# People and data ---------------------------------------------------------------------------------


def code_for(device: TOTPDevice) -> str:
    """The six digits the caseworker's authenticator app shows now."""
    device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time()
    return f"{generator.token():0{device.digits}d}"


def person_make(username: str, first: str, last: str, role: Role, controller: Controller) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=first, last_name=last,
                                    is_staff=role == Role.ADMIN)
    user.groups.add(Group.objects.get(name=role.value))
    WorkerProfile.objects.create(user=user, controller=controller,
                                 confidentiality_signed_on=datetime.date(2025, 8, 1))
    TOTPDevice.objects.create(user=user, name="puhelin", confirmed=True)
    return user


@dataclass
class World:
    """One home-care provider as a caseworker meets it: the organisation, its register, the
    people of each role (each with an authenticator app) and a few clients of the caseworker."""

    provider: Controller
    register: Register
    caseworker: User
    contact: User
    admin: User
    clients: dict[str, Client] = field(default_factory=dict)

    def client_add(self, last: str, first: str, born: datetime.date, individual: int, sign: str = "-",
                   **extra: Any) -> Client:
        data = {
            "register": self.register, "kind": ClientKind.PERSON, "last_name": last, "first_names": first,
            "identity_code": identity_code_make(born, individual, sign),
            "relationship_started": datetime.date(2025, 3, 1), "street_address": "Hämeenkatu 12 A 4",
            "postal_code": "33100", "city": "Tampere", "municipality": "Tampere", "phone": "040 123 4567",
            **extra,
        }
        client = client_services.client_create(actor=self.caseworker, **data)
        self.clients[last] = client
        return client


@pytest.fixture
def world(transactional_db: None) -> World:
    from consents.demo import PURPOSES
    from consents.models import ConsentPurpose

    provider = Controller.objects.create(
        name="Hoivapolku Oy", slug="hoivapolku", kind=ControllerKind.PROVIDER, business_id="2345678-0",
        street_address="Hämeenkatu 12", postal_code="33100", city="Tampere", email="toimisto@hoivapolku.example",
        phone="03 123 4567", contact_person_name="Kaisa Kontio", website="https://hoivapolku.example",
    )
    register = Register.objects.create(
        controller=provider, operator=provider, name="Kotihoidon asiakasrekisteri", slug="kotihoito",
        kind=RegisterKind.CLIENT_RECORDS,
        purpose="Kotihoidon palvelujen järjestäminen, toteuttaminen ja laskutus.",
        legal_bases=["6.1.c", "9.2.h"],
        data_content="Nimi, henkilötunnus, yhteystiedot, palvelusuunnitelma ja käyntikirjaukset.",
        sources="Asiakas itse, hänen huoltajansa tai edunvalvojansa sekä palvelun tilaaja.",
        recipients="Tietoja ei luovuteta ilman lakiin perustuvaa oikeutta tai asiakkaan suostumusta.",
    )
    for spec in PURPOSES:
        ConsentPurpose.objects.create(register=register, **spec)
    world = World(
        provider=provider, register=register,
        caseworker=person_make("sanna", "Sanna", "Virtanen", Role.CASEWORKER, provider),
        contact=person_make("kaisa", "Kaisa", "Kontio", Role.REGISTER_CONTACT, provider),
        admin=person_make("pekka", "Pekka", "Pääkäyttäjä", Role.ADMIN, provider),
    )
    world.client_add("Mäkinen", "Matti Juhani", datetime.date(1950, 5, 17), 123)
    world.client_add("Korhonen", "Aino", datetime.date(1938, 11, 2), 246)
    world.client_add("Laine", "Eino Ilmari", datetime.date(1944, 2, 29), 357)
    world.client_add("Nieminen", "Helmi", datetime.date(1952, 7, 8), 468)
    return world


# The browser -------------------------------------------------------------------------------------


class UI:
    """A caseworker's browser tab: navigation, form filling, and an axe-core check of every page
    it lands on."""

    def __init__(self, page: Any, test_name: str) -> None:
        self.page = page
        self.test_name = test_name
        self.navigations: list[str] = []
        self.checked = 0
        self.console_errors: list[str] = []
        page.on("framenavigated", self._navigated)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def _navigated(self, frame: Any) -> None:
        if frame == self.page.main_frame:
            self.navigations.append(frame.url)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url')})")

    # Navigation -----------------------------------------------------------------------------

    def goto(self, path: str, *, status: int = 200) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == status, f"{path}: {response and response.status}"
        if status >= 400:  # the browser logs an error status in the console: expected here
            self.console_errors = [e for e in self.console_errors if f"status of {status}" not in e]
        self.check()

    def follow(self, locator: Any) -> None:
        """Click a link or a submit button and check the page that follows."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def submit(self, button: Any = None) -> None:
        """Submit the page's main form (or the form of `button`) and check the result."""
        self.follow(button if button is not None else self.page.locator("main form [type=submit]").first)

    def field(self, name: str, form: Any = None) -> Any:
        return (form or self.page).locator(f"[name='{name}']")

    def fill(self, values: dict[str, Any], form: Any = None) -> None:
        """Type into fields by their names, as the person would; selects by option value."""
        for name, value in values.items():
            element = self.field(name, form)
            tag = element.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
            if tag.startswith("select"):
                element.select_option(str(value))
            elif tag == "input:checkbox":
                element.set_checked(bool(value))
            else:
                element.fill(str(value))

    # Checks ---------------------------------------------------------------------------------

    def check(self) -> list[dict[str, Any]]:
        """axe-core on the page now shown: no serious or critical violations; others printed."""
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state("load")
        url = urlsplit(self.page.url).path
        violations = Axe().run(self.page).response["violations"]
        _report.pages.append((self.test_name, url, violations))
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        for v in violations:
            if v["impact"] not in BLOCKING_IMPACTS:
                print(f"axe {v['impact']}: {v['id']} on {url}: {v['help']} ({len(v['nodes'])} element(s))")
        assert not blocking, f"axe-core on {url}:\n" + "\n".join(
            f"  [{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(
                n["html"][:200] for n in v["nodes"][:5]) for v in blocking)
        assert not self.console_errors, f"browser console on {url}: {self.console_errors}"
        self.checked = len(self.navigations)
        return violations

    def screenshot(self, name: str) -> Path:
        """The top of the page in the viewport (1280x800) as <name>.png in SCREENSHOTS
        (docs/screenshots with SCREENSHOTS=1, for the README)."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.evaluate("window.scrollTo(0, 0)")
        self.page.screenshot(path=str(path), animations="disabled", caret="hide")
        return path

    def text(self) -> str:
        return self.page.locator("main").inner_text()

    # Signing in ---------------------------------------------------------------------------------

    def sign_in(self, user: User, *, next_url: str = "") -> None:
        """Password, then the code from the authenticator app: the real two-step sign-in."""
        self.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
        self.fill({"username": user.username, "password": PASSWORD})
        self.submit()
        assert "/accounts/two-factor/" in self.page.url, self.page.url
        self.fill({"token": code_for(TOTPDevice.objects.get(user=user))})
        self.submit()
        assert "/accounts/" not in self.page.url, self.text()


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="fi-FI",
                                  timezone_id="Europe/Helsinki", accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def ui(context: Any, request: pytest.FixtureRequest) -> Iterator[UI]:
    tab = UI(context.new_page(), request.node.name)
    failed = request.session.testsfailed
    yield tab
    if request.session.testsfailed == failed:  # a failed test stopped halfway: that says enough
        unchecked = tab.navigations[tab.checked:]
        assert not unchecked, f"pages visited without an accessibility check: {unchecked}"


@pytest.fixture
def second_ui(context: Any, browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[UI]:
    """Another person's browser (own cookies) in the same test: e.g. the register contact after
    the caseworker."""
    other = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="fi-FI",
                                timezone_id="Europe/Helsinki", accept_downloads=True)
    other.set_default_timeout(15_000)
    tab = UI(other.new_page(), request.node.name)
    yield tab
    other.close()


def today() -> datetime.date:
    return timezone.localdate()
