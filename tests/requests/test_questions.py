"""Issue 20: questions and feedback about the register are tracked like requests, with their own
deadline in working days from the register's setting.

Seed 001 (Kantamoinen osuuskunta) promises: "Rekisteriasioita hoitava yhteyshenkilö vastaa
viimeistään 20 arkipäivän kuluessa tätä rekisteriä koskeviin kysymyksiin ja palautteisiin."
"""

import datetime
import uuid

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from clients.models import Register
from clients.seed_registers import seed_registers_create
from clients.selectors.notices import notice_context
from clients.services.notices import notice_publish
from core.notices import notice_problems
from core.roles import Role
from core.workdays import add_working_days, is_working_day
from requests import selectors, services
from requests.constants import RequestType, Status
from requests.models import DataSubjectRequest
from tests.conftest import make_client, make_user

SEED_001_PROMISE = ("Rekisteriasioita hoitava yhteyshenkilö vastaa viimeistään 20 arkipäivän kuluessa tätä "
                    "rekisteriä koskeviin kysymyksiin ja palautteisiin.")


@pytest.fixture
def kantamoinen(db) -> Register:
    """Seed 001's register as clients/seed_registers.py makes it."""
    seed_registers_create(today=datetime.date(2026, 1, 2))
    return Register.objects.select_related("controller").get(controller__slug="kantamoinen",
                                                             slug="asiakasrekisteri")


@pytest.fixture
def kantamoinen_contact(kantamoinen):
    return make_user(Role.REGISTER_CONTACT, kantamoinen.controller)


@pytest.fixture
def kantamoinen_client(kantamoinen):
    return make_client(make_user(Role.CASEWORKER, kantamoinen.controller), kantamoinen)


def ask(actor, person, *, received_on, text="Kenelle tietojani luovutetaan?", today=None):
    return services.request_register(
        actor=actor, client=person, type=RequestType.QUESTION, received_on=received_on, channel="electronic",
        submission_key=uuid.uuid4(), today=today or received_on, description=text)


def test_the_seed_registers_answer_time_is_the_promised_20_working_days(kantamoinen):
    assert SEED_001_PROMISE in kantamoinen.rights
    assert kantamoinen.question_answer_working_days == 20


@pytest.mark.parametrize("received,due", [
    # Christmas: Christmas Eve (Thu), Christmas Day (Fri), New Year's Day (Fri) and Epiphany (Wed)
    # are not working days; received on a Sunday, counting starts on Monday 21.12.
    (datetime.date(2026, 12, 20), datetime.date(2027, 1, 21)),
    # Easter 2027: Good Friday 26.3 and Easter Monday 29.3 are not working days.
    (datetime.date(2027, 3, 15), datetime.date(2027, 4, 14)),
    # Midsummer 2027: Midsummer Eve (juhannusaatto) Friday 25.6 is not a working day.
    (datetime.date(2027, 6, 1), datetime.date(2027, 6, 30)),
    # A leap day: received on Tuesday 29.2.2028, the 20th working day after is Tuesday 28.3.2028.
    (datetime.date(2028, 2, 29), datetime.date(2028, 3, 28)),
])
def test_a_question_is_due_on_the_20th_working_day_after_receipt(kantamoinen, kantamoinen_contact,
                                                                 kantamoinen_client, received, due):
    """Seed 001: "Rekisteriasioita hoitava yhteyshenkilö vastaa viimeistään 20 arkipäivän kuluessa
    tätä rekisteriä koskeviin kysymyksiin ja palautteisiin." The question's deadline is counted
    from the register's setting over Finnish public holidays."""
    question = ask(kantamoinen_contact, kantamoinen_client, received_on=received)
    assert question.answer_due_on == due
    assert question.due_on == due
    assert DataSubjectRequest.objects.get(pk=question.pk).due_on == due


@pytest.mark.parametrize("start,n,due", [
    (datetime.date(2026, 12, 23), 1, datetime.date(2026, 12, 28)),  # Christmas Eve, Day, Boxing Day, Sunday
    (datetime.date(2027, 3, 25), 1, datetime.date(2027, 3, 30)),  # Good Friday, weekend, Easter Monday
    (datetime.date(2027, 6, 23), 1, datetime.date(2027, 6, 24)),
    (datetime.date(2027, 6, 23), 2, datetime.date(2027, 6, 28)),  # Midsummer Eve 25.6.2027
    (datetime.date(2028, 2, 28), 1, datetime.date(2028, 2, 29)),  # the leap day is a working day
    (datetime.date(2026, 11, 27), 0, datetime.date(2026, 11, 27)),
])
def test_working_days_skip_weekends_and_finnish_public_holidays(start, n, due):
    assert add_working_days(start, n) == due


