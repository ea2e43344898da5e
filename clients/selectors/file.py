"""Reads of the client file: what the caseworker sees about services, plans and entries."""

import datetime
import decimal
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, prefetch_related_objects

from ..constants import HoursPeriod
from ..models import Case, Client, GrantedService, ServiceEntry, ServicePlan
from .register import clients_visible_to

ENTRIES_PER_PAGE = 25  # the client file's visits and records, newest first


@dataclass(frozen=True)
class HoursLine:
    service: GrantedService
    period_start: datetime.date
    period_end: datetime.date
    granted: decimal.Decimal | None
    delivered_minutes: int
    visits: int

    @property
    def delivered(self) -> decimal.Decimal:
        return (decimal.Decimal(self.delivered_minutes) / 60).quantize(decimal.Decimal("0.01"))

    @property
    def over(self) -> bool:
        return self.granted is not None and self.delivered > self.granted


def period_of(service: GrantedService, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period of `day` in which the service's hours are counted."""
    if service.hours_period == HoursPeriod.MONTH:
        start = day.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    elif service.hours_period == HoursPeriod.WEEK:
        start = day - datetime.timedelta(days=day.weekday())
        end = start + datetime.timedelta(days=6)
    else:
        start, end = service.valid_from, service.valid_until or day
    return max(start, service.valid_from), min(end, service.valid_until or end)


def _prefetch_cases(client: Client) -> None:
    """The client's cases with their granted services, cached on `client` (no query when they
    already are): the services part and its hours both read them."""
    prefetch_related_objects([client], Prefetch("cases", queryset=Case.objects.prefetch_related(
        Prefetch("granted_services", queryset=GrantedService.objects.select_related("commissioning_authority")))))


def hours_by_service(client: Client, day: datetime.date) -> list[HoursLine]:
    """Granted vs delivered hours of each service in force on `day`, one query for the sums."""
    _prefetch_cases(client)
    services = sorted((service for case in client.cases.all() for service in case.granted_services.all()
                       if service.in_force_on(day)),
                      key=lambda service: (service.valid_from, service.pk), reverse=True)
    lines = []
    for service in services:
        start, end = period_of(service, day)
        lines.append((service, start, end))
    sums = {}
    if lines:
        condition = Q()
        for service, start, end in lines:
            condition |= Q(granted_service=service, date__gte=start, date__lte=end)
        sums = {row["granted_service"]: row for row in ServiceEntry.objects.filter(condition)
                .values("granted_service").annotate(minutes=Sum("duration_minutes"), visits=Count("id"))}
    return [
        HoursLine(service, start, end, service.granted_hours,
                  sums.get(service.pk, {}).get("minutes") or 0, sums.get(service.pk, {}).get("visits") or 0)
        for service, start, end in lines
    ]


def month_bounds(first_day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month that `first_day` is in (February 29 in a leap year)."""
    start = first_day.replace(day=1)
    return start, (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def hours_for_month(client: Client, month: datetime.date) -> list[HoursLine]:
    """Granted vs delivered hours of each service in force on any day of `month`: what was
    delivered in the month (within the service's validity) against what was granted. A monthly
    grant is compared as it stands; a weekly or total one is shown with its period and not
    compared (a month is not a whole number of weeks). One query for the sums."""
    first, last = month_bounds(month)
    _prefetch_cases(client)
    services = sorted((service for case in client.cases.all() for service in case.granted_services.all()
                       if service.valid_from <= last and (service.valid_until is None or service.valid_until >= first)),
                      key=lambda service: (service.valid_from, service.pk), reverse=True)
    lines = [(service, max(first, service.valid_from), min(last, service.valid_until or last)) for service in services]
    sums = {}
    if lines:
        condition = Q()
        for service, start, end in lines:
            condition |= Q(granted_service=service, date__gte=start, date__lte=end)
        sums = {row["granted_service"]: row for row in ServiceEntry.objects.filter(condition)
                .values("granted_service").annotate(minutes=Sum("duration_minutes"), visits=Count("id"))}
    return [
        HoursLine(service, start, end, service.granted_hours if service.hours_period == HoursPeriod.MONTH else None,
                  sums.get(service.pk, {}).get("minutes") or 0, sums.get(service.pk, {}).get("visits") or 0)
        for service, start, end in lines
    ]


def client_service_file(client: Client, *, today: datetime.date) -> dict:
    """The client file's services part: cases and their granted services with this period's
    hours, the plan versions with their corrections, and agreements, in a fixed number of
    queries whatever their number."""
    plans = list(client.plans.select_related("worker_signatory", "created_by")
                 .prefetch_related("corrections__corrected_by"))
    current_plan = plans[0] if plans else None
    _prefetch_cases(client)
    return {
        "cases": list(client.cases.all()),
        "current_plan": current_plan,
        "plan_versions": plans,
        "plan_review_overdue": bool(current_plan and current_plan.review_overdue_on(today)),
        "agreements": list(client.agreements.select_related("provider_signatory", "ended_by")),
        "hours": hours_by_service(client, today),
    }


def plan_review_overdue(client: Client, *, today: datetime.date) -> ServicePlan | None:
    """The client's current service plan when its review date has passed, for the file's first
    part (the services part shows the plan itself)."""
    current = client.plans.only("client_id", "version", "review_on").first()
    return current if current is not None and current.review_overdue_on(today) else None


def entries_for_client(client: Client) -> QuerySet[ServiceEntry]:
    return client.entries.select_related("worker", "granted_service").prefetch_related(
        "corrections__corrected_by")


def overdue_plan_reviews(user: User, *, today: datetime.date) -> QuerySet[ServicePlan]:
    """The current plan versions of the user's own assigned current clients (relationship not ended
    by `today`) whose review date has passed, the most recently overdue first: a review due three
    days ago is work for this week, one of a client who left years ago is no work at all."""
    latest = ServicePlan.objects.filter(client=OuterRef("client")).order_by("-version").values("version")[:1]
    mine = (clients_visible_to(user).filter(assigned_workers=user.pk)
            .filter(Q(relationship_ended__isnull=True) | Q(relationship_ended__gt=today)))
    return (ServicePlan.objects.filter(client__in=mine, version=Subquery(latest), review_on__lt=today)
            .select_related("client").order_by("-review_on", "-pk"))


def open_cases(client: Client, day: datetime.date) -> list[Case]:
    return [case for case in client.cases.all() if case.is_open_on(day)]
