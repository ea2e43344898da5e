"""`manage.py task_digest`: each worker with open tasks gets one email a day in their language,
with counts and links only — an email leaves the system, so it never names a client."""

import datetime
import uuid
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from clients.services import file as file_services
from requests import services as request_services
from requests.constants import RequestType
from tests.conftest import make_client

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 23)
PLAN: dict[str, Any] = {
    "client_view": "Haluan pärjätä kotona.", "service_and_need": "Kotihoito kahdesti viikossa.",
    "goals": "Arjen sujuminen.", "working_methods": "Ohjaus ja tuki.", "other_services": "",
    "guardian_contact": "", "duty_to_notify_reviewed": True, "confidentiality_reviewed": True,
    "liability_insurance_reviewed": True, "made_on": datetime.date(2026, 1, 15), "place": "Tampere",
    "client_signatory": "",
}


def plan(actor, person, review_on: datetime.date) -> None:
    file_services.plan_version_create(actor=actor, client=person, **{**PLAN, "review_on": review_on})


def digest(*args: str) -> str:
    out = StringIO()
    call_command("task_digest", "--today", DAY.isoformat(), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def work(caseworker, caseworker_b, contact, register, settings):
    settings.SITE_URL = "https://asiakasrekisteri.example.fi"
    for user, language in ((caseworker, "fi"), (caseworker_b, "sv"), (contact, "en")):
        user.email = f"{user.username}@example.fi"
        user.save()
        user.worker_profile.language = language
        user.worker_profile.save()
    mine = make_client(caseworker, register, last_name="Salainen", first_names="Sanna")
    plan(caseworker, mine, DAY - datetime.timedelta(days=3))
    second = make_client(caseworker, register, last_name="Toinen", first_names="Tuula")
    plan(caseworker, second, DAY + datetime.timedelta(days=4))
    theirs = make_client(caseworker_b, register, last_name="Ruotsalainen", first_names="Sven")
    plan(caseworker_b, theirs, DAY)
    request_services.request_register(actor=contact, client=mine, type=RequestType.ACCESS,
                                      received_on=DAY - datetime.timedelta(days=40), channel="in_person",
                                      submission_key=uuid.uuid4(), today=DAY)
    return {"mine": mine, "second": second, "theirs": theirs}


def test_each_worker_with_open_tasks_gets_one_email_in_their_language_with_counts_and_links(
        work, caseworker, caseworker_b, contact):
    output = digest()
    assert "3 sent" in output
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert len(mail.outbox) == 3 and set(by_recipient) == {
        "hoitaja_a@example.fi", "hoitaja_b@example.fi", "kontakti@example.fi"}

    finnish = by_recipient["hoitaja_a@example.fi"]
    assert finnish.subject == "Asiakasrekisteri: 2 tehtävää listallasi"
    assert "Palvelusuunnitelmien tarkistukset: 2 (1 myöhässä)" in finnish.body
    assert "https://asiakasrekisteri.example.fi/#reviews" in finnish.body

    swedish = by_recipient["hoitaja_b@example.fi"]
    assert "Översyner av serviceplaner: 1" in swedish.body

    english = by_recipient["kontakti@example.fi"]
    assert "Data-subject requests due or overdue: 1 (1 overdue)" in english.body
    assert "https://asiakasrekisteri.example.fi/requests/" in english.body


def test_the_email_names_no_client_nor_any_identity_code(work):
    """An email leaves the system: only counts and links, never who the clients are."""
    digest()
    assert mail.outbox
    for message in mail.outbox:
        text = message.subject + message.body
        for person in work.values():
            assert person.last_name not in text and person.first_names not in text
            assert person.identity_code not in text and person.identity_code[:6] not in text
            assert f"/clients/{person.pk}/" not in text


def test_a_worker_with_nothing_due_or_without_an_address_gets_no_email(work, caseworker, caseworker_b, provider):
    from core.roles import Role
    from tests.conftest import make_user

    idle = make_user(Role.CASEWORKER, provider, username="vapaa")
    idle.email = "vapaa@example.fi"
    idle.save()
    caseworker_b.email = ""
    caseworker_b.save()
    output = digest()
    assert {m.to[0] for m in mail.outbox} == {"hoitaja_a@example.fi", "kontakti@example.fi"}
    assert "hoitaja_b: no email address" in output


def test_a_dry_run_sends_nothing_and_says_who_would_get_what(work):
    output = digest("--dry-run")
    assert mail.outbox == []
    assert "hoitaja_a: would send (fi) plan_reviews=2" in output
    assert "kontakti: would send (en) requests=1" in output
    assert "(dry run): 0 sent" in output


def test_the_day_decides_what_is_due(work):
    """A month earlier nothing of this was due yet: nobody gets an email."""
    out = StringIO()
    call_command("task_digest", "--today", "2026-10-01", stdout=out)
    assert mail.outbox == []
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("task_digest", "--today", "23.11.2026", stdout=StringIO())


def test_a_failure_to_send_to_one_worker_does_not_stop_the_others(work, monkeypatch):
    from django.core.mail import EmailMessage

    original = EmailMessage.send

    def send(self, *args, **kwargs):
        if self.to == ["hoitaja_b@example.fi"]:
            raise ConnectionRefusedError("SMTP down")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    with pytest.raises(CommandError, match="hoitaja_b"):
        digest()
    assert {m.to[0] for m in mail.outbox} == {"hoitaja_a@example.fi", "kontakti@example.fi"}
