"""Due dates per rule kind, the statutory table (Act 703/2023 annex as the National Archives
restates it) and the rules shipped as editable defaults. Dates are passed in (`today`,
`--today`), never frozen."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from clients import services as client_services
from clients.constants import RegisterKind, ServiceTask
from retention.constants import LOG_KINDS, Action, AppliesTo, RecordKind, StartEvent, WaitingFor
from retention.models import RetentionRule, add_period
from retention.selectors import client_file_rules, client_retention, rules_for_notice
from tests.conftest import make_controller, make_register

from .conftest import add_case, exists, person, retention_run, rule

D = datetime.date
TODAY = D(2026, 11, 21)


def status_of(client, today=TODAY):
    client.refresh_from_db()
    return client_retention(client, client_file_rules(), today)


def set_death(actor, client, day):
    client_services.client_update(actor=actor, client=client, date_of_death=day)


@pytest.mark.parametrize("start,period,expected", [
    (D(2026, 1, 31), {"months": 1}, D(2026, 2, 28)),
    (D(2024, 2, 29), {"years": 2}, D(2026, 2, 28)),
    (D(2024, 2, 29), {"years": 4}, D(2028, 2, 29)),
    (D(2026, 3, 1), {"days": 14}, D(2026, 3, 15)),
    (D(2010, 3, 14), {"years": 120}, D(2130, 3, 14)),
    (D(2026, 12, 15), {"months": 12}, D(2027, 12, 15)),
])
def test_periods_end_on_the_same_day_of_the_month_or_the_months_last_day(start, period, expected):
    """Act 150/1930 on calculating time limits: no 31 February, so the month's last day."""
    assert add_period(start, **period) == expected


def test_child_welfare_is_kept_until_two_years_after_death_and_never_while_the_date_of_death_is_empty(
        caseworker, register):
    """National Archives on Act 703/2023: "Lastensuojelun palvelutehtävä 2 vuotta asiakkaan kuolemasta"."""
    child = person(caseworker, register, born=D(2008, 4, 2), sign="A", last_name="Lastensuojelu")
    add_case(caseworker, child, ServiceTask.CHILD_WELFARE, D(2010, 1, 1), D(2026, 4, 1))

    status = status_of(child)
    assert status.due_on is None
    assert status.waiting_for == WaitingFor.DATE_OF_DEATH
    result = retention_run("2126-01-01")  # a century on, still no date of death: kept
    assert result.code == 0 and result.json["purged"] == 0 and exists(child)

    set_death(caseworker, child, D(2090, 6, 30))
    status = status_of(child)
    assert status.due_on == D(2092, 6, 30)
    assert status.rule.code == "statutory-child-welfare"
    assert retention_run("2092-06-29").json["purged"] == 0 and exists(child)
    result = retention_run("2092-06-30")
    assert result.json == {"today": "2092-06-30", "dry_run": False, "due": 1, "handed_off": 0,
                           "awaiting_receipt": 0, "purged": 1, "held": 0, "errors": 0}
    assert not exists(child)


def test_family_law_matters_of_a_child_are_kept_120_years_from_the_childs_birth(caseworker, register):
    """"Perheoikeudellisten palvelujen palvelutehtävä: Lasta koskevissa asioissa 120 vuotta lapsen
    syntymästä" — the latest of all applicable rules decides, here later than death + 2 years."""
    child = person(caseworker, register, born=D(2010, 3, 14), sign="A", last_name="Perheoikeus")
    add_case(caseworker, child, ServiceTask.FAMILY_LAW_CHILD, D(2011, 1, 10), D(2012, 5, 2))
    set_death(caseworker, child, D(2095, 1, 1))

    status = status_of(child)
    assert status.due_on == D(2130, 3, 14)
    assert status.rule.code == "statutory-family-law-child"
    assert {r.rule.code: r.due_on for r in status.applicable} == {
        "statutory-basic-data": D(2097, 1, 1), "statutory-family-law-child": D(2130, 3, 14)}
    assert retention_run("2130-03-13").json["purged"] == 0 and exists(child)
    assert retention_run("2130-03-14").json["purged"] == 1 and not exists(child)


