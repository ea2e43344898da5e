"""Issue 23: "the candidate check keeps a constant cost per batch". The dry run (what the
nightly run would do) reads its candidates in batches: the number of queries does not grow with
the number of due clients, whether they are purged here or handed over to an archive first."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients import services as client_services
from clients.constants import ServiceTask
from retention.services import retention_run

from .conftest import ENDED, add_case, person

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def due_clients(actor, register, purchased_register, count: int, start: int) -> None:
    """`count` due clients: half delete-only (died in 2012), half handed over to the county's archive."""
    for n in range(start, start + count, 2):
        died = person(actor, register, last_name=f"Poistuva{n}", individual=100 + n)
        add_case(actor, died, ServiceTask.OLDER_PEOPLE, datetime.date(2010, 3, 1), datetime.date(2012, 1, 15))
        client_services.client_update(actor=actor, client=died, date_of_death=datetime.date(2012, 2, 1))
        county = person(actor, purchased_register, last_name=f"Luovutettava{n}", individual=101 + n,
                        relationship_ended=ENDED, commissioning_authority=purchased_register.controller)
        add_case(actor, county, ServiceTask.OLDER_PEOPLE, datetime.date(2024, 3, 1), ENDED)


def dry_run_queries() -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        summary = retention_run(today=TODAY, dry_run=True, log=lambda line: None)
    return len(queries), summary.contract()


def test_the_dry_run_costs_the_same_number_of_queries_for_10_and_for_100_due_clients(
        caseworker, register, purchased_register):
    due_clients(caseworker, register, purchased_register, 10, start=0)
    ten, summary = dry_run_queries()
    assert summary["due"] == 10 and summary["purged"] == 5 and summary["handed_off"] == 5, summary

    due_clients(caseworker, register, purchased_register, 90, start=10)
    hundred, summary = dry_run_queries()
    assert summary["due"] == 100 and summary["purged"] == 50 and summary["handed_off"] == 50, summary
    assert hundred == ten
