"""Two organisations in one installation: the victim (`provider`, from tests/conftest.py) with a
client, a visit, a document, a request, an emergency access and second-factor devices; and the
intruder, an organisation admin of `other_provider` signed in to the admin with both factors."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from clients.models import Client, Controller, EmergencyAccess, Register, ServiceEntry
from core.roles import Role
from tests.conftest import VerifiedClient, make_client, make_register, make_user

MARKER = "Salaisuusvaara"  # the victim client's last name: never on a page an intruder sees
VISIT_TEXT = "Terveys: diabetes"
EMERGENCY_REASON = "Hätäkäytön syy Kuusikko"
REQUEST_TEXT = "Pyyntö Mustikkamäki"


@pytest.fixture
def victim(caseworker, register, provider) -> Client:
    return make_client(caseworker, register, last_name=MARKER, first_names="Kohde")


@pytest.fixture
def victim_data(victim, caseworker, contact):
    """Rows of the victim's organisation that reach the change history."""
    from requests.models import DataSubjectRequest

    entry = ServiceEntry.objects.create(client=victim, date=datetime.date(2026, 1, 5), worker=caseworker,
                                        content=VISIT_TEXT)
    emergency = EmergencyAccess.objects.create(
        user=caseworker, client=victim, reason=EMERGENCY_REASON, started_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=4))
    request = DataSubjectRequest.objects.create(
        client=victim, type="access", requester_role="client", requester_name=f"{MARKER} Kohde",
        received_on=datetime.date(2026, 1, 2), channel="in_person", description=REQUEST_TEXT,
        submission_key="00000000-0000-0000-0000-000000000017", created_by=contact)
    return {"entry": entry, "emergency": emergency, "request": request}


@pytest.fixture
def intruder(other_provider) -> User:
    """An organisation admin of another organisation."""
    return make_user(Role.ADMIN, other_provider, username="tunkeilija")


@pytest.fixture
def intruder_register(other_provider) -> Register:
    return make_register(other_provider)


@pytest.fixture
def intruder_browser(intruder) -> VerifiedClient:
    browser = VerifiedClient()
    browser.cookies["django_language"] = "en"
    browser.force_login(intruder)
    return browser


@pytest.fixture
def admin_browser(admin_user) -> VerifiedClient:
    browser = VerifiedClient()
    browser.cookies["django_language"] = "en"
    browser.force_login(admin_user)
    return browser


@pytest.fixture
def victim_devices(caseworker):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    totp = TOTPDevice.objects.create(user=caseworker, name="puhelin", confirmed=True)
    static = StaticDevice.objects.create(user=caseworker, name="varakoodit", confirmed=True)
    static.token_set.create(token="12345678")
    return {"totp": totp, "static": static}


def controller_names(*controllers: Controller) -> list[str]:
    return [c.name for c in controllers]
