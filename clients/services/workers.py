"""Accounts an organisation admin creates and edits in the Django admin. An organisation admin's
user is always a worker of the admin's own organisation, and staff (may open the admin) only
when a role needs it. A new worker (person, role, organisation, confidentiality commitment) is
one call, `worker_create`: the account, its role and its worker profile, all or nothing, each in
the change history with the admin who made them."""

import datetime

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.admin import is_platform_admin
from core.audit import acting_as
from core.roles import Role

from ..models import Controller, WorkerProfile
from ..selectors.admin import admin_organisation

# Roles whose work is in the Django admin: the admin, and the register contact's read-only lists.
STAFF_ROLES = {Role.ADMIN.value, Role.REGISTER_CONTACT.value}


def worker_organisations(actor: User) -> "list[Controller] | None":
    """Where `actor` may create workers: None for every organisation (the platform
    administrator), else the admin's own organisation only (empty: nowhere)."""
    if is_platform_admin(actor):
        return None
    organisation = admin_organisation(actor)
    return [organisation] if organisation is not None and Role.ADMIN in _roles(actor) else []


def _roles(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _organisation_for(actor: User, organisation: Controller | None) -> Controller:
    allowed = worker_organisations(actor)
    if allowed is None:
        if organisation is None:
            raise PermissionDenied("no organisation")
        return organisation
    if not allowed or (organisation is not None and organisation not in allowed):
        raise PermissionDenied("no organisation")
    return allowed[0]


@transaction.atomic
def worker_account_create(
    *, actor: User, user: User, organisation: Controller | None = None,
    confidentiality_signed_on: datetime.date | None = None, title: str = "",
) -> WorkerProfile:
    """A new account made by an admin joins an organisation at once (no account floats between
    organisations for anyone to claim): an organisation admin's always joins the admin's own,
    the platform administrator names one."""
    controller = _organisation_for(actor, organisation)
    with acting_as(actor):
        return WorkerProfile.objects.create(user=user, controller=controller, title=title,
                                            confidentiality_signed_on=confidentiality_signed_on)


@transaction.atomic
def worker_create(
    *, actor: User, organisation: Controller, role: str, username: str, first_name: str, last_name: str,
    email: str, password: str, confidentiality_signed_on: datetime.date | None, title: str = "",
) -> User:
    """Create a worker in one step: the account (with its password), the role and the worker
    profile with the date the confidentiality commitment was signed (without it the worker sees
    no client data). An organisation admin creates workers of their own organisation only
    (PermissionDenied otherwise); the roles are the three of the register."""
    if role not in {r.value for r in Role}:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is already taken.")})
    controller = _organisation_for(actor, organisation)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    validate_password(password, user)
    # One acting_as for every write: django-auditlog's actor context does not survive nesting.
    with acting_as(actor):
        user.set_password(password)
        user.save()
        WorkerProfile.objects.create(user=user, controller=controller, title=title,
                                     confidentiality_signed_on=confidentiality_signed_on)
        user.groups.add(Group.objects.get(name=role))
        _staff_sync(user)
    return user


@transaction.atomic
def worker_staff_sync(*, actor: User, user: User) -> User:
    """Staff exactly when one of the user's roles works in the admin; a platform administrator's
    flags are the platform administrator's to set."""
    with acting_as(actor):
        return _staff_sync(user)


def _staff_sync(user: User) -> User:
    if user.is_superuser:
        return user
    wanted = bool(set(user.groups.values_list("name", flat=True)) & STAFF_ROLES)
    if user.is_staff != wanted:
        user.is_staff = wanted
        user.save(update_fields=["is_staff"])
    return user
