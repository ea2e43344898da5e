"""Fixtures for the consents tests: the seeds' purposes in the register, English messages
(the Finnish translations are added separately), and a signed-in caseworker's browser."""

import datetime

import pytest
from django.utils import timezone, translation

from consents.demo import PURPOSES
from consents.models import ConsentPurpose


def at(day: datetime.date, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment on `day`, Helsinki time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def purposes(register) -> dict[str, ConsentPurpose]:
    """The seeds' purposes (as the demo data creates them) in the test register."""
    return {spec["code"]: ConsentPurpose.objects.create(register=register, **spec) for spec in PURPOSES}


@pytest.fixture
def browser(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def caseworker_browser(browser, caseworker):
    browser.force_login(caseworker)
    return browser


@pytest.fixture
def contact_browser(browser, contact):
    browser.force_login(contact)
    return browser
