"""A client's own visit to /oma/ in a real browser, and a guardian's: sign in through the
identity provider started inside the test run (the demo issuer of portal/demo.py, served by the
live server itself, so the relying party's signed request object, private_key_jwt, PKCE and ID
token check all run for real), read who has looked at the data, withdraw a consent, file an
access request. Every page axe-core clean; on a 390 px phone nothing scrolls sideways."""

import datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from clients.constants import AccessKind, RepresentativeRole
from clients.models import AccessEntry, Representative
from clients.services import access_record
from consents.constants import ConsentMethod, GivenBy
from consents.models import Consent, ConsentPurpose
from consents.services import consent_give
from requests.models import DataSubjectRequest

from .conftest import UI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_issuer(settings: Any, live_server: Any, tmp_path: Any) -> None:
    cache.clear()
    settings.PORTAL_DEMO_PROVIDER = True
    settings.PORTAL_DEMO_ALLOWED = True
    settings.PORTAL_DEMO_ISSUER_KEY_FILE = str(tmp_path / "issuer.pem")
    settings.PORTAL_OIDC_PROVIDERS = {"demo": {
        "label": "DEMO", "issuer": f"{live_server.url}/oma/demo", "client_id": "asiakasrekisteri-demo",
        "key_file": str(tmp_path / "rp.pem"), "demo": True}}


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


def sign_in_as(ui: UI, key: str) -> None:
    ui.goto("/oma/")
    ui.follow(ui.page.get_by_role("link", name="DEMO"))
    assert "/oma/demo/authorize/" in ui.page.url
    ui.page.check(f"input[name=person][value='{key}']")
    ui.submit()
    assert ui.page.url.endswith("/oma/"), ui.page.url


def test_a_client_signs_in_reads_the_log_withdraws_a_consent_and_asks_for_their_data(
        ui, phone, world, demo_issuer):
    matti = world.clients["Mäkinen"]
    purpose = ConsentPurpose.objects.filter(register=world.register).first()
    consent = consent_give(actor=world.caseworker, client=matti, purpose=purpose, given_by=GivenBy.CLIENT,
                           method=ConsentMethod.ORAL, given_at=timezone.now() - datetime.timedelta(days=30))
    access_record(user=world.caseworker, client=matti, kind=AccessKind.CLIENT_FILE, detail="Palvelusuunnitelma",
                  purpose="Kotikäynnin valmistelu")

    sign_in_as(ui, f"client-{matti.pk}")
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
    consent.refresh_from_db()
    assert Consent.objects.get(pk=consent.pk).is_withdrawn

    ui.follow(ui.page.locator("#requests").get_by_role("link", name="Tee pyyntö"))
    ui.page.check("input[name=type][value=access]")
    ui.fill({"description": "Haluan kopion kaikista tiedoistani."})
    ui.submit(ui.page.get_by_role("button", name="Lähetä pyyntö"))
    assert "Pyyntösi vastaanotettiin" in ui.text()
    request = DataSubjectRequest.objects.get(client=matti)
    assert request.type == "access" and request.verification_method

    sign_in_as(phone, f"client-{matti.pk}")
    for path in ("/oma/", f"/oma/{matti.pk}/", f"/oma/{matti.pk}/log/", f"/oma/{matti.pk}/requests/new/"):
        phone.goto(path)
        no_sideways_scroll(phone)
    phone.screenshot("portal-phone")


def test_a_guardian_signs_in_and_sees_the_child_as_a_guardian(ui, world, demo_issuer):
    child = world.client_add("Lahtinen", "Pieni", timezone.localdate() - datetime.timedelta(days=365 * 9), 580,
                             sign="A")
    guardian = Representative.objects.create(client=child, role=RepresentativeRole.GUARDIAN, first_names="Liisa",
                                             last_name="Lahtinen", identity_code="010180-123A",
                                             valid_from=datetime.date(2020, 1, 1))
    sign_in_as(ui, f"guardian-{guardian.pk}")
    assert "Pieni" in ui.text() and "olet huoltaja" in ui.text()
    ui.follow(ui.page.get_by_role("link", name="Tiedot, suostumukset ja pyynnöt"))
    assert "Lahtinen" in ui.text()
    ui.screenshot("portal-guardian")
    assert AccessEntry.objects.filter(client=child, kind=AccessKind.REPRESENTATIVE_PAGES).exists()
    assert not AccessEntry.objects.filter(client=world.clients["Mäkinen"]).exists()
