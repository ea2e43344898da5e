"""Fixtures and helpers that more than one test folder uses (consents, requests), defined once
here and loaded by each folder's conftest.py. Not a test module: nothing here is collected."""

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
    """English messages (the Finnish translations are added separately) in every test of a
    folder whose conftest loads this fixture."""
    with translation.override("en"):
        yield


@pytest.fixture
def purposes(register) -> dict[str, ConsentPurpose]:
    """The seeds' purposes (as the demo data creates them) in the test register."""
    return {spec["code"]: ConsentPurpose.objects.create(register=register, **spec) for spec in PURPOSES}
