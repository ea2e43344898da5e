"""Dates of death (issue 18): a statutory client is kept until two years after death, and while
no date of death is known the data is kept, so without dates statutory clients stay for ever.
The register contact sees the statutory clients whose relationship ended long ago without a date
of death (how long: settings.RETENTION_DEATH_QUERY_YEARS), downloads the query, and imports the
population register's answer (CSV: identity code; date of death): dates set through the client
service with a change trail, unknown and malformed rows reported in the user's language, another
organisation's clients reported unknown and never touched."""

import datetime

from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from clients.constants import AccessKind, ServiceTask
from clients.models import AccessEntry, Client
from core.roles import Role
from retention.selectors import client_file_rules, client_retention
from tests.conftest import make_user

from .conftest import add_case, person

D = datetime.date
URL = "/retention/deaths/"


def statutory(actor, register, *, ended: datetime.date, last_name: str, **extra) -> Client:
    client = person(actor, register, last_name=last_name, relationship_ended=ended, **extra)
    add_case(actor, client, ServiceTask.OLDER_PEOPLE, D(2008, 1, 1), ended)
    return client


def page(browser, user, language="en", **get):
    browser.force_login(user)
    browser.cookies["django_language"] = language
    return browser.get(URL, get)


def upload(browser, user, text: str, language="en"):
    browser.force_login(user)
    browser.cookies["django_language"] = language
    return browser.post(URL, {"answer_file": SimpleUploadedFile("vastaus.csv", text.encode(), "text/csv")})


def test_the_register_contact_sees_statutory_clients_ended_long_ago_without_a_date_of_death(
        client, caseworker, contact, register, other_register, settings):
    settings.RETENTION_DEATH_QUERY_YEARS = 5
    statutory(caseworker, register, ended=D(2015, 6, 30), last_name="Kauanpoissa")
    statutory(caseworker, register, ended=D(2025, 6, 30), last_name="Askettain")
    statutory(caseworker, register, ended=D(2014, 1, 31), last_name="Kuollut", date_of_death=D(2016, 5, 1))
    private = person(caseworker, register, last_name="Yksityinen", relationship_ended=D(2012, 1, 1))
    add_case(caseworker, private, ServiceTask.PRIVATE, D(2010, 1, 1), D(2012, 1, 1))
    other_contact = make_user(Role.CASEWORKER, other_register.controller)
    statutory(other_contact, other_register, ended=D(2010, 1, 1), last_name="Toisenfirman")
    html = page(client, contact).content.decode()
    assert "Kauanpoissa" in html
    for absent in ("Askettain", "Kuollut", "Yksityinen", "Toisenfirman"):
        assert absent not in html, absent
    assert "1 client without a date of death" in html
    settings.RETENTION_DEATH_QUERY_YEARS = 1  # the setting says how long ago
    assert "Askettain" in page(client, contact).content.decode()


def test_a_caseworker_is_refused_the_dates_of_death_page(client, caseworker, register):
    assert page(client, caseworker).status_code == 403


def test_the_query_download_has_full_identity_codes_and_is_in_each_client_s_access_log(
        client, caseworker, contact, register):
    gone = statutory(caseworker, register, ended=D(2015, 6, 30), last_name="Kauanpoissa")
    response = page(client, contact, download="csv")
    assert response["Content-Type"].startswith("text/csv")
    assert f"{gone.identity_code};Kauanpoissa;Tuomas" in response.content.decode()
    assert AccessEntry.objects.filter(client=gone, user=contact, kind=AccessKind.EXPORT).count() == 1


