"""The worker's task list (dashboard and daily digest): the client register's own kinds of work,
added to the registry in core (core.tasks) at start-up; the later apps add theirs (data-subject
requests, removals) the same way, so this module never imports them.

- every worker: service-plan reviews of their own current clients, overdue or due within two weeks;
- register contacts and admins: personal data breaches whose 72-hour clock to the authority is
  running (not yet reported, nor decided not to be), breaches whose clients are to be told by a
  due date and are not all told yet, and emergency accesses waiting for review.
"""

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.tasks import TaskGroup, TaskItem, task_groups, task_source_add

from ..models import Breach, BreachAuthorityDecision, EmergencyAccess, ServicePlan
from .breaches import breach_clients_waiting, breach_countdown, breaches_visible_to, breaches_with_notices_due
from .emergency import emergency_accesses_for_review
from .register import client_data_refusal, clients_visible_to

AnyUser = User | AnonymousUser

REVIEW_NOTICE_DAYS = 14  # a review due within two weeks is this fortnight's work
ITEMS_SHOWN = 20


def plan_reviews_due(user: AnyUser, *, today: datetime.date,
                     days: int = REVIEW_NOTICE_DAYS) -> QuerySet[ServicePlan]:
    """The current plan versions of the user's own assigned current clients whose review is
    overdue or due within `days`: the most recently overdue first, then those coming up, soonest
    first (a review due three days ago comes before one due three years ago)."""
    if client_data_refusal(user) is not None:
        return ServicePlan.objects.none()
    latest = ServicePlan.objects.filter(client=OuterRef("client")).order_by("-version").values("version")[:1]
    mine = (clients_visible_to(user).filter(assigned_workers=user.pk)
            .filter(Q(relationship_ended__isnull=True) | Q(relationship_ended__gt=today)))
    return (ServicePlan.objects.filter(client__in=mine, version=Subquery(latest),
                                       review_on__lte=today + datetime.timedelta(days=days))
            .select_related("client").order_by("-review_on", "-pk"))


def _plan_review_tasks(user: AnyUser, *, today: datetime.date, now: datetime.datetime) -> TaskGroup | None:
    plans = plan_reviews_due(user, today=today)
    count = plans.count()
    if not count:
        return None
    overdue = plans.filter(review_on__lt=today).count()
    # Overdue first (most recently overdue first), then the coming ones, soonest first.
    shown = list(plans.filter(review_on__lt=today)[:ITEMS_SHOWN])
    shown += list(plans.filter(review_on__gte=today).order_by("review_on", "pk")[:ITEMS_SHOWN - len(shown)])
    items = tuple(TaskItem(
        label=plan.client.display_name, url=reverse("clients:services", args=[plan.client_id]),
        when=plan.review_on, overdue=plan.review_on < today,
    ) for plan in shown)
    return TaskGroup(key="plan_reviews", title=_("Service plan reviews"), count=count, overdue=overdue,
                     url=reverse("dashboard") + "#reviews", items=items)


def breaches_clock_running(user: AnyUser) -> QuerySet[Breach]:
    """Breaches of the user's organisation not yet reported to the supervisory authority (GDPR
    Art 33(1): within 72 hours of becoming aware), oldest clock first. Register contacts and
    admins only."""
    return (breaches_visible_to(user).filter(reported_to_authority_at__isnull=True)
            .exclude(authority_decision=BreachAuthorityDecision.NOT_NOTIFY).order_by("discovered_at", "pk"))


def _breach_tasks(user: AnyUser, *, today: datetime.date, now: datetime.datetime) -> TaskGroup | None:
    breaches = list(breaches_clock_running(user))
    if not breaches:
        return None
    items = []
    for breach in breaches:
        clock = breach_countdown(breach, now=now)
        items.append(TaskItem(label=breach.title, url=breach.get_absolute_url(),
                              when=clock.deadline.date(), overdue=clock.overdue, note=clock.text))
    return TaskGroup(key="breaches", title=_("Breaches to report to the authority (72 hours)"),
                     count=len(items), overdue=sum(item.overdue for item in items),
                     url=reverse("clients:breach_list"), items=tuple(items[:ITEMS_SHOWN]))


def _breach_notice_tasks(user: AnyUser, *, today: datetime.date, now: datetime.datetime) -> TaskGroup | None:
    """Breaches whose clients are to be told (GDPR Art 34, "without undue delay", made a due
    date), while an affected client has no notice yet."""
    breaches = list(breaches_with_notices_due(user))
    if not breaches:
        return None
    items = []
    for breach in breaches:
        due = breach.subjects_notice_due
        waiting = breach_clients_waiting(breach)
        items.append(TaskItem(
            label=breach.title, url=breach.get_absolute_url(), when=due,
            overdue=due is not None and due < today,
            note=ngettext("%(n)d client not yet notified", "%(n)d clients not yet notified", waiting)
            % {"n": waiting}))
    return TaskGroup(key="breach_notices", title=_("Breach notices to clients"), count=len(items),
                     overdue=sum(item.overdue for item in items), url=reverse("clients:breach_list"),
                     items=tuple(items[:ITEMS_SHOWN]))


def emergency_accesses_waiting(user: AnyUser) -> QuerySet[EmergencyAccess]:
    """Emergency accesses to the user's organisation's clients that nobody has reviewed yet."""
    return emergency_accesses_for_review(user).filter(reviewed_at__isnull=True).order_by("started_at", "pk")


def _emergency_tasks(user: AnyUser, *, today: datetime.date, now: datetime.datetime) -> TaskGroup | None:
    waiting = emergency_accesses_waiting(user)
    count = waiting.count()
    if not count:
        return None
    items = tuple(TaskItem(
        label=f"{access.user.get_full_name() or access.user.get_username()} – "
              f"{access.client.display_name if access.client else access.purged_client_ref}",
        url=reverse("clients:emergency_review", args=[access.pk]), when=access.started_at.date(),
    ) for access in waiting[:ITEMS_SHOWN])
    return TaskGroup(key="emergency", title=_("Emergency accesses to review"), count=count, overdue=0,
                     url=reverse("clients:emergency_review_list"), items=items)


def task_sources_add() -> None:
    """The client register's kinds of work, first in the list (ClientsConfig.ready)."""
    task_source_add("plan_reviews", _plan_review_tasks, order=10)
    task_source_add("breaches", _breach_tasks, order=30)
    task_source_add("breach_notices", _breach_notice_tasks, order=35)
    task_source_add("emergency", _emergency_tasks, order=40)


def task_list(user: AnyUser, *, today: datetime.date, now: datetime.datetime) -> list[TaskGroup]:
    """Everything on the user's task list, from every app: one group per kind of work."""
    if client_data_refusal(user) is not None:
        return []
    return task_groups(user, today=today, now=now)
