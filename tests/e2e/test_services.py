"""A caseworker's working day with the newer parts of the client file (issue 21), in a real
browser: the task list on the front page, the month chooser of granted and delivered hours,
amending and ending a service agreement, and the plan and agreement printed for signing (a PDF
with lines to sign). Every page is checked with axe-core (see conftest.py)."""

import datetime
import io
import uuid
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.utils import timezone
from pypdf import PdfReader

from clients.constants import AccessKind, ServiceTask
from clients.models import AccessEntry, ServiceAgreement
from clients.services import file as file_services
from clients.services.breaches import breach_create
from requests import services as request_services
from requests.constants import Channel, RequesterRole, RequestType
from tests.conftest import SCREENSHOTS

from .conftest import UI, today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def plan_for(world: Any, client: Any, *, review_on: datetime.date) -> Any:
    return file_services.plan_version_create(
        actor=world.caseworker, client=client, client_view="Haluan pärjätä kotona.",
        service_and_need="Kotihoito kahdesti päivässä.", goals="Turvallinen arki kotona.",
        made_on=today() - datetime.timedelta(days=150), review_on=review_on, place="Tampere",
        duty_to_notify_reviewed=True, confidentiality_reviewed=True, client_signatory="Matti Mäkinen",
        worker_signatory=world.caseworker)


def services_of(ui: UI, client: Any) -> None:
    """The client's services part, the way a caseworker goes: the client list, the name, the tab."""
    ui.follow(ui.page.locator("header nav a[href='/clients/']"))
    ui.follow(ui.page.locator(f"main table a[href='{client.get_absolute_url()}']"))
    ui.follow(ui.page.locator(f"main nav.tabs a[href='{client.get_absolute_url()}services/']"))


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def download(ui: UI, link: Any) -> tuple[str, bytes]:
    """Click a link that answers with a file; the file's suggested name and its bytes."""
    with ui.page.expect_download() as info:
        link.click()
    path = info.value.path()
    with open(path, "rb") as handle:
        return info.value.suggested_filename, handle.read()


def test_the_front_page_lists_the_workers_tasks_and_each_leads_to_the_work(ui, second_ui, world):
    aino, eino, matti = world.clients["Korhonen"], world.clients["Laine"], world.clients["Mäkinen"]
    plan_for(world, aino, review_on=today() - datetime.timedelta(days=20))  # overdue
    plan_for(world, eino, review_on=today() + datetime.timedelta(days=5))  # due within two weeks
    plan_for(world, matti, review_on=today() + datetime.timedelta(days=120))  # not this fortnight's work
    request = request_services.request_register(
        actor=world.caseworker, client=eino, type=RequestType.ACCESS, requester_role=RequesterRole.CLIENT,
        channel=Channel.SIGNED_LETTER, received_on=today() - datetime.timedelta(days=26),
        submission_key=uuid.uuid4(), today=today())
    breach = breach_create(actor=world.contact, clients=[aino], title="Hoitajan puhelin kadonnut",
                           discovered_at=timezone.now() - datetime.timedelta(hours=30),
                           description="Puhelin jäi bussiin.", affected_data="Asiakkaiden puhelinnumerot")

    ui.sign_in(world.caseworker)
    tasks = ui.page.locator("section[aria-labelledby=tasks]")
    reviews = tasks.locator("section[aria-labelledby=reviews]")
    assert "Palvelusuunnitelmien tarkistukset" in reviews.inner_text()
    links = reviews.locator("li a")
    assert links.all_inner_texts() == ["Korhonen Aino", "Laine Eino Ilmari"]  # overdue first; Matti's is later
    assert "1 myöhässä" in reviews.locator("h3").inner_text()
    assert reviews.locator("li", has_text="Korhonen Aino").locator(".tag-warning").count() == 1
    assert "Tietopyyntö" not in tasks.inner_text() and "Hoitajan puhelin" not in tasks.inner_text()  # not hers
    ui.follow(links.first)
    assert ui.page.url.endswith(f"{aino.get_absolute_url()}services/")
    assert ui.page.locator(".banner[role=alert]").is_visible()  # the late review says so on the plan

    second_ui.sign_in(world.contact)  # the register contact's list: the request and the breach's clock
    tasks = second_ui.page.locator("section[aria-labelledby=tasks]")
    requests_due = tasks.locator("section[aria-labelledby=task-requests]")
    assert "Laine Eino Ilmari" in requests_due.inner_text()
    breaches = tasks.locator("section[aria-labelledby=task-breaches]")
    assert "Hoitajan puhelin kadonnut" in breaches.inner_text()
    assert "Palvelusuunnitelmien tarkistukset" not in tasks.inner_text()  # no clients of her own
    second_ui.follow(requests_due.locator(f"a[href='/requests/{request.pk}/']"))
    assert "Laine Eino Ilmari" in second_ui.text()
    second_ui.goto("/")
    second_ui.follow(breaches.locator(f"a[href='{breach.get_absolute_url()}']"))
    assert "Hoitajan puhelin kadonnut" in second_ui.text()


