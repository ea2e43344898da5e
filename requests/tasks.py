"""Data-subject requests on the worker's task list (core.tasks): for the register contact and
admins, who handle them, the open requests overdue or due within a week."""

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse
from django.utils.translation import gettext as _

from core.tasks import TaskGroup, TaskItem, task_source_add

from .selectors import may_handle, request_queue

ITEMS_SHOWN = 20


def request_tasks(user: User | AnonymousUser, *, today: datetime.date, now: datetime.datetime) -> TaskGroup | None:
    """Open requests overdue or due within a week (GDPR Art 12(3): one month, extendable), most
    urgent first."""
    if not may_handle(user):
        return None
    rows = [row for row in request_queue(user, today=today) if row.overdue or row.due_soon]
    if not rows:
        return None
    items = tuple(TaskItem(
        label=f"{row.request.get_type_display()} – {row.request.client.display_name}",
        url=reverse("requests:detail", args=[row.request.pk]), when=row.due_on, overdue=row.overdue,
    ) for row in rows[:ITEMS_SHOWN])
    return TaskGroup(key="requests", title=_("Data-subject requests due or overdue"), count=len(rows),
                     overdue=sum(row.overdue for row in rows), url=reverse("requests:queue"), items=items)


def task_sources_add() -> None:
    task_source_add("requests", request_tasks, order=20)
