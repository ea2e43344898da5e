"""The register contact's desk (issue 20): the request page as the handler works it, releases
only after the decision, and the dates a desk must get right."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from clients import services as client_services
from clients.constants import AccessKind
from clients.models import AccessEntry
from requests import selectors, services
from requests.constants import RequestType
from tests.fixtures import at

TODAY = datetime.date(2026, 11, 21)


def register_request(actor, person, *, type=RequestType.ACCESS, received_on=TODAY, today=TODAY, **extra):
    extra.setdefault("channel", "signed_letter")
    return services.request_register(actor=actor, client=person, type=type, received_on=received_on,
                                     submission_key=uuid.uuid4(), today=today, **extra)


def verified_request(actor, person, **kwargs):
    dsr = register_request(actor, person, **kwargs)
    return services.request_verify_identity(actor=actor, request=dsr, method="photo_id")


# Dates --------------------------------------------------------------------------------------

def test_access_log_report_on_29_february_2028_covers_the_two_years_back(db, contact, caseworker, client_a):
    """On a leap day, two years back is 28 February 2026 (there is no 29 February 2026): the
    report is made, with the views since then and none older."""
    leap_day = datetime.date(2028, 2, 29)
    dsr = verified_request(contact, client_a, type=RequestType.ACCESS_LOG,
                           received_on=datetime.date(2028, 2, 20), today=leap_day)
    for day in (datetime.date(2026, 2, 27), datetime.date(2026, 2, 28), datetime.date(2027, 6, 1)):
        client_services.access_record(user=caseworker, client=client_a, kind=AccessKind.CLIENT_FILE)
        AccessEntry.objects.filter(pk=AccessEntry.objects.latest("pk").pk).update(at=at(day))

    report = selectors.access_log_report(dsr, now=at(leap_day))

    assert report.since is not None and report.since.date() == datetime.date(2026, 2, 28)
    assert sorted(entry.at.date() for entry in report.entries) == [
        datetime.date(2026, 2, 28), datetime.date(2027, 6, 1)]
