"""A home-care worker's phone (390 px wide): no page scrolls sideways, the header stays compact,
and every table reads as labelled cards, so what a row says and its links are on the screen."""

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clients.constants import DocumentKind, ServiceTask
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


def test_the_newer_pages_fit_a_390_px_phone(phone, world):
    """Issue 21's pages: clients by worker, the hours of a chosen month, agreements amended and
    ended, a document's move and removal, the dates of death with an import's report, the front
    page's task list: none scrolls sideways, and what each row says is on the screen."""
    matti, aino = world.clients["Mäkinen"], world.clients["Korhonen"]
    last_month = (today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    case = file_services.case_open(actor=world.caseworker, client=matti, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito", opened_on=last_month)
    service = file_services.granted_service_add(
        actor=world.caseworker, case=case, content="Kotihoidon käynnit aamuisin ja iltaisin",
        valid_from=last_month, granted_hours=Decimal(10))
    file_services.entry_record(actor=world.caseworker, client=matti, date=last_month.replace(day=5),
                               duration_minutes=720, content="Kotikäynti", granted_service=service)
    agreement = file_services.agreement_record(
        actor=world.caseworker, client=matti, service="Kotisiivous ja ikkunanpesu",
        agreed_matters="Siivous joka toinen tiistai, ikkunat keväällä ja syksyllä", valid_from=last_month,
        made_on=last_month, place="Tampere", provider_signatory=world.caseworker, provider_signed_on=last_month)
    file_services.agreement_amend(actor=world.caseworker, agreement=agreement, reason="Asiakas toivoi muutosta.",
                                  agreed_matters="Siivous joka tiistai", valid_from=today())
    current = matti.agreements.get(replaces=agreement)
    document = document_upload(actor=world.caseworker, client=matti, kind=DocumentKind.PAYMENT_COMMITMENT,
                               title="Maksusitoumus Pirkanmaan hyvinvointialue 2026", document_date=today(),
                               uploaded_file=SimpleUploadedFile("sitoumus.pdf", b"%PDF-1.7\n%%EOF\n",
                                                                content_type="application/pdf"))
    file_services.plan_version_create(actor=world.caseworker, client=aino, client_view="Kotona.",
                                      service_and_need="Kotihoito.", goals="Arki sujuu.", place="Tampere",
                                      made_on=today() - datetime.timedelta(days=200),
                                      review_on=today() - datetime.timedelta(days=3))
    ended = datetime.date(2015, 6, 30)
    gone = world.client_add("Lehtonen-Kivimäki", "Elsa Maria Kristiina", datetime.date(1930, 3, 14), 642,
                            relationship_started=datetime.date(2008, 1, 1), relationship_ended=ended)
    old_case = file_services.case_open(actor=world.caseworker, client=gone, service_task=ServiceTask.OLDER_PEOPLE,
                                       title="Kotihoito", opened_on=datetime.date(2008, 1, 1))
    file_services.case_close(actor=world.caseworker, case=old_case, closed_on=ended)
    world.client_add("Salo", "Tyyne", datetime.date(1941, 4, 9), 579).assigned_workers.clear()

    phone.sign_in(world.caseworker)
    phone.goto("/")
    assert page_width(phone) <= PHONE["width"], ("/", page_width(phone), too_wide(phone))
    on_screen(phone, "Korhonen Aino")  # the late plan review on the task list

    phone.page.context.clear_cookies()  # the register contact on the same phone
    phone.sign_in(world.contact)
    services = f"{matti.get_absolute_url()}services/"
    pages = {
        "/clients/assignments/": ["Salo Tyyne"],
        f"/clients/assignments/?worker={world.caseworker.pk}": ["Mäkinen Matti Juhani", "Siirrä valitut asiakkaat"],
        f"{services}?month={last_month:%Y-%m}": ["Kotihoidon käynnit aamuisin ja iltaisin", "12,00 h",
                                                  "Edellinen kuukausi"],
        f"{services}?month=2026-13": ["Anna kuukausi vuotena ja kuukautena"],
        f"{matti.get_absolute_url()}agreements/{current.pk}/amend/": ["Muutoksen syy"],
        f"{matti.get_absolute_url()}agreements/{current.pk}/end/": ["Päättymisen syy"],
        f"{matti.get_absolute_url()}documents/{document.pk}/move/?q=Korhonen": ["Korhonen Aino"],
        f"{matti.get_absolute_url()}documents/{document.pk}/remove/": ["Maksusitoumus Pirkanmaan hyvinvointialue"],
        "/retention/deaths/": ["Lehtonen-Kivimäki Elsa Maria Kristiina"],
    }
    for path, texts in pages.items():
        phone.goto(path, status=400 if path.endswith("2026-13") else 200)
        assert page_width(phone) <= PHONE["width"], (path, page_width(phone), too_wide(phone))
        for text in texts:
            on_screen(phone, text)
    phone.goto(f"/clients/assignments/?worker={world.caseworker.pk}")
    labels = phone.page.evaluate("""() => [...document.querySelectorAll('table.table tbody tr:first-child td')]
        .map(td => getComputedStyle(td, '::before').content)""")
    assert labels == ['"Siirrä: "', '"Asiakas: "', '"Rekisteri: "'], labels  # each card says what is what
    phone.goto(services)
    assert page_width(phone) <= PHONE["width"], (services, page_width(phone), too_wide(phone))
    on_screen(phone, "Muuttaa aiempaa versiota")

    # The import's report of rows that changed nothing reads as cards too.
    phone.goto("/retention/deaths/")
    answer = f"{gone.identity_code};12.2.2021\r\n{gone.identity_code[:-1]}#;1.1.2020\r\nvain yksi sarake\r\n"
    phone.page.locator("[name=answer_file]").set_input_files(
        files=[{"name": "vastaus.csv", "mimeType": "text/csv", "buffer": answer.encode()}])
    phone.submit(phone.page.get_by_role("button", name="Kirjaa kuolinpäivät"))
    assert phone.page.locator("tr.import-malformed").count() == 2
    assert page_width(phone) <= PHONE["width"], ("deaths report", page_width(phone), too_wide(phone))
    on_screen(phone, "Kuolinpäiviä kirjattu: 1.")
    phone.screenshot("phone-deaths")
