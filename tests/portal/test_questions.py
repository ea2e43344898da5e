"""Issue 22 (part): the client sends a question or feedback about the register on their own pages;
it lands in the register contact's queue as a question, due within the register's working days.

Seed 001: "Rekisteriasioita hoitava yhteyshenkilö vastaa viimeistään 20 arkipäivän kuluessa tätä
rekisteriä koskeviin kysymyksiin ja palautteisiin."
"""

import pytest
from django.utils import timezone

from core.workdays import add_working_days
from requests import selectors
from requests.constants import Channel, RequesterRole, RequestType, VerificationMethod
from requests.models import DataSubjectRequest
from requests.services import question_answer
from tests.conftest import make_client

pytestmark = pytest.mark.django_db


def test_the_client_sends_a_question_that_lands_in_the_register_contacts_queue(browser, sign_in, caseworker,
                                                                               contact, register):
    """Seed 001: "Rekisteriasioita hoitava yhteyshenkilö vastaa viimeistään 20 arkipäivän kuluessa
    tätä rekisteriä koskeviin kysymyksiin ja palautteisiin." The question is due on the 20th
    working day, and the sign-in's strong identification is recorded as the asker's identity."""
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    record = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert f"/oma/{mine.pk}/questions/new/" in record
    assert "within 20 working days" in record
    form = browser.get(f"/oma/{mine.pk}/questions/new/")
    key = form.context["form"].initial["submission_key"]
    response = browser.post(f"/oma/{mine.pk}/questions/new/", {
        "question": "Kenelle tietojani luovutetaan?", "submission_key": key}, follow=True)
    today = timezone.localdate()
    due = add_working_days(today, 20)
    assert f"will answer by {due:%d.%m.%Y}" in response.content.decode()
    question = DataSubjectRequest.objects.get(client=mine)
    assert question.type == RequestType.QUESTION and question.description == "Kenelle tietojani luovutetaan?"
    assert question.channel == Channel.ELECTRONIC and question.requester_role == RequesterRole.CLIENT
    assert question.verification_method == VerificationMethod.STRONG_ELECTRONIC and question.verified
    assert question.received_on == today and question.due_on == due
    assert not question.created_by.is_active  # the person's own acting user
    rows = selectors.request_queue(contact, today=today,
                                   filters=selectors.QueueFilters(type=RequestType.QUESTION))
    assert [(row.request, row.due_on) for row in rows] == [(question, due)]
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert "Question or feedback about the register" in page and f"{due:%-d.%-m.%Y}" in page
    # The register contact answers; the asker reads the answer on the same page.
    question_answer(actor=contact, request=question, answer="Tietoja ei luovuteta ilman lakiin perustuvaa oikeutta.")
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert "Tietoja ei luovuteta ilman lakiin perustuvaa oikeutta." in page


def test_the_same_form_sent_twice_is_one_question_and_an_empty_one_none(browser, sign_in, caseworker, register):
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    key = browser.get(f"/oma/{mine.pk}/questions/new/").context["form"].initial["submission_key"]
    for _ in range(2):
        browser.post(f"/oma/{mine.pk}/questions/new/", {"question": "Palaute", "submission_key": key})
    assert DataSubjectRequest.objects.filter(client=mine).count() == 1
    response = browser.post(f"/oma/{mine.pk}/questions/new/", {
        "question": "   ", "submission_key": "00000000-0000-4000-8000-000000000001"})
    assert response.status_code == 200
    assert DataSubjectRequest.objects.filter(client=mine).count() == 1


def test_a_question_is_sent_only_about_ones_own_record(browser, sign_in, caseworker, register, client_b):
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    assert browser.get(f"/oma/{client_b.pk}/questions/new/").status_code == 404
    browser.post(f"/oma/{client_b.pk}/questions/new/", {
        "question": "Kysymys", "submission_key": "00000000-0000-4000-8000-000000000002"})
    assert not DataSubjectRequest.objects.filter(client=client_b).exists()


def test_the_request_form_offers_the_rights_and_the_question_form_the_question(browser, sign_in, caseworker,
                                                                             register):
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    choices = dict(browser.get(f"/oma/{mine.pk}/requests/new/").context["form"].fields["type"].choices)
    assert RequestType.QUESTION not in choices and RequestType.ACCESS in choices
    register.question_answer_working_days = 10
    register.save()
    page = browser.get(f"/oma/{mine.pk}/questions/new/").content.decode()
    assert "within 10 working days" in page