def test_choose_a_month_to_compare_granted_and_delivered_hours(ui, world):
    matti = world.clients["Mäkinen"]
    this_month = today().replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    before = (last_month - datetime.timedelta(days=1)).replace(day=1)
    case = file_services.case_open(actor=world.caseworker, client=matti, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito", opened_on=last_month)
    service = file_services.granted_service_add(actor=world.caseworker, case=case, content="Kotihoidon käynnit",
                                                valid_from=last_month, granted_hours=Decimal(10))
    for day in (3, 10, 17):  # three four-hour visits: twelve hours against ten granted
        file_services.entry_record(actor=world.caseworker, client=matti, date=last_month.replace(day=day),
                                   duration_minutes=240, content="Kotikäynti", granted_service=service)

    ui.sign_in(world.caseworker)
    services_of(ui, matti)
    hours = ui.page.locator("section[aria-labelledby=hours]")
    ui.fill({"month": f"{last_month:%Y-%m}"}, form=hours)
    ui.submit(hours.locator("form [type=submit]"))
    assert f"month={last_month:%Y-%m}" in ui.page.url
    table = hours.locator("table")
    assert f"{last_month.month}/{last_month.year}" in table.locator("caption").inner_text()
    row = table.locator("tbody tr", has_text="Kotihoidon käynnit")
    cells = row.locator("td").all_inner_texts()
    assert cells[2] == "10,00 h" and cells[3].startswith("12,00 h") and cells[4] == "3", cells
    assert "yli myönnettyjen tuntien" in cells[3]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    hours.screenshot(path=str(SCREENSHOTS / "services-hours.png"), animations="disabled", caret="hide")

    ui.follow(hours.get_by_role("link", name="Edellinen kuukausi"))
    assert f"month={before:%Y-%m}" in ui.page.url
    assert f"{before.month}/{before.year}" in hours.inner_text()  # the service began after it: none granted
    assert hours.locator("table").count() == 0

    # A month typed wrong in the address is said in words on the page, tied to the field.
    ui.goto(f"{matti.get_absolute_url()}services/?month=2026-13", status=400)
    month = ui.page.locator("section[aria-labelledby=hours] input[name=month]")
    assert month.get_attribute("aria-invalid") == "true"
    error = ui.page.locator(f"[id='{month.get_attribute('aria-describedby')}']")
    assert "Anna kuukausi vuotena ja kuukautena" in error.inner_text()


def test_amend_an_agreement_then_end_it_and_both_versions_stay_readable(ui, world):
    matti = world.clients["Mäkinen"]
    started = today() - datetime.timedelta(days=60)
    original = file_services.agreement_record(
        actor=world.caseworker, client=matti, service="Kotisiivous", agreed_matters="Siivous joka toinen tiistai",
        billing="35 €/h", valid_from=started, made_on=started, place="Tampere", client_signatory="Matti Mäkinen",
        client_signed_on=started, provider_signatory=world.caseworker, provider_signed_on=started)

    ui.sign_in(world.caseworker)
    services_of(ui, matti)
    ui.follow(ui.page.locator(f"main a[href$='/agreements/{original.pk}/amend/']"))
    assert ui.field("agreed_matters").input_value() == "Siivous joka toinen tiistai"  # prefilled
    assert ui.field("client_signatory").input_value() == ""  # but the new terms are signed anew
    ui.fill({"agreed_matters": "Siivous joka tiistai", "valid_from": today().isoformat(), "reason": ""})
    ui.submit()  # no reason: refused, the field says why
    assert ui.field("reason").get_attribute("aria-invalid") == "true"
    assert ServiceAgreement.objects.filter(client=matti).count() == 1
    ui.fill({"reason": "Asiakas toivoi viikoittaista siivousta.", "provider_signs": True})
    ui.submit()
    assert ui.page.url.endswith(f"{matti.get_absolute_url()}services/"), ui.text()[:400]

    original.refresh_from_db()
    amended = ServiceAgreement.objects.get(replaces=original)
    assert original.ended_on == today() and original.ended_by == world.caseworker
    assert amended.agreed_matters == "Siivous joka tiistai" and amended.provider_signatory == world.caseworker
    assert amended.provider_signed_on == today() and amended.client_signatory == ""  # not Matti's old signature
    section = ui.page.locator("section[aria-labelledby=agreements]")
    cards = section.locator(".card")
    assert cards.count() == 2
    new_card = cards.filter(has_text="Siivous joka tiistai")
    assert "Muuttaa aiempaa versiota: Asiakas toivoi viikoittaista siivousta." in new_card.inner_text()
    old_card = cards.filter(has_text="Siivous joka toinen tiistai")
    assert "päättynyt" in old_card.locator("h3").inner_text()
    assert old_card.locator("a[href$='/amend/'], a[href$='/end/']").count() == 0  # an ended one is not changed

    ui.follow(new_card.locator(f"a[href$='/agreements/{amended.pk}/end/']"))
    ui.fill({"ended_on": today().isoformat(), "reason": "Asiakas muutti palvelutaloon."})
    ui.submit()
    amended.refresh_from_db()
    assert amended.ended_on == today() and amended.ended_by == world.caseworker
    ended = ui.page.locator("section[aria-labelledby=agreements] .card", has_text="Siivous joka tiistai")
    assert (f"Päättyi {today():%-d.%-m.%Y} (kirjasi Sanna Virtanen): Asiakas muutti palvelutaloon."
            in ended.inner_text())
    assert LogEntry.objects.get_for_object(amended).filter(actor=world.caseworker).count() >= 2  # the trail


def test_print_the_plan_and_the_agreement_for_signing(ui, world):
    matti = world.clients["Mäkinen"]
    plan = plan_for(world, matti, review_on=today() + datetime.timedelta(days=90))
    agreement = file_services.agreement_record(
        actor=world.caseworker, client=matti, service="Kotisiivous", agreed_matters="Siivous joka toinen tiistai",
        valid_from=today(), made_on=today(), place="Tampere", provider_signatory=world.caseworker,
        provider_signed_on=today())

    ui.sign_in(world.caseworker)
    services_of(ui, matti)
    name, content = download(ui, ui.page.locator(f"main a[href$='/plans/{plan.pk}/pdf/']"))
    assert name.endswith(".pdf") and content.startswith(b"%PDF")
    text = pdf_text(content)
    for expected in ("Mäkinen Matti Juhani", "Turvallinen arki kotona.", "Paikka ja päiväys",
                     "Asiakkaan tai hänen edustajansa allekirjoitus", "Työntekijän allekirjoitus", "Sanna Virtanen"):
        assert expected in text, expected

    name, content = download(ui, ui.page.locator(f"main a[href$='/agreements/{agreement.pk}/pdf/']"))
    text = pdf_text(content)
    for expected in ("Kotisiivous", "Siivous joka toinen tiistai", "Paikka ja päiväys",
                     "Asiakkaan tai hänen edustajansa allekirjoitus", "Työntekijän allekirjoitus"):
        assert expected in text, expected
    # Each printout is in the client's access log, as every other copy of the file.
    assert AccessEntry.objects.filter(client=matti, user=world.caseworker, kind=AccessKind.EXPORT).count() == 2