def test_midsummer_eve_and_christmas_eve_are_not_working_days_but_new_years_eve_is():
    assert not is_working_day(datetime.date(2027, 6, 25))  # juhannusaatto, a Friday
    assert not is_working_day(datetime.date(2026, 12, 24))  # jouluaatto, a Thursday
    assert not is_working_day(datetime.date(2027, 12, 6))  # Independence Day, a Monday
    assert is_working_day(datetime.date(2026, 12, 31))  # New Year's Eve, a Thursday
    assert is_working_day(datetime.date(2027, 4, 30))  # the eve of May Day, a Friday


def test_the_answer_time_is_the_registers_own_setting_and_a_change_moves_no_promise_made(
        db, contact, client_a):
    register = client_a.register
    earlier = ask(contact, client_a, received_on=datetime.date(2027, 3, 15))
    register.question_answer_working_days = 5
    register.save()
    later = ask(contact, client_a, received_on=datetime.date(2027, 3, 15))
    assert later.due_on == datetime.date(2027, 3, 22)
    assert earlier.due_on == datetime.date(2027, 4, 14)


def test_the_organisation_admin_edits_the_answer_time_in_the_admin(client, admin_user, register):
    client.force_login(admin_user)
    url = f"/admin/clients/register/{register.pk}/change/"
    assert "question_answer_working_days" in client.get(url).content.decode()
    response = client.post(url, {
        "name": register.name, "slug": register.slug, "kind": register.kind, "legal_bases": "[]",
        "texts_sv": "{}", "texts_en": "{}", "question_answer_working_days": "15"})
    assert response.status_code == 302
    register.refresh_from_db()
    assert register.question_answer_working_days == 15
    entry = LogEntry.objects.get_for_object(register).latest("timestamp")
    assert entry.actor == admin_user and "question_answer_working_days" in entry.changes_dict
    for impossible in ("0", "61", ""):
        response = client.post(url, {
            "name": register.name, "slug": register.slug, "kind": register.kind, "legal_bases": "[]",
            "texts_sv": "{}", "texts_en": "{}", "question_answer_working_days": impossible})
        assert response.status_code == 200  # the form again, with the error
        register.refresh_from_db()
        assert register.question_answer_working_days == 15


def test_a_question_is_in_the_queue_with_its_own_due_date_and_filter(db, contact, client_a):
    question = ask(contact, client_a, received_on=datetime.date(2026, 12, 20))
    access = services.request_register(actor=contact, client=client_a, type=RequestType.ACCESS,
                                       received_on=datetime.date(2026, 12, 20), channel="in_person",
                                       submission_key=uuid.uuid4(), today=datetime.date(2026, 12, 20))
    today = datetime.date(2027, 1, 4)
    rows = selectors.request_queue(contact, today=today)
    assert [(row.request, row.due_on) for row in rows] == [
        (access, datetime.date(2027, 1, 20)), (question, datetime.date(2027, 1, 21))]
    only = selectors.request_queue(contact, today=today, filters=selectors.QueueFilters(type=RequestType.QUESTION))
    assert [row.request for row in only] == [question]
    assert only[0].days_left == 17


def test_the_queue_page_filters_questions(client, contact, client_a):
    ask(contact, client_a, received_on=timezone.localdate(), text="Miksi tietojani säilytetään?")
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    html = client.get("/requests/?state=open&type=question").content.decode()
    assert "Question or feedback about the register" in html and client_a.display_name in html
    assert "identity not verified" not in html
    html = client.get("/requests/?state=open&type=access").content.decode()
    assert "No requests match the filters." in html or "No open requests." in html


def test_a_question_needs_its_text(db, contact, client_a):
    with pytest.raises(ValidationError):
        ask(contact, client_a, received_on=datetime.date(2026, 11, 20), text="  ")


def test_the_answer_is_recorded_with_who_when_and_what_and_closes_the_question(db, contact, client_a):
    question = ask(contact, client_a, received_on=datetime.date(2026, 11, 20))
    assert client_a in selectors.clients_with_open_requests()
    when = timezone.make_aware(datetime.datetime(2026, 11, 25, 10, 30))
    services.question_answer(actor=contact, request=question, answer="Tietoja luovutetaan vain laissa "
                             "säädetyin perustein.", when=when)
    question.refresh_from_db()
    assert question.status == Status.COMPLETED and not question.is_open
    assert question.decision == "Tietoja luovutetaan vain laissa säädetyin perustein."
    assert question.decided_by == contact and question.decided_at == when
    assert question.handler == contact
    entry = LogEntry.objects.get_for_object(question).latest("timestamp")
    assert entry.actor == contact and "decision" in entry.changes_dict
    assert client_a not in selectors.clients_with_open_requests()
    with pytest.raises(ValidationError):
        services.question_answer(actor=contact, request=question, answer="Toinen vastaus")


