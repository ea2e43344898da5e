"""Accounts an organisation admin creates and edits in the Django admin. An organisation admin's
user is always a worker of the admin's own organisation, and staff (may open the admin) only
when a role needs it."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from core.roles import Role

from ..models import WorkerProfile
from ..selectors.admin import admin_organisation

# Roles whose work is in the Django admin: the admin, and the register contact's read-only lists.
STAFF_ROLES = {Role.ADMIN.value, Role.REGISTER_CONTACT.value}


@transaction.atomic
def worker_account_create(*, actor: User, user: User) -> WorkerProfile:
    """A new account made by an organisation admin joins the admin's organisation at once (no
    account floats between organisations for anyone to claim)."""
    organisation = admin_organisation(actor)
    if organisation is None:
        raise PermissionDenied("no organisation")
    return WorkerProfile.objects.create(user=user, controller=organisation)


@transaction.atomic
def worker_staff_sync(*, actor: User, user: User) -> User:
    """Staff exactly when one of the user's roles works in the admin; a platform administrator's
    flags are the platform administrator's to set."""
    if user.is_superuser:
        return user
    wanted = bool(set(user.groups.values_list("name", flat=True)) & STAFF_ROLES)
    if user.is_staff != wanted:
        user.is_staff = wanted
        user.save(update_fields=["is_staff"])
    return user
