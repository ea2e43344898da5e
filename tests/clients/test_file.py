"""The client file: cases, services, visits, agreements, versioned plans and corrections
(seeds 000, 002 and 003)."""

import datetime
import decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from clients import services
from clients.constants import HoursPeriod, RecipientKind, ServiceTask
from clients.models import Correction, ServiceEntry, ServicePlan
from clients.selectors.file import client_service_file, hours_by_service, overdue_plan_reviews
from clients.services import file as file_services
from tests.conftest import make_client, make_controller

DAY = datetime.date(2026, 11, 10)

PLAN = {
    "client_view": "Haluan pärjätä kotona.", "service_and_need": "Kotihoito kahdesti viikossa.",
    "goals": "Arjen sujuminen.", "working_methods": "Ohjaus ja tuki.", "other_services": "Ateriapalvelu",
    "guardian_contact": "", "duty_to_notify_reviewed": True, "confidentiality_reviewed": True,
    "liability_insurance_reviewed": True, "review_on": datetime.date(2026, 6, 1),
    "made_on": datetime.date(2026, 1, 15), "place": "Tampere", "client_signatory": "Matti Mäkinen",
}


def entry(actor, person, content="Kotikäynti: siivous ja asiointi.", minutes=45, **extra):
    data = {"date": DAY, "duration_minutes": minutes, "content": content, **extra}
    return file_services.entry_record(actor=actor, client=person, **data)


@pytest.fixture
def logged_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_correction_keeps_the_original_readable_with_corrector_date_and_reason(
    logged_in, caseworker, client_a
):
    """Seed 003: "Mahdollisesti virheelliset merkinnät korjataan niin, että merkintä on myöhemmin
    luettavissa. Korjauksen tekijän nimi, korjauksen tekopäivä ja korjauksen peruste merkitään
    asiakastietoihin." """
    visit = entry(caseworker, client_a, content="Asiakas kieltäytyi lääkkeistä.")
    response = logged_in.post(f"/clients/{client_a.pk}/entries/{visit.pk}/correct/", {
        "field": "content", "value": "Asiakas otti lääkkeet ohjatusti.",
        "reason": "Kirjattu väärän asiakkaan käynnistä.",
    })
    assert response.status_code == 200
    correction = Correction.objects.get()
    assert correction.original_value == "Asiakas kieltäytyi lääkkeistä."
    assert correction.corrected_by == caseworker
    assert timezone.localdate(correction.corrected_at) == timezone.localdate()
    assert correction.reason == "Kirjattu väärän asiakkaan käynnistä."
    visit.refresh_from_db()
    assert visit.content == "Asiakas otti lääkkeet ohjatusti."
    html = logged_in.get(f"/clients/{client_a.pk}/entries/").content.decode()
    assert "Asiakas kieltäytyi lääkkeistä." in html  # the original, still readable
    assert "Asiakas otti lääkkeet ohjatusti." in html
    assert "Kirjattu väärän asiakkaan käynnistä." in html
    assert caseworker.get_full_name() in html


def test_correction_of_disclosed_data_lists_whom_to_notify(logged_in, caseworker, client_a):
    """Seed 000: "Virheen korjaamisesta ilmoitetaan sille, jolta virheelliset tiedot on saatu tai
    jolle tiedot on luovutettu." """
    county = make_controller("Pirkanmaan hyvinvointialue")
    services.disclosure_record(
        actor=caseworker, client=client_a, recipient_kind=RecipientKind.COMMISSIONING_AUTHORITY,
        recipient_name=county.name, recipient_controller=county, content="Kuukausikooste 10/2026",
        legal_basis="Laki 703/2023; ostopalvelusopimus",
    )
    services.disclosure_record(
        actor=caseworker, client=client_a, recipient_kind=RecipientKind.AUTHORITY,
        recipient_name="Kotihoidon ohjaaja", content="Lähete", direction="in",
    )
    visit = entry(caseworker, client_a)
    response = logged_in.post(f"/clients/{client_a.pk}/entries/{visit.pk}/correct/", {
        "field": "duration_minutes", "value": "30", "reason": "Väärä kesto"})
    html = response.content.decode()
    assert "Pirkanmaan hyvinvointialue" in html
    assert "Kotihoidon ohjaaja" in html
    visit.refresh_from_db()
    assert visit.duration_minutes == 30
    assert Correction.objects.get().original_value == "45"


