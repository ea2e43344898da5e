"""Attackers' tools: a plain django.test.Client (no shortcut past the second factor), real
sign-ins through the login form, and codes computed the way an authenticator app does."""

import time

import pytest
from django.test import Client as PlainClient
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "test-password-123"


@pytest.fixture
def plain() -> PlainClient:
    """A browser with no shortcuts: it signs in with the form and answers the second factor."""
    browser = PlainClient()
    browser.cookies["django_language"] = "en"
    return browser


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now, or `steps_ahead` 30-second steps later (the
    device accepts one step of drift, and never the same step twice)."""
    device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time() + steps_ahead * device.step
    return f"{generator.token():0{device.digits}d}"


def enrolled(user, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=confirmed)


def sign_in(browser: PlainClient, user, password: str = PASSWORD, *, next_url: str = ""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return browser.post("/accounts/login/", data)


def sign_in_fully(browser: PlainClient, user, device: TOTPDevice | None = None):
    """Password, then the code: the way a real user gets to client data."""
    device = device or TOTPDevice.objects.filter(user=user, confirmed=True).first() or enrolled(user)
    response = sign_in(browser, user)
    assert response.status_code == 302, response.content.decode()[:500]
    response = browser.post("/accounts/two-factor/", {"token": code_for(device, 1)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


@pytest.fixture
def world(provider, register, caseworker, caseworker_b, contact, admin_user, other_contact):
    """A client assigned to `caseworker` (named MARKER), with a breach and an emergency access of
    its organisation, and rows for every URL keyword made on demand (see urlmap.World)."""
    from .urlmap import world_make

    return world_make(provider, register, caseworker, caseworker_b, contact, admin_user, other_contact)
