"""What people see: the due line in the client file, the two-week notice and the forecast for
register contacts and admins, the admin's rules, holds and receipt action; the forecast command."""

import datetime
import re

from django.utils import timezone
from django.utils.html import escape

from clients.constants import ServiceTask
from retention.constants import HandoffStatus
from retention.models import ArchiveHandoff, LegalHold

from .conftest import add_case, person, retention_run, run_command

D = datetime.date


def page(browser, user, url):
    browser.force_login(user)
    browser.cookies["django_language"] = "en"
    return browser.get(url)


def test_the_client_file_says_when_the_client_is_removed_and_by_which_rule(client, caseworker, register):
    ended = person(caseworker, register, relationship_ended=D(2027, 2, 28), last_name="Loppuva")
    html = page(client, caseworker, ended.get_absolute_url()).content.decode()
    assert ("To be removed on 14.3.2027 at the earliest, rule: Siirto sosiaalitoimelle ja poisto kahden viikon "
            "kuluttua.") in html
    assert "Handed over to Kunnan sosiaalitoimi first." in html


def test_the_client_file_says_why_a_client_is_not_due(client, caseworker, register, marketing_register):
    living = person(caseworker, register, last_name="Elava")
    add_case(caseworker, living, ServiceTask.OLDER_PEOPLE, D(2020, 1, 1), D(2021, 1, 1))
    html = page(client, caseworker, living.get_absolute_url()).content.decode()
    assert ("Not due for removal yet: waiting for the date of death (rule: Asiakkuusasiakirja ja asiakkaan "
            "perustiedot).") in html
    nobody = person(caseworker, marketing_register, last_name="Saannoton")
    html = client.get(nobody.get_absolute_url()).content.decode()
    assert "No retention rule applies to this client" in html


def test_the_client_file_shows_a_hold(client, caseworker, contact, register):
    from retention.services import legal_hold_place

    held = person(caseworker, register, relationship_ended=D(2026, 1, 1))
    legal_hold_place(actor=contact, client=held, reason="Valitus")
    html = page(client, caseworker, held.get_absolute_url()).content.decode()
    assert "Not removed while this holds: legal hold on the client." in html


def test_the_client_file_names_each_kind_of_hold_as_the_nightly_run_does(client, caseworker, contact, provider,
                                                                          register):
    """The client page reads its holds in one query; the reasons and their order are the run's
    (Holds.reason): a hold on the client before an open request, both before the register's."""
    import uuid

    from requests import services as request_services
    from requests.constants import RequestType
    from retention.services import legal_hold_place
    from tests.conftest import make_register

    def hold_line(someone) -> str:
        html = page(client, caseworker, someone.get_absolute_url()).content.decode()
        found = re.search(r"Not removed while this holds: ([^.<]+)\.", html)
        return found.group(1) if found else ""

    frozen_register = make_register(provider)
    in_frozen = person(caseworker, frozen_register, last_name="Rekisteri")
    legal_hold_place(actor=contact, register=frozen_register, reason="Tietosuojavaltuutetun selvitys")
    asking = person(caseworker, frozen_register, last_name="Pyytaja")
    request_services.request_register(actor=contact, client=asking, type=RequestType.ACCESS,
                                      received_on=D(2026, 11, 1), channel="in_person",
                                      submission_key=uuid.uuid4(), today=D(2026, 11, 1))
    free = person(caseworker, register, last_name="Vapaa")
    assert hold_line(in_frozen) == "legal hold on the register"
    assert hold_line(asking) == "open data-subject request"
    assert hold_line(free) == ""
    legal_hold_place(actor=contact, client=asking, reason="Valitus")
    assert hold_line(asking) == "legal hold on the client"


def test_the_client_file_shows_the_archive_package_awaiting_receipt(client, caseworker, purchased_register, fast_pdf):
    handed = person(caseworker, purchased_register, relationship_ended=D(2026, 5, 31))
    retention_run("2026-06-01")
    handoff = ArchiveHandoff.objects.get(client_ref=handed.pk)
    assert handoff.status == HandoffStatus.AWAITING_RECEIPT
    html = page(client, caseworker, handed.get_absolute_url()).content.decode()
    assert f"Archive package {handoff.path}: {escape(handoff.get_status_display())}." in html


def test_the_register_contact_sees_who_falls_due_within_two_weeks(client, caseworker, contact, other_contact,
                                                                  register):
    today = timezone.localdate()
    soon = person(caseworker, register, relationship_ended=today - datetime.timedelta(days=5), last_name="Pian")
    later = person(caseworker, register, relationship_ended=today + datetime.timedelta(days=30), last_name="Myohemmin")
    response = page(client, contact, "/retention/")
    html = response.content.decode()
    assert response.status_code == 200
    assert soon.display_name in html and later.display_name not in html
    due = today + datetime.timedelta(days=9)
    assert f"{due.day}.{due.month}.{due.year}" in html
    assert "hand-over to Kunnan sosiaalitoimi" in html
    assert soon.display_name not in page(client, other_contact, "/retention/").content.decode()
    assert page(client, caseworker, "/retention/").status_code == 403