def test_correction_needs_a_reason_and_a_real_change(caseworker, client_a):
    visit = entry(caseworker, client_a)
    with pytest.raises(ValidationError):
        file_services.correction_record(actor=caseworker, entry=visit, field="content", value="Uusi",
                                        reason=" ")
    with pytest.raises(ValidationError):
        file_services.correction_record(actor=caseworker, entry=visit, field="content",
                                        value=visit.content, reason="Sama")
    with pytest.raises(ValidationError):
        file_services.correction_record(actor=caseworker, entry=visit, field="worker", value="1",
                                        reason="Kuka tahansa ei voi vaihtaa kirjaajaa")
    assert not Correction.objects.exists()


def test_an_invalid_corrected_value_is_refused_in_the_form(logged_in, caseworker, client_a):
    visit = entry(caseworker, client_a)
    response = logged_in.post(f"/clients/{client_a.pk}/entries/{visit.pk}/correct/", {
        "field": "date", "value": "31.2.2026", "reason": "Päivä väärin"})
    assert response.status_code == 200
    assert "value" in response.context["form"].errors
    assert not Correction.objects.exists()


def test_plans_are_versioned_and_earlier_versions_stay_readable(logged_in, caseworker, client_a):
    first = file_services.plan_version_create(actor=caseworker, client=client_a, **PLAN)
    second = file_services.plan_version_create(
        actor=caseworker, client=client_a, **{**PLAN, "goals": "Liikkuminen ulkona viikoittain."})
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.goals == "Arjen sujuminen."
    html = logged_in.get(f"/clients/{client_a.pk}/services/").content.decode()
    assert "Liikkuminen ulkona viikoittain." in html
    old = logged_in.get(f"/clients/{client_a.pk}/plans/{first.pk}/").content.decode()
    assert "Arjen sujuminen." in old


def test_new_plan_version_through_the_form_records_every_seed_003_item(logged_in, caseworker, client_a):
    """Seed 003: "suunnitelman yhteydessä käydään läpi myös palveluntuottajan ilmoitusvelvollisuus,
    palveluntuottajan vaitiolovelvollisuus sekä palveluntuottajan vastuuvakuutus (kirjataan
    rasteina, että asiat käyty läpi)" """
    form = {**PLAN, "review_on": "2027-01-15", "made_on": "2026-11-01", "worker_signs": "on"}
    form = {k: ("on" if v is True else v) for k, v in form.items()}
    response = logged_in.post(f"/clients/{client_a.pk}/plans/new/", form)
    assert response.status_code == 302
    plan = ServicePlan.objects.get()
    assert plan.duty_to_notify_reviewed and plan.confidentiality_reviewed
    assert plan.liability_insurance_reviewed
    assert plan.worker_signatory == caseworker
    assert plan.client_view == "Haluan pärjätä kotona."


def test_overdue_review_is_warned_on_the_file_and_listed_for_the_worker(
    logged_in, caseworker, caseworker_b, client_a, client_b
):
    file_services.plan_version_create(actor=caseworker, client=client_a, **PLAN)
    file_services.plan_version_create(actor=caseworker_b, client=client_b, **PLAN)
    today = datetime.date(2026, 11, 21)
    assert [p.client for p in overdue_plan_reviews(caseworker, today=today)] == [client_a]
    assert client_service_file(client_a, today=today)["plan_review_overdue"]
    assert not client_service_file(client_a, today=datetime.date(2026, 5, 1))["plan_review_overdue"]
    # Opening the client shows it at once, before the services part: the review was due on 1.6.2026.
    logged_in.cookies["django_language"] = "en"
    overview = logged_in.get(f"/clients/{client_a.pk}/").content.decode()
    assert "The review of the service plan was due on 1.6.2026." in overview
    # A new version with a future review date is no longer overdue.
    file_services.plan_version_create(actor=caseworker, client=client_a,
                                      **{**PLAN, "review_on": timezone.localdate() + datetime.timedelta(days=365)})
    assert not overdue_plan_reviews(caseworker, today=today).exists()
    assert "The review of the service plan was due" not in logged_in.get(f"/clients/{client_a.pk}/").content.decode()


def test_dashboard_lists_the_workers_overdue_reviews(logged_in, caseworker, client_a):
    file_services.plan_version_create(actor=caseworker, client=client_a, **PLAN)
    html = logged_in.get("/").content.decode()
    assert client_a.display_name in html
    assert "1.6.2026" in html


