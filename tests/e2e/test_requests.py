"""Data-subject requests in a real browser: an access request registered at the desk, identity
verified, decided, then the access report produced and downloaded; the register contact extends a deadline."""

import datetime
import uuid
from pathlib import Path

import pytest

from requests import services as request_services
from requests.constants import Channel, RequesterRole, RequestType
from requests.models import DataSubjectRequest

from .conftest import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def request_make(world, client, kind: str, days_ago: int, **extra) -> DataSubjectRequest:
    fields = {"requester_role": RequesterRole.CLIENT, "channel": Channel.SIGNED_LETTER, **extra}
    return request_services.request_register(actor=world.caseworker, client=client, type=kind,
                                             received_on=today() - datetime.timedelta(days=days_ago),
                                             submission_key=uuid.uuid4(), today=today(), **fields)


def test_access_request_at_the_desk_identity_verified_decided_then_the_access_report_downloaded(ui, second_ui, world):
    aino = world.clients["Korhonen"]
    # Other open requests, so that the queue looks like a Monday morning.
    request_make(world, world.clients["Laine"], RequestType.RECTIFICATION, 35,
                 description="Osoite on väärä.")
    request_make(world, world.clients["Nieminen"], RequestType.ACCESS_LOG, 26,
                 description="Kuka on katsonut tietojani?")
    request_make(world, world.clients["Mäkinen"], RequestType.PORTABILITY, 3)

    # The caseworker at the desk: Aino Korhonen asks for her data and shows her identity card; the
    # caseworker registers the request and notes it, the register contact verifies and answers.
    ui.sign_in(world.caseworker)
    ui.follow(ui.page.locator("header nav a[href='/clients/']"))
    ui.fill({"q": "Korhonen"})
    ui.submit(ui.page.locator("form[role=search] [type=submit]"))
    ui.follow(ui.page.locator(f"main table a[href='{aino.get_absolute_url()}']"))
    ui.follow(ui.page.locator(f"main a[href='/requests/new/{aino.pk}/']"))
    ui.fill({"type": RequestType.ACCESS, "requester_role": RequesterRole.CLIENT, "channel": Channel.IN_PERSON,
             "description": "Haluan kopion kaikista tiedoistani. Henkilökortti näytetty."})
    ui.submit()
    dsr = DataSubjectRequest.objects.get(client=aino)
    assert ui.page.url.endswith(f"/requests/{dsr.pk}/")
    assert dsr.received_on == today() and dsr.due_on > today()

    assert ui.page.locator("button[value=verify]").count() == 0  # separation of duties
    assert ui.page.locator("form[action$='access-report.pdf']").count() == 0  # the contact hands data out

    # The register contact, in her own browser, from the queue.
    contact = second_ui
    contact.sign_in(world.contact)
    contact.follow(contact.page.locator("header nav a[href='/requests/']"))
    queue = contact.page.locator("main table tbody tr")
    assert queue.count() == 4
    assert "Korhonen Aino" in contact.text()
    contact.screenshot("request-queue")

    contact.follow(contact.page.locator(f"main table a[href='/requests/{dsr.pk}/']"))
    verify = contact.page.locator("form", has=contact.page.locator("button[value=verify]"))
    contact.fill({"verify-verification_method": "photo_id"}, form=verify)
    contact.submit(verify.locator("button[value=verify]"))
    dsr.refresh_from_db()
    assert dsr.verified and dsr.verified_by == world.contact
    # Verified but undecided: nothing is released before the decision and its redactions.
    assert contact.page.locator("form[action$='access-report.pdf']").count() == 0
    decide = contact.page.locator("form", has=contact.page.locator("button[value=decide]"))
    assert decide.locator("[name=decide-old_logs_reason]").count() == 0  # not for an access request
    contact.fill({"decide-outcome": "granted", "decide-decision": "Kopio kaikista tiedoista annetaan.",
                  "decide-no_redactions_needed": True}, form=decide)
    contact.submit(decide.locator("button[value=decide]"))
    dsr.refresh_from_db()
    assert not dsr.is_open and dsr.no_redactions_needed
    contact.screenshot("request-detail")
    with contact.page.expect_download() as download_info:
        contact.page.locator("form[action$='access-report.pdf'] button[type=submit]").click()
    download = download_info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:40]
    assert download.suggested_filename.endswith(".pdf")
    contact.check()  # the request page still shown, now with the release on record
    assert dsr.releases.get().document == "access_report"


def test_register_contact_extends_a_deadline_with_reasons_told_to_the_requester(ui, world):
    matti = world.clients["Mäkinen"]
    dsr = request_make(world, matti, RequestType.ACCESS, 10, description="Kaikki tiedot vuodesta 2019.")
    first_due = dsr.due_on

    ui.sign_in(world.contact)
    ui.follow(ui.page.locator("header nav a[href='/requests/']"))
    ui.follow(ui.page.locator(f"main table a[href='/requests/{dsr.pk}/']"))
    extend = ui.page.locator("form", has=ui.page.locator("button[value=extend]"))

    # Told too late: the error is tied to the date field.
    late = first_due + datetime.timedelta(days=1)
    ui.fill({"extend-extension_reason": "Pyyntö koskee laajaa aineistoa useasta palvelusta.",
             "extend-extension_notified_on": late.isoformat()}, form=extend)
    ui.submit(extend.locator("button[value=extend]"))
    told = ui.field("extend-extension_notified_on")
    assert told.get_attribute("aria-invalid") == "true"
    error = ui.page.locator(f"[id='{told.get_attribute('id')}_error']")
    assert error.is_visible() and first_due.strftime("%d.%m.%Y") in error.inner_text()
    assert error.get_attribute("id") in told.get_attribute("aria-describedby").split()

    extend = ui.page.locator("form", has=ui.page.locator("button[value=extend]"))
    ui.fill({"extend-extension_reason": "Pyyntö koskee laajaa aineistoa useasta palvelusta.",
             "extend-extension_notified_on": today().isoformat()}, form=extend)
    ui.submit(extend.locator("button[value=extend]"))
    dsr.refresh_from_db()
    assert dsr.extended and dsr.extension_notified_on == today()
    assert dsr.due_on > first_due + datetime.timedelta(days=55)
    assert dsr.due_on.strftime("%-d.%-m.%Y") in ui.text()
    assert ui.page.locator("button[value=extend]").count() == 0  # once only
