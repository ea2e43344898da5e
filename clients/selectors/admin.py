"""What a user may see and manage in the Django admin: the rule `core.admin` scopes every admin
page with (installed at start-up), the organisation an admin acts for, which registers they may
edit, and which change-history entries they may read.

Two admin levels (DESIGN.md, Isolation between organisations): the platform administrator (a
superuser) keeps controllers, processors, statutory default rules, the supervisory authority and
users' staff flags, and sees every organisation's registers and users but no client data; an
organisation admin (role `admin` with a worker profile) sees only their own organisation's
registers, users, clients and history."""

from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from core.admin import CLIENT, ORGANISATION, REGISTER, USER, is_platform_admin, model_scopes, scoped_objects

from ..models import Controller, Register
from .register import client_data_refusal, clients_visible_to, registers_visible_to, worker_profile

AnyUser = User | AnonymousUser


def admin_organisation(user: AnyUser) -> Controller | None:
    """The organisation a user acts for in the admin: their worker profile's, once they may see
    client data at all (signed confidentiality commitment, a role)."""
    if client_data_refusal(user) is not None:
        return None
    profile = worker_profile(user)
    return profile.controller if profile is not None else None


def organisation_users(user: AnyUser) -> QuerySet[User]:
    """Accounts an organisation admin manages: those with a worker profile in their organisation,
    never a platform administrator's."""
    organisation = admin_organisation(user)
    if organisation is None:
        return User.objects.none()
    return User.objects.filter(worker_profile__controller=organisation, is_superuser=False)


def admin_scope(user: AnyUser, kind: str) -> QuerySet[Any] | None:
    """The rule behind every admin page (core.admin): the objects of `kind` the user may see, or
    None for all. Client data goes by `clients_visible_to` for everybody, the platform
    administrator included: running the installation gives no look at its clients."""
    if kind == CLIENT:
        return clients_visible_to(user)
    if is_platform_admin(user):
        return None
    if kind == REGISTER:
        return registers_visible_to(user)
    if kind == ORGANISATION:
        organisation = admin_organisation(user)
        return Controller.objects.filter(pk=organisation.pk) if organisation else Controller.objects.none()
    if kind == USER:
        return organisation_users(user)
    raise LookupError(f"no admin scope {kind!r}")


def registers_managed_by(user: AnyUser) -> QuerySet[Register]:
    """Registers whose settings (and retention rules) the user edits: the platform administrator
    every register, an organisation admin those their organisation controls; the provider
    operating a purchased-services register on a county's behalf only reads it."""
    if is_platform_admin(user):
        return Register.objects.all()
    organisation = admin_organisation(user)
    if organisation is None:
        return Register.objects.none()
    return Register.objects.filter(controller=organisation)


def register_manageable(user: AnyUser, register: Register) -> bool:
    return registers_managed_by(user).filter(pk=register.pk).exists()


def _client_kind(scopes: tuple[tuple[str, str], ...]) -> str | None:
    """The path from a model to its client, when its rows are a client's data."""
    return next((path for kind, path in scopes if kind == CLIENT), None)


def log_entries_visible_to(user: AnyUser) -> QuerySet[LogEntry]:
    """Change-history entries of objects the user may see in the admin. An entry whose object
    cannot be attributed to an organisation (a model with no declared scope, or a deleted
    object) is the platform administrator's alone, unless it is a client's data: then nobody
    reads it here (the client's own history went with the client)."""
    condition = Q(pk__in=[])
    platform = is_platform_admin(user)
    for model in auditlog.get_models():
        content_type = ContentType.objects.get_for_model(model)
        scopes = model_scopes(model)
        if scopes is None:
            if platform:
                condition |= Q(content_type=content_type)
            continue
        if platform and _client_kind(scopes) is None:
            condition |= Q(content_type=content_type)
            continue
        visible = scoped_objects(user, model).values("pk")
        condition |= Q(content_type=content_type, object_id__in=visible)
    return LogEntry.objects.filter(condition)


def log_entry_client_id(entry: LogEntry) -> int | None:
    """The client whose data an entry is about (reading it is an access-log entry), or None."""
    model = entry.content_type.model_class()
    scopes = model_scopes(model) if model is not None else None
    path = _client_kind(scopes) if scopes else None
    if model is None or path is None or entry.object_id is None:
        return None
    if path == "":
        return int(entry.object_id)
    return model._default_manager.filter(pk=entry.object_id).values_list(path, flat=True).first()


def lockout_records_visible_to(user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """django-axes' attempts and logs (by username, not by user): an organisation admin sees those
    of their own organisation's accounts, the platform administrator all."""
    if is_platform_admin(user):
        return queryset
    return queryset.filter(username__in=organisation_users(user).values("username"))