def test_granted_and_delivered_hours_are_summed_exactly(caseworker, client_a):
    """Seed 002: granted service with its hours; delivered visits counted against them."""
    case = file_services.case_open(actor=caseworker, client=client_a, service_task=ServiceTask.OLDER_PEOPLE,
                                   title="Kotihoito", opened_on=datetime.date(2026, 1, 1))
    service = file_services.granted_service_add(actor=caseworker, case=case,
        content="Kotihoidon käynnit", valid_from=datetime.date(2026, 1, 1),
        granted_hours=decimal.Decimal("1.25"), hours_period=HoursPeriod.MONTH)
    for minutes in (20, 25, 35):
        entry(caseworker, client_a, minutes=minutes, granted_service=service)
    entry(caseworker, client_a, minutes=60, granted_service=service, date=datetime.date(2026, 10, 31))
    [line] = hours_by_service(client_a, DAY)
    assert line.delivered_minutes == 80 and line.visits == 3
    assert line.delivered == decimal.Decimal("1.33")
    assert (line.period_start, line.period_end) == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert line.over


def test_case_cannot_close_before_it_opens(caseworker, client_a):
    case = file_services.case_open(actor=caseworker, client=client_a, service_task=ServiceTask.CHILD_WELFARE,
                                   title="Tukitoimet", opened_on=datetime.date(2026, 3, 1))
    with pytest.raises(ValidationError):
        file_services.case_close(actor=caseworker, case=case, closed_on=datetime.date(2026, 2, 1))
    file_services.case_close(actor=caseworker, case=case, closed_on=datetime.date(2026, 9, 1))
    case.refresh_from_db()
    assert case.closed_on == datetime.date(2026, 9, 1)


def test_visit_with_a_future_date_is_refused(logged_in, client_a):
    response = logged_in.post(f"/clients/{client_a.pk}/entries/new/", {
        "kind": "visit", "date": "2099-01-01", "duration_minutes": "30", "content": "Tulevaisuudessa"})
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert not ServiceEntry.objects.exists()


def test_agreement_records_every_seed_003_item(logged_in, caseworker, client_a):
    """Seed 003: "Palvelusopimukseen kirjataan ... palvelu, sovitut asiat, laskutus, sopimuksen
    voimassaoloaika, päiväys ja paikka, allekirjoitukset" """
    response = logged_in.post(f"/clients/{client_a.pk}/agreements/new/", {
        "service": "Perhetyö", "agreed_matters": "Käynnit tiistaisin", "billing": "Kuukausittain",
        "valid_from": "2026-11-01", "valid_until": "2027-10-31", "made_on": "2026-11-01",
        "place": "Klaukkala", "client_signatory": "Matti Mäkinen", "client_signed_on": "2026-11-01",
        "provider_signs": "on",
    })
    assert response.status_code == 302
    agreement = client_a.agreements.get()
    assert agreement.provider_signatory == caseworker
    assert agreement.provider_signed_on == datetime.date(2026, 11, 1)
    assert response["Location"] == f"/clients/{client_a.pk}/services/"
    assert "Käynnit tiistaisin" in logged_in.get(response["Location"]).content.decode()


def test_file_pages_of_another_caseworkers_client_answer_404(logged_in, client_b):
    for url in ["services/", "entries/", "documents/", "consents/", "entries/new/", "plans/new/", "cases/new/",
                "agreements/new/"]:
        assert logged_in.get(f"/clients/{client_b.pk}/{url}").status_code == 404, url


def add_file_items(actor, person, count, start=0):
    for i in range(start, start + count):
        visit = entry(actor, person, content=f"Käynti {i}")
        file_services.correction_record(actor=actor, entry=visit, field="content",
                                        value=f"Korjattu {i}", reason="Kirjoitusvirhe")
        file_services.plan_version_create(actor=actor, client=person, **PLAN)
        case = file_services.case_open(actor=actor, client=person, service_task=ServiceTask.PRIVATE,
                                       title=f"Asia {i}", opened_on=DAY)
        file_services.granted_service_add(actor=actor, case=case,
            content=f"Palvelu {i}", valid_from=DAY, granted_hours=decimal.Decimal(2))


FILE_PARTS = ["", "services/", "entries/", "documents/", "consents/"]


