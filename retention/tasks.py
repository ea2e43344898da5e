"""Removals on the worker's task list (core.tasks): for the register contact and admins, the
clients whose data will be handed over or removed within two weeks, and those already due but
still kept (held, awaiting an archive's receipt), to check before the nightly run."""

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse
from django.utils.translation import gettext as _

from clients.selectors import client_data_refusal, clients_visible_to, user_roles
from core.roles import Role
from core.tasks import TaskGroup, TaskItem, task_source_add

from .constants import NOTICE_DAYS
from .selectors import due_soon

ITEMS_SHOWN = 20


def removal_tasks(user: User | AnonymousUser, *, today: datetime.date, now: datetime.datetime) -> TaskGroup | None:
    if client_data_refusal(user) is not None or not user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT}:
        return None
    rows = due_soon(clients_visible_to(user), today=today, days=NOTICE_DAYS)
    if not rows:
        return None
    items = tuple(TaskItem(
        label=row.client.display_name, url=row.client.get_absolute_url(), when=row.status.due_on,
        overdue=row.status.due_on is not None and row.status.due_on <= today, note=row.hold_label,
    ) for row in rows[:ITEMS_SHOWN])
    return TaskGroup(key="removals", title=_("Clients falling due for removal within two weeks"),
                     count=len(rows), overdue=sum(item.overdue for item in items),
                     url=reverse("retention:due_soon"), items=items)


def task_sources_add() -> None:
    task_source_add("removals", removal_tasks, order=50)
