"""A home-care worker's phone (390 px wide): no page scrolls sideways, the header stays compact,
and what a visit says and its "Korjaa" link are on the screen (a wide table scrolls in its own box)."""

import datetime
from typing import Any

import pytest

from clients.services import file as file_services

from .conftest import UI, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="fi-FI",
                                  timezone_id="Europe/Helsinki")
    context.set_default_timeout(15_000)
    yield UI(context.new_page(), request.node.name)
    context.close()


def page_width(ui: UI) -> int:
    return int(ui.page.evaluate("document.documentElement.scrollWidth"))


def too_wide(ui: UI) -> list[str]:
    """The elements that reach past the screen's right edge, for the failure message."""
    return ui.page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .slice(0, 8).map(el => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))""")


def test_no_page_scrolls_sideways_on_a_390_px_phone(phone, world):
    matti = world.clients["Mäkinen"]
    file_services.plan_version_create(actor=world.caseworker, client=matti, **{
        "client_view": "Haluan pärjätä kotona.", "service_and_need": "Kotihoito kahdesti päivässä.",
        "goals": "Turvallinen arki kotona.", "made_on": today() - datetime.timedelta(days=200),
        "review_on": today() - datetime.timedelta(days=3), "place": "Tampere"})
    file_services.entry_record(actor=world.caseworker, client=matti, **{
        "date": today(), "duration_minutes": 45,
        "content": "Kotikäynti: aamupesut, lääkkeiden jako dosettiin ja aamupala. Asiakas pirteä, "
                   "kertoi nukkuneensa hyvin. Jääkaapissa vanhentunutta maitoa, heitetty pois."})
    phone.sign_in(world.caseworker)
    header = phone.page.locator("header.site-header").bounding_box()
    assert header is not None and header["height"] <= 110, header
    assert phone.page.locator("header nav a[href='/clients/security/']").is_visible()
    for path in ("/", "/clients/", "/clients/?q=matti", matti.get_absolute_url(),
                 f"/clients/{matti.pk}/entries/", f"/clients/{matti.pk}/services/", "/requests/",
                 "/clients/security/", "/accounts/"):
        phone.goto(path)
        assert page_width(phone) <= PHONE["width"], (path, page_width(phone), too_wide(phone))
    # The visit's text wraps on the screen; the correction link is reachable in the visits table.
    phone.goto(f"/clients/{matti.pk}/entries/")
    visit = phone.page.get_by_text("Jääkaapissa vanhentunutta maitoa", exact=False).first
    box = visit.bounding_box()
    assert box is not None and box["x"] + min(box["width"], 200) <= PHONE["width"]
    phone.screenshot("phone-entries")