def test_the_forecast_page_draws_an_svg_chart_without_scripts_or_inline_styles(client, caseworker, contact,
                                                                              register):
    today = timezone.localdate()
    for days in (20, 50, 51):
        person(caseworker, register, relationship_ended=today + datetime.timedelta(days=days))
    response = page(client, contact, "/retention/forecast/?months=6")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and html.count("<rect") >= 2
    assert "<script" not in html and not re.search(r"\sstyle=", html)
    assert "Siirto sosiaalitoimelle ja poisto kahden viikon kuluttua" in html
    assert page(client, caseworker, "/retention/forecast/").status_code == 403


def test_the_forecast_command_counts_per_month_and_rule(caseworker, register):
    # Seed 000: due two weeks after the relationship ends.
    for ended in (D(2026, 11, 10), D(2026, 11, 20), D(2026, 11, 30), D(2026, 12, 5), D(2027, 1, 20)):
        person(caseworker, register, relationship_ended=ended)
    person(caseworker, register, relationship_ended=D(2026, 10, 1))  # due already
    result = run_command("retention_forecast", "--months", "4", "--today", "2026-11-21", "--json")
    assert result.code == 0
    assert [(m["month"], m["total"]) for m in result.json["months"]] == [
        ("2026-11", 1), ("2026-12", 3), ("2027-01", 0), ("2027-02", 1)]
    assert result.json["months"][1]["rules"] == {"seed-000-two-weeks": 3}
    assert result.json["already_due"] == {"seed-000-two-weeks": 1}
    text = run_command("retention_forecast", "--months", "2", "--today", "2026-11-21").out
    assert "2026-12: 3  seed-000-two-weeks=3" in text


def test_the_admin_records_a_receipt_with_the_action_bar(client, admin_user, caseworker, purchased_register,
                                                         fast_pdf):
    person(caseworker, purchased_register, relationship_ended=D(2026, 5, 31))
    retention_run("2026-06-01")
    handoff = ArchiveHandoff.objects.get()
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    assert client.get("/admin/retention/archivehandoff/").status_code == 200
    response = client.post("/admin/retention/archivehandoff/", {
        "action": "record_receipt", "_selected_action": [handoff.pk], "reference": "PIRHA/77",
        "received_on": "2026-06-02"}, follow=True)
    assert "Receipt recorded for" in response.content.decode()
    handoff.refresh_from_db()
    assert (handoff.status, handoff.receipt_reference, handoff.received_on, handoff.receipt_recorded_by) == (
        HandoffStatus.READY, "PIRHA/77", D(2026, 6, 2), admin_user)


def test_the_admin_places_a_legal_hold_and_edits_rules(client, admin_user, caseworker, register):
    held = person(caseworker, register)
    client.force_login(admin_user)
    response = client.post("/admin/retention/legalhold/add/", {"client": held.pk, "reason": "Poliisitutkinta"})
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.client, hold.placed_by, hold.reason) == (held, admin_user, "Poliisitutkinta")
    assert client.get("/admin/retention/retentionrule/").status_code == 200
    assert client.get("/admin/retention/purgerecord/").status_code == 200


def test_the_forecast_chart_draws_the_same_in_finnish_and_swedish_as_in_english(client, caseworker, contact,
                                                                                register):
    """The chart's coordinates never take the language's decimal comma (y1="240,0" drew no
    gridlines and piled the month labels at the left edge); the wide table scrolls in its own box."""
    today = timezone.localdate()
    for days in (20, 50, 51):
        person(caseworker, register, relationship_ended=today + datetime.timedelta(days=days))
    svgs = {}
    for language in ("en", "fi", "sv"):
        client.force_login(contact)
        client.cookies["django_language"] = language
        html = client.get("/retention/forecast/?months=36").content.decode()
        svg = html[html.index("<svg"):html.index("</svg>")]
        numbers = re.findall(r'\s(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', svg)
        assert numbers and all(re.fullmatch(r"\d+(\.\d+)?|100%", n) for n in numbers), numbers
        assert 'class="table-scroll"' in html
        svgs[language] = svg
    # 36 months do not fit a label each: labels are spread out, none on top of another.
    xs = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="256.0"', svgs["fi"])]
    assert 6 <= len(xs) < 36 and all(b - a >= 30 for a, b in zip(xs, xs[1:], strict=False))
    assert svgs["fi"].count("<line") == svgs["en"].count("<line") == 6


def test_a_legal_hold_on_both_a_client_and_a_register_is_refused_in_plain_words(client, admin_user, caseworker,
                                                                               register):
    held = person(caseworker, register)
    client.force_login(admin_user)
    client.cookies["django_language"] = "fi"
    response = client.post("/admin/retention/legalhold/add/", {"client": held.pk, "register": register.pk,
                                                               "reason": "Poliisitutkinta"})
    html = response.content.decode()
    assert response.status_code == 200 and not LegalHold.objects.exists()
    assert "Valitse säilytysestolle joko yksi asiakas tai koko rekisteri, ei molempia." in html
    assert "legal_hold_client_or_register" not in html
