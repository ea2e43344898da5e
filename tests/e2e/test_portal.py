"""A client's own visit to /oma/ in a real browser, and a guardian's: sign in through a real
OpenID Connect flow against the identity broker started inside the test run (oidc-provider-mock,
made as strict as a Finnish broker by tests/portal/conftest.py: the relying party's signed request
object, private_key_jwt, PKCE and the ID token check all run for real, the browser types the
person on the broker's own page), read who has looked at the data, withdraw a consent, file an
access request, download what was released. A guardian sees the child; a guardian the child has
prohibited sees only that they cannot see a child's data here. The register contact withholds a
part from the client's pages. Every page of ours axe-core clean; on a 390 px phone nothing
scrolls sideways."""

import datetime
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from clients.constants import AccessKind, RepresentativeRole
from clients.demo import identity_code_make
from clients.models import AccessEntry, Representative
from clients.services import access_record
from consents.constants import ConsentMethod, GivenBy
from consents.models import Consent, ConsentPurpose
from consents.services import consent_give
from portal.models import Withholding
from requests import outputs
from requests import services as request_services
from requests.models import DataSubjectRequest, Release
from tests.conftest import SCREENSHOTS
from tests.portal.conftest import CLIENT_ID, Broker, broker_server, rp_key_file  # noqa: F401 (fixtures)

from .conftest import UI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
LABEL = "Vahva tunnistautuminen (testi)"
LIISA = identity_code_make(datetime.date(1980, 1, 1), 123, "-")
SEPPO = identity_code_make(datetime.date(1975, 2, 2), 456, "-")


@pytest.fixture
def broker(settings: Any, broker_server: Broker, rp_key_file: Path, live_server: Any) -> Broker:  # noqa: F811
    """The broker as the portal's only provider (no demo issuer), with fresh limits and no tampering."""
    cache.clear()
    broker_server.tamper = {}
    broker_server.sign_with_other_key = False
    broker_server.seen.clear()
    settings.PORTAL_DEMO_PROVIDER = False
    settings.PORTAL_OIDC_PROVIDERS = {"mock": {
        "label": LABEL, "issuer": broker_server.url, "client_id": CLIENT_ID, "key_file": str(rp_key_file),
        "identity_claim": "hetu"}}
    return broker_server


@pytest.fixture
def phone(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="fi-FI",
                                  timezone_id="Europe/Helsinki")
    context.set_default_timeout(15_000)
    yield UI(context.new_page(), request.node.name)
    context.close()


def no_sideways_scroll(ui: UI) -> None:
    width = int(ui.page.evaluate("document.documentElement.scrollWidth"))
    assert width <= PHONE["width"], f"{ui.page.url} is {width} px wide"


def sign_in_as(ui: UI, broker: Broker, identity_code: str, given: str, family: str) -> None:
    """Our sign-in page, the broker's own page (the person types who they are there; the broker's
    page is not ours to check), back through our callback to the overview."""
    sub = f"person-{identity_code}"
    broker.person(sub, hetu=identity_code, given_name=given, family_name=family)
    # The broker's page asks a CDN for its stylesheet: the test run has no network.
    ui.page.context.route("https://cdn.jsdelivr.net/**",
                          lambda route: route.fulfill(status=200, content_type="text/css", body=""))
    ui.goto("/oma/")
    with ui.page.expect_navigation():
        ui.page.get_by_role("link", name=LABEL).click()
    assert ui.page.url.startswith(f"{broker.url}/oauth2/authorize"), ui.page.url
    ui.page.fill("input[name=sub]", sub)
    with ui.page.expect_navigation(url=re.compile(r"/oma/$")):
        ui.page.get_by_role("button", name="Authorize").click()
    ui.check()
    assert {"request_object", "private_key_jwt", "pkce"} <= set(broker.seen)


def _release(world: Any, request: DataSubjectRequest) -> Release:
    """The register contact verifies, decides and hands out the access report (as in test_requests)."""
    request_services.request_decide(actor=world.contact, request=request, outcome="granted",
                                    decision="Kopio kaikista tiedoista annetaan.", no_redactions_needed=True)
    outputs.access_report_pdf(actor=world.contact, request=request)
    return Release.objects.get(request=request)


