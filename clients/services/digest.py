"""The daily task digest: one email a day to each worker with open tasks, in the worker's own
language, with how much of each kind of work is due and a link to where it is handled.

What it guarantees: an email leaves the system, so it carries only counts and links to the
register's own pages, never a client's name, identity code or any other client data (the
groups' items, which name clients, are never read here). Each worker's task list is read in that
worker's own database scope (row-level security), as their dashboard would be.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import ngettext

from core.scope import scope_set
from core.tasks import TaskGroup

from ..models import WorkerProfile
from ..selectors.register import registers_visible_to
from ..selectors.tasks import task_list


@dataclass(frozen=True)
class DigestResult:
    sent: int
    without_tasks: int
    without_email: int
    failed: list[str]


def digest_recipients() -> list[User]:
    """Active workers who may see client data (a signed confidentiality commitment), by username."""
    return list(User.objects.filter(is_active=True, worker_profile__confidentiality_signed_on__isnull=False)
                .select_related("worker_profile").order_by("username"))


def _tasks_in_own_scope(user: User, *, today: datetime.date, now: datetime.datetime) -> list[TaskGroup]:
    """The user's task list read through the database wall too: only the registers they may see."""
    if connection.vendor != "postgresql":
        return task_list(user, today=today, now=now)
    registers = ",".join(str(pk) for pk in registers_visible_to(user).values_list("pk", flat=True))
    with transaction.atomic():
        previous = scope_set(connection, registers, local=True)
        try:
            return task_list(user, today=today, now=now)
        finally:
            scope_set(connection, previous, local=True)


def digest_message(user: User, groups: list[TaskGroup], *, today: datetime.date) -> EmailMessage:
    """The email to one worker, in their language: counts and links only."""
    profile: WorkerProfile = user.worker_profile  # type: ignore[attr-defined]
    with translation.override(profile.language):
        total = sum(group.count for group in groups)
        subject = ngettext("Asiakasrekisteri: %(n)d task on your list", "Asiakasrekisteri: %(n)d tasks on your list",
                           total) % {"n": total}
        lines = [{"title": group.title, "count": group.count, "overdue": group.overdue,
                  "link": settings.SITE_URL + group.url} for group in groups]
        body = render_to_string("clients/digest/email.txt", {
            "name": user.first_name or user.get_username(), "lines": lines, "today": today,
            "dashboard": settings.SITE_URL + "/",
        })
    return EmailMessage(subject=subject, body=body, to=[user.email])


def task_digest_send(*, today: datetime.date, now: datetime.datetime, dry_run: bool = False,
                     log: Callable[[str], Any] = print) -> DigestResult:
    """Email every worker with open tasks their digest (or, `dry_run`, only say who would get
    what). A failure to send to one worker is reported and the others still get theirs."""
    sent = without_tasks = without_email = 0
    failed: list[str] = []
    for user in digest_recipients():
        profile: WorkerProfile = user.worker_profile  # type: ignore[attr-defined]
        with translation.override(profile.language):
            groups = _tasks_in_own_scope(user, today=today, now=now)
        if not groups:
            without_tasks += 1
            continue
        counts = ", ".join(f"{group.key}={group.count}" for group in groups)
        if not user.email:
            without_email += 1
            log(f"{user.get_username()}: no email address ({counts})")
            continue
        if dry_run:
            log(f"{user.get_username()}: would send ({profile.language}) {counts}")
            continue
        try:
            digest_message(user, groups, today=today).send()
        except Exception as exc:  # SMTP refused, network: the next worker still gets theirs
            failed.append(user.get_username())
            log(f"{user.get_username()}: FAILED ({exc.__class__.__name__}: {exc})")
            continue
        sent += 1
        log(f"{user.get_username()}: sent ({profile.language}) {counts}")
    return DigestResult(sent=sent, without_tasks=without_tasks, without_email=without_email, failed=failed)