def test_importing_the_answer_sets_dates_with_a_trail_and_the_run_then_counts_two_years_from_death(
        client, caseworker, contact, register, other_register):
    """Act 703/2023 as DESIGN.md restates it: "Asiakkuusasiakirja ja asiakkaan perustiedot 2 vuotta
    asiakkaan kuolemasta"."""
    gone = statutory(caseworker, register, ended=D(2015, 6, 30), last_name="Kauanpoissa")
    already = statutory(caseworker, register, ended=D(2015, 6, 30), last_name="Jokirjattu",
                        born=D(1951, 2, 3), date_of_death=D(2020, 2, 2))
    theirs = statutory(make_user(Role.CASEWORKER, other_register.controller), other_register,
                       ended=D(2010, 1, 1), last_name="Toisenfirman", born=D(1944, 4, 4))
    assert client_retention(gone, client_file_rules(), D(2026, 11, 27)).waiting_for == "date_of_death"
    answer = "\n".join([
        "henkilötunnus;kuolinpäivä",
        f"{gone.identity_code};1.3.2024",
        f"{already.identity_code};2020-02-02",
        f"{theirs.identity_code};2021-01-01",     # another organisation's client: unknown to us
        "010101-123N;2022-01-01",                 # nobody's
        "131052-308X;2022-01-01",                 # wrong check character
        f"{gone.identity_code};31.2.2023",        # no such day
        f"{gone.identity_code}",                  # one column
        f"{gone.identity_code};2999-01-01",       # in the future
    ])
    before = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    html = upload(client, contact, answer).content.decode()
    assert ("Dates of death recorded: 1. Already recorded: 1. Unknown identity codes: 2. Malformed rows: 4. "
            "Not changed: 0.") in " ".join(html.split())
    gone.refresh_from_db()
    theirs.refresh_from_db()
    assert gone.date_of_death == D(2024, 3, 1)
    assert theirs.date_of_death is None
    assert "Toisenfirman" not in html and theirs.identity_code not in html
    trail = LogEntry.objects.get_for_object(gone).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert trail.actor == contact and "date_of_death" in trail.changes_dict
    assert not LogEntry.objects.get_for_object(theirs).filter(pk__gt=before).exists()
    # The nightly run now counts two years from the date of death (later than ten years from the
    # case closed: the longest applicable period decides), so the client is due.
    assert client_retention(gone, client_file_rules(), D(2026, 11, 27)).due_on == D(2026, 3, 1)


def test_the_import_report_is_in_the_user_s_language(client, caseworker, contact, register):
    gone = statutory(caseworker, register, ended=D(2015, 6, 30), last_name="Kauanpoissa")
    answer = f"{gone.identity_code};2023-03-01\n010101-123N;2022-01-01\nroskaa;2022-01-01\n"
    finnish = " ".join(upload(client, contact, answer, language="fi").content.decode().split())
    assert "Kuolinpäiviä kirjattu: 1. Jo kirjattu: 0. Tuntemattomia henkilötunnuksia: 1. Virheellisiä rivejä: 1." \
        in finnish
    assert "Yhdelläkään asiakkaallasi ei ole tätä henkilötunnusta." in finnish
    swedish = " ".join(upload(client, contact, answer, language="sv").content.decode().split())
    assert "Okända personbeteckningar: 1." in swedish


def test_a_different_recorded_date_of_death_is_not_overwritten(client, caseworker, contact, register):
    recorded = statutory(caseworker, register, ended=D(2015, 6, 30), last_name="Eripaiva",
                         date_of_death=D(2020, 2, 2))
    html = " ".join(upload(client, contact, f"{recorded.identity_code};2021-01-01").content.decode().split())
    assert "Not changed: 1." in html and "Another date of death (02.02.2020) is recorded" in html
    recorded.refresh_from_db()
    assert recorded.date_of_death == D(2020, 2, 2)


def test_a_restricted_client_s_date_of_death_is_not_set_by_the_import(client, caseworker, contact, register):
    """Restriction (GDPR Art 18) holds on this path too: the row is reported, nothing changes."""
    from clients.services import client_restrict

    restricted = statutory(contact, register, ended=D(2015, 6, 30), last_name="Rajoitettu")
    client_restrict(actor=contact, client=restricted, reason="GDPR Art 18 -pyyntö")
    html = " ".join(upload(client, contact, f"{restricted.identity_code};2021-01-01").content.decode().split())
    assert "Not changed: 1." in html and "Rajoitettu" in html
    restricted.refresh_from_db()
    assert restricted.date_of_death is None
