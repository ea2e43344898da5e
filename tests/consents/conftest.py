"""Fixtures for the consents tests: the seeds' purposes in the register and English messages
(shared with the requests tests, from tests/fixtures.py), and a signed-in user's browser."""

import pytest

from tests.fixtures import english, purposes

__all__ = ["english", "purposes"]  # fixtures for this folder, defined once in tests/fixtures.py


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
