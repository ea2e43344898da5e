"""Which registers' rows the database lets through: the scope that row-level security reads
(core/rls.py). PostgreSQL only; on SQLite every function here does nothing.

- A web request runs inside one transaction whose scope is the registers the signed-in user may
  see (RegisterScopeMiddleware), set with `set_config(..., true)`: transaction-local, so it can
  never outlive the request on a pooled connection. A request without a signed-in, verified user
  with client data rights gets the empty scope: no client rows at all.
- A command that must see everything (the nightly retention run, demo data, migrate's data
  steps) says so with `system_scope`, which prints one line and sets the scope for the command's
  own connection (session-level: a command's transactions are many, one client each, and the
  connection is the process's own; it is put back when the command ends).

Who may see which registers is the client register's rule: the clients app installs it at
start-up with `scope_rule_set`, so this bottom layer imports no app. Without a rule, nobody gets
a register (fail closed).
"""

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.utils import DEFAULT_DB_ALIAS
from django.http import HttpRequest, HttpResponse

from .rls import AUDIT_WRITTEN_SETTING, SCOPE_SETTING, SYSTEM_SCOPE
from .twofactor import second_factor_pending

ScopeRule = Callable[[User | AnonymousUser], Iterable[int]]
_scope_rule: list[ScopeRule] = []

SYSTEM_SCOPE_LINE = "Database scope: the whole system (row-level security sees every register)."


def scope_rule_set(rule: ScopeRule) -> None:
    """Install the rule that lists the registers a user may see."""
    _scope_rule[:] = [rule]


def registers_for(user: User | AnonymousUser) -> list[int]:
    """The registers whose rows this user's requests may read and write; none without a rule,
    without sign-in or before the second factor."""
    if not _scope_rule or not user.is_authenticated or second_factor_pending(user):
        return []
    return sorted(_scope_rule[0](user))


def _enforced(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "postgresql"


def scope_set(connection: BaseDatabaseWrapper, registers: str, *, local: bool) -> str:
    """Set the scope (a comma-separated register list, SYSTEM_SCOPE, or '' for none) for the
    transaction (`local`) or the connection; return the previous one. One query. A new scope
    also forgets the change-history entry written last under the old one (core/rls.py)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH previous AS MATERIALIZED (SELECT coalesce(current_setting(%s, true), '') AS registers)"
            " SELECT registers, set_config(%s, %s, %s), set_config(%s, '', %s) FROM previous",
            [SCOPE_SETTING, SCOPE_SETTING, registers, local, AUDIT_WRITTEN_SETTING, local],
        )
        previous, *_now = cursor.fetchone()
    return previous


def scope_get(connection: BaseDatabaseWrapper) -> str:
    """The scope now in force ('' for none)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting(%s, true), '')", [SCOPE_SETTING])
        (registers,) = cursor.fetchone()
    return registers


class RegisterScopeMiddleware:
    """Runs each request in a transaction scoped to the signed-in user's registers.

    SET LOCAL lasts until the outermost transaction ends, not until a savepoint is released: when
    the request runs inside an outer transaction (a test's), the previous scope is put back
    explicitly. A response of 500 rolls the request's writes back, as a raised error would."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        connection = connections[DEFAULT_DB_ALIAS]
        if not _enforced(connection):
            return self.get_response(request)
        user = getattr(request, "user", AnonymousUser())
        registers = ",".join(str(pk) for pk in registers_for(user))
        nested = connection.in_atomic_block
        with transaction.atomic():
            previous = scope_set(connection, registers, local=True)
            try:
                response = self.get_response(request)
                if response.status_code >= 500:
                    transaction.set_rollback(True)
            finally:
                if nested and not connection.needs_rollback:
                    scope_set(connection, previous, local=True)
        return response


@contextmanager
def system_scope(log: Callable[[str], Any] | None = None, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """The whole system, for a command that must see every register; says so with `log`.

    Session-level on this thread's connection, and on every connection this thread opens until
    the end (a command may close its connection, or fork worker processes that open their own:
    they inherit the hook). The previous scope comes back afterwards."""
    connection = connections[using]
    if not _enforced(connection):
        yield
        return
    if log is not None:
        log(SYSTEM_SCOPE_LINE)
    thread = threading.get_ident()
    uid = f"core.scope.system_scope.{thread}"

    def scope_new_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
        if threading.get_ident() == thread and connection.alias == using:
            scope_set(connection, SYSTEM_SCOPE, local=False)

    previous = scope_set(connection, SYSTEM_SCOPE, local=False)
    connection_created.connect(scope_new_connection, weak=False, dispatch_uid=uid)
    try:
        yield
    finally:
        connection_created.disconnect(dispatch_uid=uid)
        connection = connections[using]
        if connection.connection is not None and not connection.needs_rollback:
            scope_set(connection, previous, local=False)


@contextmanager
def system_scope_for_one_write(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """The whole system for one narrow step inside a request, where the user's own scope cannot
    reach but the rule says the step must happen: recording a refused look at another
    organisation's client in that client's access log. Transaction-local inside its own
    savepoint; the request's scope comes back afterwards. Never read anything here that goes
    back to the user."""
    connection = connections[using]
    if not _enforced(connection):
        yield
        return
    with transaction.atomic(using=using):
        previous = scope_set(connection, SYSTEM_SCOPE, local=True)
        try:
            yield
        finally:
            if not connection.needs_rollback:
                scope_set(connection, previous, local=True)


def system_scope_before_migrate(using: str = DEFAULT_DB_ALIAS, stdout: Any = None, **kwargs: Any) -> None:
    """pre_migrate: migrate's data steps (content types, permissions, the roles' sync, data
    migrations) see every register. The owner role goes through the policies too (FORCE)."""
    connection = connections[using]
    if not _enforced(connection):
        return
    if stdout is not None and kwargs.get("verbosity", 1) >= 1:
        stdout.write(SYSTEM_SCOPE_LINE + "\n")
    scope_set(connection, SYSTEM_SCOPE, local=False)