def test_client_file_query_count_does_not_grow_with_entries_plans_and_cases(logged_in, caseworker, client_a):
    def queries() -> dict[str, int]:
        counts = {}
        for part in FILE_PARTS:
            with CaptureQueriesContext(connection) as captured:
                assert logged_in.get(f"/clients/{client_a.pk}/{part}").status_code == 200
            counts[part] = len(captured)
        return counts

    add_file_items(caseworker, client_a, 1)
    few = queries()
    add_file_items(caseworker, client_a, 30, start=1)  # more entries than fit on a page
    assert queries() == few
    # 24: the overview also reads the corrections of basic data (seed 003), one query, the
    # latest job making the client-file PDF (issue 23), one query, and whether the client was
    # informed of the current privacy notice (issue 20): the notice and the informing, two.
    assert max(few.values()) <= 24, few


def test_client_file_parts_are_tabs_each_logged_as_a_look_at_the_file(logged_in, caseworker, client_a):
    """Every part of the client file is its own page under the client's name: the tabs mark the
    current one for screen readers, and every look is an access-log entry naming the part."""
    from clients.models import AccessEntry

    for part in FILE_PARTS:
        html = logged_in.get(f"/clients/{client_a.pk}/{part}").content.decode()
        assert client_a.display_name in html
        assert f'<a href="/clients/{client_a.pk}/{part}" aria-current="page">' in html, part
        assert html.count('aria-current="page"') == 1, part
    looks = AccessEntry.objects.filter(client=client_a, user=caseworker, kind="client_file")
    assert sorted(looks.values_list("detail", flat=True)) == sorted(
        ["", "services", "entries", "documents", "consents"])


def test_visits_and_records_are_paged_newest_first_with_their_total(logged_in, caseworker, client_a):
    logged_in.cookies["django_language"] = "en"
    for day in range(1, 31):
        entry(caseworker, client_a, content=f"Käynti {day}", date=datetime.date(2026, 10, day))
    first = logged_in.get(f"/clients/{client_a.pk}/entries/").content.decode()
    assert "Käynti 30" in first and "Käynti 6" in first and "Käynti 5<" not in first
    assert "(30 visits and records)" in first
    second = logged_in.get(f"/clients/{client_a.pk}/entries/?page=2").content.decode()
    assert "Käynti 5" in second and "Käynti 30" not in second


def test_a_new_visit_returns_to_the_visits_and_records(logged_in, client_a):
    response = logged_in.post(f"/clients/{client_a.pk}/entries/new/", {
        "kind": "visit", "date": timezone.localdate().isoformat(), "duration_minutes": "30",
        "content": "Kauppa-asiointi."})
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{client_a.pk}/entries/"
    assert "Kauppa-asiointi." in logged_in.get(response["Location"]).content.decode()


def test_the_dashboard_shows_the_most_recent_overdue_reviews_of_current_clients_with_their_true_count(
        logged_in, caseworker, register):
    """A current client whose review was due three days ago comes first; clients whose relationship
    has ended are no work and are not listed; the count is of all overdue reviews, not of the 20
    shown."""
    today = timezone.localdate()
    current = []
    for i in range(22):
        person = make_client(caseworker, register, last_name=f"Nykyinen{i:02d}")
        file_services.plan_version_create(actor=caseworker, client=person, **{
            **PLAN, "review_on": today - datetime.timedelta(days=30 + i)})
        current.append(person)
    recent = make_client(caseworker, register, last_name="Tuore")
    file_services.plan_version_create(actor=caseworker, client=recent, **{
        **PLAN, "review_on": today - datetime.timedelta(days=3)})
    for year in (2017, 2020, 2023):
        gone = make_client(caseworker, register, last_name=f"Paattynyt{year}",
                           relationship_ended=datetime.date(year, 12, 31))
        file_services.plan_version_create(actor=caseworker, client=gone, **{
            **PLAN, "review_on": datetime.date(year, 6, 1)})

    logged_in.cookies["django_language"] = "en"
    html = logged_in.get("/").content.decode()
    reviews = html[html.index('id="reviews"'):]
    reviews = reviews[:reviews.index("</section>")]
    assert '<span class="count">23</span>' in reviews
    assert reviews.index("Tuore") < reviews.index("Nykyinen00") < reviews.index("Nykyinen01")
    assert "Paattynyt" not in reviews
    assert "Nykyinen19" not in reviews and "Nykyinen21" not in reviews  # 20 shown: the oldest wait
    assert "The first 20 of 23." in reviews
    # The search box comes first on the page, above the lists.
    assert html.index('id="dashboard-q"') < html.index('id="my-clients"')
