"""The role registry. Roles are auth groups (CONTRACT.md: `admin`, `register_contact`,
`caseworker`); each app declares in its own `roles.py` what each role may do in the Django admin
with that app's models:

    PERMISSIONS = {Role.ADMIN: {"clients": {"client": ("add", "change", "view")}}, ...}

After every `migrate` the groups carry exactly the union of those declarations (Django creates
permissions the same way, after migrating). What client data a user may see is not decided here
but by the client register's selectors (`clients.selectors.clients_visible_to`)."""

from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

RolePermissions = dict[str, dict[str, dict[str, tuple[str, ...]]]]


class Role(models.TextChoices):
    """Roles are auth groups of these names (CONTRACT.md)."""

    ADMIN = "admin", _("Admin")
    REGISTER_CONTACT = "register_contact", _("Register contact")
    CASEWORKER = "caseworker", _("Caseworker")


def user_roles(user: User | AnonymousUser) -> set[str]:
    """The names of the user's roles, read once per request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))  # type: ignore[union-attr]
        user._role_names = cached  # type: ignore[union-attr,attr-defined]
    return cached


def declared_permissions() -> dict[str, set[tuple[str, str]]]:
    """Role -> {(app_label, codename)}: the union of every installed app's `roles.PERMISSIONS`."""
    wanted: dict[str, set[tuple[str, str]]] = {role.value: set() for role in Role}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "roles"):
            continue
        declared: RolePermissions = getattr(import_module(f"{config.name}.roles"), "PERMISSIONS", {})
        for role, by_app in declared.items():
            for app_label, by_model in by_app.items():
                for model, actions in by_model.items():
                    wanted[str(role)].update((app_label, f"{action}_{model}") for action in actions)
    return wanted


def roles_sync(*, using: str = "default") -> None:
    """Create the role groups and give each exactly its declared permissions."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    for role, codenames in declared_permissions().items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        permissions = [
            permission for permission in Permission.objects.using(using).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in codenames
        ]
        missing = codenames - {(p.content_type.app_label, p.codename) for p in permissions}
        if missing:
            raise LookupError(f"role {role}: no such permissions {sorted(missing)}")
        group.permissions.set(permissions)


def roles_sync_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: once per migrate, when the last app has been migrated."""
    migrated = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender.label == migrated[-1].label:
        roles_sync(using=using)