def test_services_for_families_with_children_are_kept_30_years_from_the_case_closing(caseworker, register):
    """"Lapsiperheiden palvelutehtävä 30 vuotta asian sulkemisesta"; while the case is open, the
    client waits."""
    client = person(caseworker, register, born=D(1985, 2, 2), last_name="Lapsiperhe")
    case = add_case(caseworker, client, ServiceTask.FAMILIES_WITH_CHILDREN, D(2018, 1, 8))
    set_death(caseworker, client, D(2030, 1, 1))
    assert status_of(client).waiting_for == WaitingFor.CASE_CLOSED

    from clients.services.file import case_close
    case_close(actor=caseworker, case=case, closed_on=D(2020, 6, 30))
    status = status_of(client)
    assert status.due_on == D(2050, 6, 30)
    assert status.rule.code == "statutory-families-with-children"
    assert retention_run("2050-06-29").json["purged"] == 0 and exists(client)
    assert retention_run("2050-06-30").json["purged"] == 1 and not exists(client)


def test_disability_services_count_from_the_last_case_closed(caseworker, register):
    """"Vammaispalvelujen palvelutehtävä 10 vuotta viimeisen asian sulkemisesta"."""
    client = person(caseworker, register, last_name="Vammaispalvelu")
    add_case(caseworker, client, ServiceTask.DISABILITY, D(2010, 1, 1), D(2015, 5, 5))
    add_case(caseworker, client, ServiceTask.DISABILITY, D(2016, 1, 1), D(2022, 9, 1))
    set_death(caseworker, client, D(2023, 1, 1))
    assert status_of(client).due_on == D(2032, 9, 1)


@pytest.mark.parametrize("task,code", [
    (ServiceTask.WORKING_AGE_ADULTS, "statutory-working-age-adults"),
    (ServiceTask.OLDER_PEOPLE, "statutory-older-people"),
    (ServiceTask.SUBSTANCE_ABUSE, "statutory-substance-abuse"),
    (ServiceTask.FAMILY_LAW_OTHER, "statutory-family-law-other"),
])
def test_ten_year_service_tasks_count_from_the_case_closing(caseworker, register, task, code):
    client = person(caseworker, register, last_name="Kymmenen")
    add_case(caseworker, client, task, D(2012, 1, 1), D(2016, 10, 31))
    set_death(caseworker, client, D(2017, 1, 1))
    status = status_of(client)
    assert (status.due_on, status.rule.code) == (D(2026, 10, 31), code)


def test_a_statutory_client_waits_for_the_date_of_death_whatever_the_case_says(caseworker, register):
    """"Asiakkuusasiakirja ja asiakkaan perustiedot 2 vuotta asiakkaan kuolemasta"."""
    client = person(caseworker, register, last_name="Perustiedot")
    add_case(caseworker, client, ServiceTask.OLDER_PEOPLE, D(2000, 1, 1), D(2001, 1, 1))
    status = status_of(client)
    assert status.due_on is None and status.waiting_for == WaitingFor.DATE_OF_DEATH
    assert status.rule.code == "statutory-basic-data"


def test_a_client_no_rule_applies_to_is_never_due(caseworker, marketing_register):
    client = person(caseworker, marketing_register, relationship_ended=D(2020, 1, 1))
    status = status_of(client)
    assert status.no_rule and status.due_on is None
    assert retention_run("2090-01-01").json["purged"] == 0 and exists(client)


