"""What the client does on their own pages beyond consents and requests: takes their address off
an email list, and finds where to send a question about the register."""

import pytest
from django.utils import timezone

from consents.models import EmailSubscriber
from tests.conftest import make_client, make_register

pytestmark = pytest.mark.django_db


def _subscribe(purpose, email):
    return EmailSubscriber.objects.create(purpose=purpose, email=email, subscribed_at=timezone.now())


def test_a_client_takes_their_address_off_the_organisations_email_list(browser, sign_in, caseworker, register,
                                                                       purposes):
    """The list may be a register of its own (seed 003's email list): found by the address on the
    client's record, in the same organisation."""
    mine = make_client(caseworker, register, email="matti@example.fi")
    list_register = make_register(register.controller)
    newsletter = purposes["newsletter"]
    newsletter.register = list_register
    newsletter.save()
    subscriber = _subscribe(newsletter, "MATTI@example.fi")
    sign_in(browser, mine.identity_code)
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert newsletter.name in page
    response = browser.post(f"/oma/{mine.pk}/email-lists/{subscriber.pk}/unsubscribe/", follow=True)
    assert "Your address was taken off the email list." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None and subscriber.unsubscribed_by is not None
    assert newsletter.name not in browser.get(f"/oma/{mine.pk}/").content.decode()


def test_a_client_cannot_take_someone_elses_address_off_a_list(browser, sign_in, caseworker, register, purposes,
                                                               other_contact, other_register):
    mine = make_client(caseworker, register, email="matti@example.fi")
    someone = _subscribe(purposes["newsletter"], "someone@example.fi")
    elsewhere = _subscribe(purposes["newsletter"], "matti@example.fi")
    elsewhere.purpose.register = other_register  # the same address on another organisation's list
    elsewhere.purpose.save()
    sign_in(browser, mine.identity_code)
    for subscriber in (someone, elsewhere):
        assert browser.post(f"/oma/{mine.pk}/email-lists/{subscriber.pk}/unsubscribe/").status_code == 404
        subscriber.refresh_from_db()
        assert subscriber.unsubscribed_at is None


def test_a_question_about_the_register_is_sent_here_or_to_the_register_contact(browser, sign_in, caseworker,
                                                                              register):
    """The page offers the question form (tests/portal/test_questions.py) and names whom to ask."""
    mine = make_client(caseworker, register)
    sign_in(browser, mine.identity_code)
    page = browser.get(f"/oma/{mine.pk}/").content.decode()
    assert f"/oma/{mine.pk}/questions/new/" in page
    assert register.controller.email in page or register.controller.name in page