def test_a_client_signs_in_reads_the_log_withdraws_a_consent_asks_for_their_data_and_downloads_it(
        ui, phone, world, broker):
    matti = world.clients["Mäkinen"]
    purpose = ConsentPurpose.objects.filter(register=world.register).first()
    consent = consent_give(actor=world.caseworker, client=matti, purpose=purpose, given_by=GivenBy.CLIENT,
                           method=ConsentMethod.ORAL, given_at=timezone.now() - datetime.timedelta(days=30))
    access_record(user=world.caseworker, client=matti, kind=AccessKind.CLIENT_FILE, detail="Palvelusuunnitelma",
                  purpose="Kotikäynnin valmistelu")

    sign_in_as(ui, broker, matti.identity_code, "Matti Juhani", "Mäkinen")
    assert "Kotihoidon asiakasrekisteri" in ui.text() and "Hoivapolku Oy" in ui.text()
    ui.screenshot("portal-overview")

    ui.follow(ui.page.get_by_role("link", name="Kuka on katsonut tietoja"))
    log = ui.text()
    assert "Sanna Virtanen" in log and "Kotikäynnin valmistelu" in log
    ui.screenshot("portal-access-log")

    ui.goto(f"/oma/{matti.pk}/")
    ui.screenshot("portal-record")
    ui.submit(ui.page.get_by_role("button", name=f"Peru suostumus: {purpose.name}"))
    assert "Suostumus peruttiin" in ui.text()
    assert Consent.objects.get(pk=consent.pk).is_withdrawn

    ui.follow(ui.page.locator("#requests").get_by_role("link", name="Tee pyyntö"))
    ui.page.check("input[name=type][value=access]")
    ui.fill({"description": "Haluan kopion kaikista tiedoistani."})
    ui.submit(ui.page.get_by_role("button", name="Lähetä pyyntö"))
    assert "Pyyntösi vastaanotettiin" in ui.text()
    request = DataSubjectRequest.objects.get(client=matti)
    assert request.type == "access" and request.verification_method  # verified by the strong sign-in

    release = _release(world, request)
    ui.goto(f"/oma/{matti.pk}/")
    released = ui.page.locator("#requests")
    assert "Sinulle luovutetut asiakirjat" in released.inner_text()
    with ui.page.expect_download() as download_info:
        released.get_by_role("link", name="Lataa: Tarkastusraportti (PDF)").click()
    content = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == release.sha256  # exactly what was released
    assert AccessEntry.objects.filter(client=matti, kind=AccessKind.OWN_PAGES, detail__contains="Tarkastusraportti")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    released.screenshot(path=str(SCREENSHOTS / "portal-released.png"), animations="disabled", caret="hide")

    sign_in_as(phone, broker, matti.identity_code, "Matti Juhani", "Mäkinen")
    for path in ("/oma/", f"/oma/{matti.pk}/", f"/oma/{matti.pk}/log/", f"/oma/{matti.pk}/requests/new/"):
        phone.goto(path)
        no_sideways_scroll(phone)
    phone.screenshot("portal-phone")


def _child(world: Any, last: str, first: str, individual: int) -> Any:
    return world.client_add(last, first, timezone.localdate() - datetime.timedelta(days=365 * 9), individual,
                            sign="A")


def test_a_guardian_sees_the_child_and_a_prohibited_guardian_only_that_they_cannot(
        ui, second_ui, phone, world, broker):
    child = _child(world, "Lahtinen", "Pieni", 580)
    Representative.objects.create(client=child, role=RepresentativeRole.GUARDIAN, first_names="Liisa",
                                  last_name="Lahtinen", identity_code=LIISA,
                                  valid_from=datetime.date(2020, 1, 1))
    sign_in_as(ui, broker, LIISA, "Liisa", "Lahtinen")
    assert "Pieni" in ui.text() and "olet huoltaja" in ui.text()
    ui.follow(ui.page.get_by_role("link", name="Tiedot, suostumukset ja pyynnöt"))
    assert "Lahtinen" in ui.text()
    ui.screenshot("portal-guardian")
    assert AccessEntry.objects.filter(client=child, kind=AccessKind.REPRESENTATIVE_PAGES).exists()
    assert not AccessEntry.objects.filter(client=world.clients["Mäkinen"]).exists()

    sign_in_as(phone, broker, LIISA, "Liisa", "Lahtinen")
    for path in ("/oma/", f"/oma/{child.pk}/", f"/oma/{child.pk}/log/"):
        phone.goto(path)
        no_sideways_scroll(phone)

    # Seed 003: a minor able to decide may prohibit disclosure to a guardian.
    teen = _child(world, "Salminen", "Sisu", 591)
    Representative.objects.create(client=teen, role=RepresentativeRole.GUARDIAN, first_names="Seppo",
                                  last_name="Salminen", identity_code=SEPPO,
                                  valid_from=datetime.date(2020, 1, 1), disclosure_prohibited=True,
                                  prohibition_assessed_by=world.contact,
                                  prohibition_assessed_on=timezone.localdate())
    sign_in_as(second_ui, broker, SEPPO, "Seppo", "Salminen")
    page = second_ui.text()
    assert "Et voi nähdä täällä yhden lapsen tietoja." in page
    assert "Sisu" not in page and "Salminen" not in page.replace("Seppo Salminen", "")
    second_ui.screenshot("portal-guardian-prohibited")
    second_ui.goto(f"/oma/{teen.pk}/", status=404)
    assert not AccessEntry.objects.filter(client=teen, kind=AccessKind.REPRESENTATIVE_PAGES).exists()


def test_the_register_contact_withholds_a_part_and_the_client_is_told_only_that(ui, second_ui, world, broker):
    matti = world.clients["Mäkinen"]
    ui.sign_in(world.contact)
    ui.goto(f"/clients/{matti.pk}/")
    ui.follow(ui.page.get_by_role("link", name="Asiakkaan omilta sivuilta rajatut tiedot"))
    ui.fill({"part": "Lastensuojeluilmoitus 3.2.2026", "legal_ground": "Lastensuojelulaki 417/2007 11 §"})
    ui.submit(ui.page.get_by_role("button", name="Kirjaa rajaus"))
    assert "Rajaus on voimassa tästä päivästä" in ui.text()
    assert Withholding.objects.get(client=matti).decided_by == world.contact
    ui.screenshot("staff-withholding")

    sign_in_as(second_ui, broker, matti.identity_code, "Matti Juhani", "Mäkinen")
    second_ui.goto(f"/oma/{matti.pk}/")
    page = second_ui.text()
    assert "Osaa tiedoistasi ei näytetä näillä sivuilla" in page and "Lastensuojelulaki 417/2007 11 §" in page
    assert "Lastensuojeluilmoitus" not in page