STATUTORY_TABLE = [
    # code, applies_to, task, years, counted from, the National Archives' words
    ("statutory-basic-data", AppliesTo.STATUTORY_CLIENTS, "", 2, StartEvent.CLIENT_DEATH,
     "Asiakkuusasiakirja ja asiakkaan perustiedot 2 vuotta asiakkaan kuolemasta"),
    ("statutory-families-with-children", AppliesTo.CASES_OF_TASK, ServiceTask.FAMILIES_WITH_CHILDREN, 30,
     StartEvent.CASE_CLOSED, "Lapsiperheiden palvelutehtävä 30 vuotta asian sulkemisesta"),
    ("statutory-working-age-adults", AppliesTo.CASES_OF_TASK, ServiceTask.WORKING_AGE_ADULTS, 10,
     StartEvent.CASE_CLOSED, "Työikäisten palvelutehtävä 10 vuotta asian sulkemisesta"),
    ("statutory-older-people", AppliesTo.CASES_OF_TASK, ServiceTask.OLDER_PEOPLE, 10, StartEvent.CASE_CLOSED,
     "Iäkkäiden palvelutehtävä 10 vuotta asian sulkemisesta"),
    ("statutory-substance-abuse", AppliesTo.CASES_OF_TASK, ServiceTask.SUBSTANCE_ABUSE, 10, StartEvent.CASE_CLOSED,
     "Päihdehuollon palvelutehtävä 10 vuotta asian sulkemisesta"),
    ("statutory-disability", AppliesTo.CASES_OF_TASK, ServiceTask.DISABILITY, 10, StartEvent.CASE_CLOSED,
     "Vammaispalvelujen palvelutehtävä 10 vuotta viimeisen asian sulkemisesta"),
    ("statutory-child-welfare", AppliesTo.CASES_OF_TASK, ServiceTask.CHILD_WELFARE, 2, StartEvent.CLIENT_DEATH,
     "Lastensuojelun palvelutehtävä 2 vuotta asiakkaan kuolemasta"),
    ("statutory-family-law-child", AppliesTo.CASES_OF_TASK, ServiceTask.FAMILY_LAW_CHILD, 120,
     StartEvent.CHILD_BIRTH, "Lasta koskevissa asioissa 120 vuotta lapsen syntymästä"),
    ("statutory-family-law-other", AppliesTo.CASES_OF_TASK, ServiceTask.FAMILY_LAW_OTHER, 10,
     StartEvent.CASE_CLOSED, "muissa asioissa 10 vuotta asian sulkemisesta"),
]


@pytest.mark.parametrize("code,applies_to,task,years,start,words", STATUTORY_TABLE)
def test_the_statutory_table_ships_as_enforced_client_file_rules(db, code, applies_to, task, years, start, words):
    shipped = rule(code)
    assert (shipped.applies_to, shipped.service_task, shipped.period_years, shipped.start_event) == (
        applies_to, task, years, start)
    assert shipped.register_kind == "client_records" and shipped.action == Action.DELETE
    assert shipped.is_enforced and words in shipped.legal_reference and "703/2023" in shipped.legal_reference


def test_receipts_are_documented_and_client_fee_decisions_enforced_from_the_documents_own_date(db):
    assert (rule("statutory-receipts").period_years, rule("statutory-client-fee-decisions").period_years) == (3, 12)
    receipts = rule("statutory-receipts")
    assert receipts.record_kind == RecordKind.BILLING and receipts.active and not receipts.is_enforced
    fees = rule("statutory-client-fee-decisions")
    assert fees.record_kind == RecordKind.CLIENT_FEE_DECISIONS and fees.is_enforced
    assert fees.start_event == StartEvent.DOCUMENT_DATE and fees.action == Action.DELETE


def test_a_privacy_notice_may_promise_only_the_enforced_rules_of_its_own_register(seed_registers):
    own = {r.code for r in rules_for_notice(seed_registers["vaspoy", "asiakasrekisteri"])}
    assert "statutory-child-welfare" in own and "seed-000-two-weeks" in own
    assert not own & {"statutory-receipts", "seed-001-bookkeeping", "seed-001-booking", "seed-003-return-material",
                      "seed-002-county-archive"}
    # (The log kinds' defaults apply to every register: issue 18.)
    assert {r.code for r in rules_for_notice(seed_registers["mll-vs-perhepalvelut", "asiakasrekisteri"])
            if r.record_kind not in LOG_KINDS} == {"seed-002-county-archive"}


