"""The worker's task list on the dashboard: what is due today for me, and where I handle it."""

import datetime
import uuid
from typing import Any

import pytest
from django.utils import timezone

from clients.constants import RegisterKind
from clients.services import breaches as breach_services
from clients.services import emergency as emergency_services
from clients.services import file as file_services
from clients.services.register import client_update
from requests import services as request_services
from requests.constants import RequestType
from tests.conftest import make_client, make_controller, make_register

pytestmark = pytest.mark.django_db

PLAN: dict[str, Any] = {
    "client_view": "Haluan pärjätä kotona.", "service_and_need": "Kotihoito kahdesti viikossa.",
    "goals": "Arjen sujuminen.", "working_methods": "Ohjaus ja tuki.", "other_services": "",
    "guardian_contact": "", "duty_to_notify_reviewed": True, "confidentiality_reviewed": True,
    "liability_insurance_reviewed": True, "made_on": datetime.date(2026, 1, 15), "place": "Tampere",
    "client_signatory": "",
}


def plan(actor, person, review_on: datetime.date) -> None:
    file_services.plan_version_create(actor=actor, client=person, **{**PLAN, "review_on": review_on})


def section(html: str, anchor: str) -> str:
    part = html[html.index(f'id="{anchor}"'):]
    return part[:part.index("</section>")]


def dashboard(client, user) -> str:
    client.force_login(user)
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_caseworker_sees_reviews_due_this_fortnight_and_overdue_ones_each_linking_to_the_plan(
        client, caseworker, caseworker_b, register):
    today = timezone.localdate()
    soon = make_client(caseworker, register, last_name="Tuleva")
    plan(caseworker, soon, today + datetime.timedelta(days=5))
    late = make_client(caseworker, register, last_name="Myohassa")
    plan(caseworker, late, today - datetime.timedelta(days=3))
    later = make_client(caseworker, register, last_name="Kaukainen")
    plan(caseworker, later, today + datetime.timedelta(days=60))
    gone = make_client(caseworker, register, last_name="Lahtenyt", relationship_ended=datetime.date(2023, 12, 31))
    plan(caseworker, gone, datetime.date(2023, 6, 1))
    others = make_client(caseworker_b, register, last_name="Toisen")
    plan(caseworker_b, others, today - datetime.timedelta(days=1))

    html = dashboard(client, caseworker)
    tasks = section(html, "tasks")
    reviews = section(html, "reviews")
    assert '<span class="count">2</span>' in reviews
    assert "1 overdue" in reviews
    assert reviews.index("Myohassa") < reviews.index("Tuleva")
    assert f'href="/clients/{late.pk}/services/"' in reviews and f'href="/clients/{soon.pk}/services/"' in reviews
    for absent in ("Kaukainen", "Lahtenyt", "Toisen"):
        assert absent not in tasks
    # The task list comes right after the search box, before the list of clients.
    assert html.index('id="dashboard-q"') < html.index('id="tasks"') < html.index('id="my-clients"')


def test_a_caseworker_with_nothing_due_is_told_so(client, caseworker, client_a):
    assert "No open tasks" in section(dashboard(client, caseworker), "tasks")