def test_only_a_register_contact_or_admin_answers_and_never_with_an_empty_answer(db, contact, caseworker,
                                                                                 client_a):
    question = ask(contact, client_a, received_on=datetime.date(2026, 11, 20))
    with pytest.raises(PermissionDenied):
        services.question_answer(actor=caseworker, request=question, answer="Vastaus")
    with pytest.raises(ValidationError):
        services.question_answer(actor=contact, request=question, answer="   ")
    question.refresh_from_db()
    assert question.is_open and not question.decision


def test_a_question_is_answered_not_decided_extended_or_refused(db, contact, client_a):
    question = ask(contact, client_a, received_on=datetime.date(2026, 11, 20))
    services.request_verify_identity(actor=contact, request=question, method="strong_electronic")
    with pytest.raises(ValidationError):
        services.request_decide(actor=contact, request=question, outcome="granted", decision="x")
    with pytest.raises(ValidationError):
        services.request_extend(actor=contact, request=question, reason="Laaja",
                                notified_on=datetime.date(2026, 11, 21))
    access = services.request_register(actor=contact, client=client_a, type=RequestType.ACCESS,
                                       received_on=datetime.date(2026, 11, 20), channel="in_person",
                                       submission_key=uuid.uuid4(), today=datetime.date(2026, 11, 20))
    with pytest.raises(ValidationError):
        services.question_answer(actor=contact, request=access, answer="Vastaus")
    assert selectors.request_forms(question) == ("answer", "assign")


def test_the_register_contact_answers_on_the_request_page(client, contact, client_a):
    question = ask(contact, client_a, received_on=timezone.localdate())
    client.force_login(contact)
    client.cookies["django_language"] = "en"
    page = client.get(f"/requests/{question.pk}/").content.decode()
    assert "Answer the question" in page and "Extend the deadline" not in page
    response = client.post(f"/requests/{question.pk}/", {"action": "answer",
                                                         "answer-answer": "Vastaus lähetetty sähköpostilla."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.COMPLETED and question.decided_by == contact
    page = client.get(f"/requests/{question.pk}/").content.decode()
    assert "Vastaus lähetetty sähköpostilla." in page and contact.get_full_name() in page


def _notice_html(register: Register, language: str) -> str:
    with translation.override(language):
        context = notice_context(controller=register.controller, register=register, language=language,
                                 today=datetime.date(2026, 11, 27))
        return render_to_string("clients/notices/_body.html", context)


def test_the_notice_states_the_answer_time_from_the_setting(kantamoinen):
    """Seed 001: "Rekisteriasioita hoitava yhteyshenkilö vastaa viimeistään 20 arkipäivän kuluessa
    tätä rekisteriä koskeviin kysymyksiin ja palautteisiin." The notice's own sentence comes from
    the same setting that counts the deadline."""
    assert "20 arkipäivän kuluessa" in _notice_html(kantamoinen, "fi")
    assert "within 20 working days" in _notice_html(kantamoinen, "en")
    kantamoinen.question_answer_working_days = 15
    kantamoinen.save()
    assert "15 arkipäivän kuluessa" in _notice_html(kantamoinen, "fi")


def test_a_notice_cannot_promise_another_answer_time_than_the_setting(kantamoinen, kantamoinen_contact):
    """The seed's own rights text says 20 working days: with the setting at 15 the notice would
    promise what the deadline does not do, so publishing is refused and says why."""
    assert not [problem for problem in notice_problems(kantamoinen) if "arkipäivän" in problem]
    kantamoinen.question_answer_working_days = 15
    kantamoinen.save()
    problems = notice_problems(kantamoinen)
    assert any("20 arkipäivän" in problem for problem in problems)
    kantamoinen.controller.street_address = "Esimerkkikatu 1"  # the seed gives none: not what is tested
    kantamoinen.controller.save()
    admin = make_user(Role.ADMIN, kantamoinen.controller)
    with pytest.raises(ValidationError) as err:
        notice_publish(actor=admin, controller=kantamoinen.controller, register=kantamoinen)
    assert "20 arkipäivän" in " ".join(err.value.messages)