def test_a_seeds_own_rule_applies_only_to_that_seeds_register(caseworker, other_provider, seed_registers):
    """Seed 000: "Ja tiedot poistuvat Nappula-järjestelmästä kahden viikon kuluttua asiakassuhteen
    päättymisestä." That is Varsinais-Suomen Sosiaalipalvelut's promise about its own register: a
    private client of any other provider's client register is not handed to "Kunnan sosiaalitoimi"
    two weeks after the relationship ends, and another provider's notice does not quote it."""
    assert "kahden viikon kuluttua asiakassuhteen päättymisestä" in rule("seed-000-two-weeks").legal_reference
    two_weeks = rule("seed-000-two-weeks")
    assert [r.slug for r in two_weeks.registers.all()] == ["asiakasrekisteri"]
    assert two_weeks.controller.slug == "vaspoy"
    elsewhere = make_register(other_provider)
    client = person(caseworker, elsewhere, relationship_ended=D(2020, 3, 1), last_name="Muualla")
    add_case(caseworker, client, ServiceTask.PRIVATE, D(2019, 1, 1), D(2020, 3, 1))
    assert status_of(client).no_rule and status_of(client).due_on is None
    for other in (elsewhere, seed_registers["perhepalvelut-ilo", "asiakasrekisteri"],
                  seed_registers["kantamoinen", "asiakasrekisteri"]):
        codes = {r.code for r in rules_for_notice(other)}
        assert not codes & {"seed-000-two-weeks", "seed-002-county-archive"}
        assert "statutory-basic-data" in codes


def test_seed_002s_county_archive_is_not_every_purchased_services_registers(caseworker, provider, seed_registers):
    """Seed 002: "Toimitamme asiakasasiakirjat hyvinvointialueen arkistoon hyvinvointialueen ohjeen
    mukaisesti." Only MLL's purchased-services register hands over by it; another county's
    purchased-services register (no rule of its own) hands nobody to that archive."""
    assert "hyvinvointialueen arkistoon" in rule("seed-002-county-archive").legal_reference
    county = make_controller("Toinen hyvinvointialue", kind="wellbeing_county")
    purchased = make_register(county, operator=provider, kind=RegisterKind.PURCHASED_SERVICES)
    client = person(caseworker, purchased, relationship_ended=D(2020, 3, 1), last_name="Ostopalvelu")
    assert status_of(client).no_rule
    mll = person(caseworker, seed_registers["mll-vs-perhepalvelut", "asiakasrekisteri"],
                 relationship_ended=D(2020, 3, 1), last_name="Kotihoito")
    assert status_of(mll).rule.code == "seed-002-county-archive" and status_of(mll).due_on == D(2020, 3, 1)


def test_an_organisation_rule_covers_its_own_registers_of_its_kind_and_no_one_elses(caseworker, provider,
                                                                                    other_provider):
    """A rule of one controller for a kind of register: every register of that kind of that
    controller, none of the same kind of another controller."""
    mine, theirs = make_register(provider, kind=RegisterKind.MARKETING), make_register(
        other_provider, kind=RegisterKind.MARKETING)
    RetentionRule.objects.create(code="own-marketing", name="Markkinointi vuosi", controller=provider,
                                 register_kind=RegisterKind.MARKETING, start_event=StartEvent.RELATIONSHIP_ENDED,
                                 period_years=1)
    one = person(caseworker, mine, relationship_ended=D(2024, 1, 1), last_name="Oma")
    two = person(caseworker, theirs, relationship_ended=D(2024, 1, 1), last_name="Vieras")
    assert status_of(one).due_on == D(2025, 1, 1) and status_of(two).no_rule
    assert [r.code for r in rules_for_notice(theirs) if r.record_kind not in LOG_KINDS] == []


def test_a_rule_of_no_organisation_must_be_a_statutory_default(db):
    with pytest.raises(ValidationError) as error:
        RetentionRule(code="x", name="x", start_event=StartEvent.RELATIONSHIP_ENDED).full_clean()
    assert "controller" in error.value.message_dict


@pytest.mark.parametrize("fields,error_field", [
    ({"applies_to": AppliesTo.CASES_OF_TASK}, "service_task"),
    ({"service_task": ServiceTask.DISABILITY}, "service_task"),
    ({"start_event": StartEvent.DOCUMENT_DATE}, "start_event"),
    ({"action": Action.ARCHIVE_THEN_DELETE}, "archive_name"),
    ({"receipt_required": True}, "action"),
    ({"record_kind": RecordKind.ACCESS_LOGS}, "start_event"),
])
def test_a_rule_that_cannot_be_applied_is_refused(db, fields, error_field):
    data = {"code": "x", "name": "x", "start_event": StartEvent.RELATIONSHIP_ENDED, **fields}
    with pytest.raises(ValidationError) as error:
        RetentionRule(**data).full_clean()
    assert error_field in error.value.message_dict