@pytest.fixture
def contact_work(contact, caseworker, caseworker_b, client_a, client_b, provider, register):
    """Requests due, a breach whose 72-hour clock runs, an emergency access to review and a
    purchased-services client whose data is handed over now."""
    today = timezone.localdate()
    late = request_services.request_register(
        actor=contact, client=client_a, type=RequestType.ACCESS, received_on=today - datetime.timedelta(days=40),
        channel="in_person", submission_key=uuid.uuid4(), today=today)
    due = request_services.request_register(
        actor=contact, client=client_b, type=RequestType.ERASURE, received_on=today - datetime.timedelta(days=27),
        channel="in_person", submission_key=uuid.uuid4(), today=today)
    later = request_services.request_register(
        actor=contact, client=client_b, type=RequestType.RESTRICTION, received_on=today,
        channel="in_person", submission_key=uuid.uuid4(), today=today)
    breach = breach_services.breach_create(actor=contact, **{
        "title": "Kadonnut muistitikku", "discovered_at": timezone.now() - datetime.timedelta(hours=10),
        "description": "Työntekijän muistitikku katosi bussissa.", "affected_data": "Nimet",
    }, clients=[client_a])
    reported = breach_services.breach_create(actor=contact, **{
        "title": "Vanha raportoitu loukkaus", "discovered_at": timezone.now() - datetime.timedelta(days=30),
        "description": "Väärä vastaanottaja.", "affected_data": "Nimi",
    }, clients=[client_a])
    breach_services.breach_authority_report(actor=contact, breach=reported,
                                            reported_at=timezone.now() - datetime.timedelta(days=29))
    emergency_services.emergency_access_open(actor=caseworker, lookup=client_b.identity_code,
                                            reason="Sijaisuus, kiireellinen asia", now=timezone.now())
    county = make_controller("Pirkanmaan hyvinvointialue", kind="wellbeing_county")
    purchased = make_register(county, operator=provider, kind=RegisterKind.PURCHASED_SERVICES)
    # The county's own promise for its purchased services (as seed 002's): rules belong to registers.
    from retention.models import RetentionRule

    county_rule = RetentionRule.objects.create(
        code="county-archive", name="Asiakasasiakirjat hyvinvointialueen arkistoon", controller=county,
        register_kind=RegisterKind.PURCHASED_SERVICES, start_event="relationship_ended",
        action="archive_then_delete", receipt_required=True, archive_name="Hyvinvointialueen arkisto")
    county_rule.registers.set([purchased])
    leaving = make_client(contact, purchased, last_name="Poistuva", relationship_started=datetime.date(2024, 1, 1))
    client_update(actor=contact, client=leaving, **{"relationship_ended": today - datetime.timedelta(days=1)})
    return {"late": late, "due": due, "later": later, "breach": breach, "reported": reported, "leaving": leaving}


def test_the_register_contact_sees_requests_breach_clocks_emergency_accesses_and_removals(
        client, contact, contact_work):
    html = dashboard(client, contact)
    requests = section(html, "task-requests")
    assert f'href="/requests/{contact_work["late"].pk}/"' in requests
    assert f'href="/requests/{contact_work["due"].pk}/"' in requests
    assert f'/requests/{contact_work["later"].pk}/' not in requests  # due in a month: not yet
    assert "1 overdue" in requests and 'href="/requests/"' in requests
    breaches = section(html, "task-breaches")
    assert "Kadonnut muistitikku" in breaches and "h" in breaches and " left" in breaches
    assert f'href="/clients/breaches/{contact_work["breach"].pk}/"' in breaches
    assert "Vanha raportoitu loukkaus" not in breaches
    emergency = section(html, "task-emergency")
    assert '<span class="count">1</span>' in emergency and 'href="/clients/emergency/review/"' in emergency
    removals = section(html, "task-removals")
    assert "Poistuva" in removals and 'href="/retention/"' in removals


def test_a_caseworker_sees_none_of_the_register_contacts_work(client, caseworker, contact_work):
    """Separation of duties: breaches, emergency-access reviews, requests and removals are the
    register contact's; a caseworker's task list does not show them (nor their titles)."""
    html = dashboard(client, caseworker)
    for key in ("task-requests", "task-breaches", "task-emergency", "task-removals"):
        assert f'id="{key}"' not in html
    assert "Kadonnut muistitikku" not in html and "Poistuva" not in html


def test_another_organisations_contact_sees_none_of_it(client, other_contact, contact_work):
    html = dashboard(client, other_contact)
    assert "No open tasks" in section(html, "tasks")
    assert "Kadonnut muistitikku" not in html and "Poistuva" not in html
