"""Granted vs delivered hours for any month on the client file's services part (?month=YYYY-MM).

Seed 002 keeps granted services with their hours and reports delivered visits and hours per
client per month to the commissioning authority: a worker checks a past month the same way."""

import datetime
import decimal

import pytest

from clients.constants import HoursPeriod, ServiceTask
from clients.selectors.file import hours_for_month
from clients.services import file as file_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_care(caseworker, client_a):
    case = file_services.case_open(actor=caseworker, client=client_a, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito", opened_on=datetime.date(2024, 1, 1))
    service = file_services.granted_service_add(
        actor=caseworker, case=case, content="Kotihoidon käynnit", valid_from=datetime.date(2024, 1, 1),
        granted_hours=decimal.Decimal("1.50"), hours_period=HoursPeriod.MONTH)
    for day, minutes in ((datetime.date(2024, 1, 31), 45), (datetime.date(2024, 2, 1), 30),
                         (datetime.date(2024, 2, 28), 30), (datetime.date(2024, 2, 29), 45),
                         (datetime.date(2024, 3, 1), 60)):
        file_services.entry_record(actor=caseworker, client=client_a, date=day, duration_minutes=minutes,
                                   content="Kotikäynti: aamutoimet ja lääkkeet.", granted_service=service)
    return service


def test_a_leap_year_february_counts_its_29th_day_and_nothing_of_january_or_march(client_a, home_care):
    [line] = hours_for_month(client_a, datetime.date(2024, 2, 1))
    assert (line.period_start, line.period_end) == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    assert line.visits == 3 and line.delivered_minutes == 105
    assert line.delivered == decimal.Decimal("1.75") and line.over  # 1.5 h granted a month
    [january] = hours_for_month(client_a, datetime.date(2024, 1, 1))
    assert january.visits == 1 and not january.over


def test_the_worker_chooses_a_past_month_on_the_services_part(client, caseworker, client_a, home_care):
    client.force_login(caseworker)
    client.cookies["django_language"] = "en"
    html = client.get(f"/clients/{client_a.pk}/services/?month=2024-02").content.decode()
    table = html[html.index('id="hours"'):]
    assert "Granted and delivered hours in 2/2024" in table
    assert "1.2.2024 – 29.2.2024" in table and "1.75 h" in table and "over the granted hours" in table
    assert 'href="?month=2024-01#hours"' in table and 'href="?month=2024-03#hours"' in table
    december = client.get(f"/clients/{client_a.pk}/services/?month=2023-12").content.decode()
    assert "No granted services in 12/2023." in december


def test_a_weekly_grant_is_shown_with_its_period_and_not_compared_with_a_month(caseworker, client_a):
    case = file_services.case_open(actor=caseworker, client=client_a, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito", opened_on=datetime.date(2024, 2, 10))
    service = file_services.granted_service_add(
        actor=caseworker, case=case, content="Siivous", valid_from=datetime.date(2024, 2, 10),
        granted_hours=decimal.Decimal("1"), hours_period=HoursPeriod.WEEK)
    file_services.entry_record(actor=caseworker, client=client_a, date=datetime.date(2024, 2, 12),
                               duration_minutes=90, content="Siivous.", granted_service=service)
    [line] = hours_for_month(client_a, datetime.date(2024, 2, 1))
    assert line.period_start == datetime.date(2024, 2, 10)  # from the day the grant began
    assert line.granted is None and not line.over and line.visits == 1


@pytest.mark.parametrize("month", ["2024-13", "2024-00", "helmikuu", "2024-2", "02-2024", "2024-02-01",
                                   "<script>alert(1)</script>", "9999-01", "2024-02' OR 1=1--"])
def test_a_bad_month_is_said_in_the_users_language_not_a_server_error(client, caseworker, client_a, month):
    client.force_login(caseworker)
    response = client.get(f"/clients/{client_a.pk}/services/", {"month": month})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Anna kuukausi vuotena ja kuukautena, esimerkiksi 2026-02." in html
    assert "<script>alert(1)</script>" not in html
    client.cookies["django_language"] = "sv"
    assert "Ange månaden som år och månad, till exempel 2026-02." in client.get(
        f"/clients/{client_a.pk}/services/", {"month": month}).content.decode()


def test_another_workers_client_stays_hidden_whatever_the_month(client, caseworker_b, client_a, home_care):
    client.force_login(caseworker_b)
    assert client.get(f"/clients/{client_a.pk}/services/?month=2024-02").status_code == 404
