"""The worker's task list: every app adds the kinds of work it knows about, and the dashboard and
the daily digest read them all from here, so that `clients` never imports the later apps.

A source is a function `(user, *, today, now) -> TaskGroup | None`: the user's open work of one
kind (None or an empty group when the user has none, or may not do that kind of work). Each app
adds its sources in its AppConfig.ready with `task_source_add`; the order number sets where the
group comes in the list.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class TaskItem:
    """One piece of work, shown on the dashboard only (it may name the client): never in email."""

    label: str
    url: str
    when: datetime.date | None = None  # due on (or the clock's deadline day)
    overdue: bool = False
    note: str = ""  # e.g. "13 h 20 min left"


@dataclass(frozen=True)
class TaskGroup:
    """The user's open work of one kind: how much, how much is late, and where it is handled.
    `title` is translated in the language active when the source ran."""

    key: str
    title: str
    count: int
    overdue: int
    url: str
    items: tuple[TaskItem, ...] = field(default=())


TaskSource = Callable[..., TaskGroup | None]
_sources: dict[str, tuple[int, TaskSource]] = {}


def task_source_add(key: str, source: TaskSource, *, order: int) -> None:
    """Add (or replace) the source of one kind of work."""
    _sources[key] = (order, source)


def task_groups(user: User | AnonymousUser, *, today: datetime.date, now: datetime.datetime) -> list[TaskGroup]:
    """The user's open work, one group per kind that has any, in the sources' order."""
    groups = []
    for _order, source in sorted(_sources.values(), key=lambda pair: pair[0]):
        group = source(user, today=today, now=now)
        if group is not None and group.count:
            groups.append(group)
    return groups
