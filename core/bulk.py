"""Fast bulk inserts for demo and benchmark data: PostgreSQL COPY where available, Django's
bulk_create elsewhere. Rows written this way bypass signals, so django-auditlog records nothing:
use it only for generated data that is nobody's change (demo data, benchmarks).

PostgreSQL refuses COPY into a table under row-level security (core/rls.py): those rows are
copied into a temporary table of the same shape and moved with one INSERT ... SELECT, which
goes through the policies and the triggers that fill each row's register. The caller's scope
applies (demo data and benchmarks run in the system scope)."""

import json
import operator
import queue
import threading
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from .scope import scope_get, scope_set

BATCH = 5000


class BulkWriter:
    """Inserts model instances and gives them primary keys. On PostgreSQL the keys are taken
    from the table's sequence in one round trip and the rows go in with COPY.

    `background=True` (PostgreSQL only) hands each COPY to a thread with a connection of its
    own, so that PostgreSQL stores one batch while Python makes the next: on two cores that
    nearly halves a million-client load. The keys are still taken at once, so the caller can
    link rows to each other; COPYs run in the order given, each committed on its own, and
    `close()` waits for them (and raises the first error). Rows reach the database only after
    `close()`: read nothing back before it. Inside a transaction it writes in the caller's
    connection instead, as without `background`."""

    def __init__(self, *, background: bool = False) -> None:
        self.use_copy = connection.vendor == "postgresql"
        self._queue: queue.Queue[tuple[tuple[str, str], list[Any]] | None] | None = None
        self._error: BaseException | None = None
        self._scope: str | None = None
        # A connection of its own sees only committed rows: inside a transaction (a test, a
        # caller's atomic block) the rows this one depends on would be invisible to it.
        if background and self.use_copy and not connection.in_atomic_block:
            # The thread's own connection works in its caller's database scope.
            self._scope = scope_get(connection)
            self._queue = queue.Queue(maxsize=8)
            self._thread = threading.Thread(target=self._work, name="bulk-writer", daemon=True)
            self._thread.start()

    def save(self, model: type[models.Model], objs: Sequence[models.Model]) -> None:
        if not objs:
            return
        if not self.use_copy:
            model.objects.bulk_create(objs, batch_size=BATCH)  # type: ignore[attr-defined]
            return
        table = model._meta.db_table
        pk = model._meta.pk
        assert pk is not None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",  # noqa: S608
                [table, pk.column, len(objs)],
            )
            for obj, (new_id,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = new_id
        fields = list(model._meta.concrete_fields)
        now = timezone.now()
        for field in fields:
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
                for obj in objs:
                    if getattr(obj, field.attname) is None:
                        setattr(obj, field.attname, now)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = (table, columns)
        values = operator.attrgetter(*(f.attname for f in fields))  # one tuple per object, in C
        rows: list[Any] = [values(obj) for obj in objs]
        as_json = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
        if as_json:
            rows = [[json.dumps(v) if i in as_json and v is not None else v for i, v in enumerate(row)]
                    for row in rows]
        if self._queue is None:
            _copy(sql, rows)
            return
        self._raise_error()
        self._queue.put((sql, rows))

    def close(self) -> None:
        """Waits for the background COPYs; raises the first error one of them met."""
        if self._queue is not None:
            self._queue.put(None)
            self._thread.join()
            self._queue = None
        self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _work(self) -> None:
        assert self._queue is not None
        try:
            if self._scope is not None:
                scope_set(connection, self._scope, local=False)
            while (item := self._queue.get()) is not None:
                if self._error is None:  # after an error, drain the queue so that save() never blocks
                    try:
                        _copy(*item)
                    except BaseException as exc:  # noqa: BLE001 - handed to the caller by close()
                        self._error = exc
        finally:
            connection.close()  # this thread's own connection


_ROW_SECURITY: dict[str, bool] = {}


def _copy(target: tuple[str, str], rows: list[Any]) -> None:
    table, columns = target
    quoted = connection.ops.quote_name(table)
    connection.ensure_connection()
    # The psycopg connection behind Django's; its errors raised as Django's (IntegrityError, ...).
    with connection.wrap_database_errors, connection.connection.cursor() as cursor:
        if table not in _ROW_SECURITY:
            cursor.execute("SELECT relrowsecurity FROM pg_class WHERE oid = %s::regclass", [quoted])
            _ROW_SECURITY[table] = bool(cursor.fetchone()[0])
        if not _ROW_SECURITY[table]:
            with cursor.copy(f"COPY {quoted} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        staging = connection.ops.quote_name(f"bulk_{table}")
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {staging} (LIKE {quoted})")
        with cursor.copy(f"COPY {staging} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {quoted} ({columns}) SELECT {columns} FROM {staging}")  # noqa: S608
        cursor.execute(f"TRUNCATE {staging}")


_DEFAULTS: dict[type[models.Model], dict[str, Any]] = {}
_RELATIONS: dict[type[models.Model], dict[str, str]] = {}


def new(model: type[models.Model], **values: Any) -> Any:
    """A model instance without Model.__init__'s per-field work (about ten times faster), for
    generating millions of rows. Related objects may be given by field name (`client=c`): the id
    is set and the object cached, so reading it back costs no query. Only for models without
    mutable defaults (a default dict or list would be shared)."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        fields = model._meta.concrete_fields
        defaults = _DEFAULTS[model] = {f.attname: f.get_default() for f in fields}
        _RELATIONS[model] = {f.name: f.attname for f in fields if f.is_relation}
    obj = model.__new__(model)
    obj.__dict__.update(defaults)
    state = models.base.ModelState()
    relations = _RELATIONS[model]
    for name, value in values.items():
        attname = relations.get(name)
        if attname is not None and attname != name:
            obj.__dict__[attname] = None if value is None else value.pk
            state.fields_cache[name] = value
        else:
            obj.__dict__[name] = value
    obj._state = state
    return obj
