"""A home-care worker's phone (390 px wide): no page scrolls sideways, the header stays compact,
and every table reads as labelled cards, so what a row says and its links are on the screen."""

import datetime
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clients.constants import DocumentKind
from clients.services import document_upload
from clients.services import file as file_services
from clients.services.breaches import breach_create
from requests import services as request_services
from requests.constants import Channel, RequesterRole, RequestType

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


def on_screen(ui: UI, text: str) -> None:
    """`text` is shown, and wholly between the screen's left and right edges."""
    found = ui.page.get_by_text(text, exact=False).first
    assert found.is_visible(), text
    box = found.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5, (text, box)


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


def test_the_register_contacts_lists_read_as_cards_on_a_390_px_phone(phone, world):
    """The requests queue, a request, a breach, the retention list, the users and a client's
    documents: no sideways scrolling, and each row's key texts on the screen with their labels."""
    aino, matti = world.clients["Korhonen"], world.clients["Mäkinen"]
    request = request_services.request_register(
        actor=world.caseworker, client=aino, type=RequestType.ACCESS,
        received_on=today() - datetime.timedelta(days=26),
        submission_key=uuid.uuid4(), today=today(), requester_role=RequesterRole.CLIENT,
        channel=Channel.SIGNED_LETTER, description="Haluan nähdä kaikki tietoni.")
    request_services.request_register(
        actor=world.caseworker, client=world.clients["Laine"], type=RequestType.RECTIFICATION,
        received_on=today() - datetime.timedelta(days=3), submission_key=uuid.uuid4(), today=today(),
        requester_role=RequesterRole.CLIENT, channel=Channel.SIGNED_LETTER, description="Osoite on väärä.")
    breach = breach_create(actor=world.contact, clients=[aino, matti], **{
        "title": "Asiakaslista lähti väärälle vastaanottajalle",
        "discovered_at": timezone.now() - datetime.timedelta(hours=5),
        "description": "Sähköposti", "affected_data": "Nimet ja osoitteet"})
    document_upload(actor=world.caseworker, client=matti, kind=DocumentKind.PAYMENT_COMMITMENT,
                    title="Maksusitoumus Pirkanmaan hyvinvointialue 2026", document_date=today(),
                    uploaded_file=SimpleUploadedFile("sitoumus.pdf", b"%PDF-1.7\n%%EOF\n",
                                                     content_type="application/pdf"))
    phone.sign_in(world.contact)
    pages = {
        "/requests/": ["Korhonen Aino", "Laine Eino Ilmari"],
        f"/requests/{request.pk}/": ["Korhonen Aino", "Haluan nähdä kaikki tietoni."],
        "/clients/breaches/": ["Asiakaslista lähti väärälle vastaanottajalle"],
        breach.get_absolute_url(): ["Korhonen Aino", "Mäkinen Matti Juhani"],
        "/retention/": [],
        "/clients/users/": ["Virtanen", "sanna"],
        f"/clients/{matti.pk}/documents/": ["Maksusitoumus Pirkanmaan hyvinvointialue 2026", "Siirrä", "Poista"],
        f"/clients/{matti.pk}/": ["Hämeenkatu 12 A 4"],
        "/clients/": ["Korhonen Aino", "Nieminen Helmi"],
    }
    for path, texts in pages.items():
        phone.goto(path)
        assert page_width(phone) <= PHONE["width"], (path, page_width(phone), too_wide(phone))
        for text in texts:
            on_screen(phone, text)
    phone.goto("/requests/")
    # Each cell is labelled with its column's name (the headings are only for screen readers now).
    labels = phone.page.evaluate("""() => [...document.querySelectorAll('table.table tbody tr:first-child td')]
        .map(td => getComputedStyle(td, '::before').content)""")
    assert labels[:3] == ['"Määräpäivä: "', '"Tyyppi: "', '"Asiakas: "'], labels
    phone.screenshot("phone-requests")
    phone.goto(f"/clients/{matti.pk}/documents/")
    phone.screenshot("phone-documents")
