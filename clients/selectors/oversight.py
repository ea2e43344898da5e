"""Reads for the register contact's oversight pages: who may use them, the organisation's users and
what each has looked at (käyttöloki by user). Scoped by the viewer's organisation: a register
contact never sees another organisation's users."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.roles import Role, user_roles

from ..models import AccessEntry
from .register import client_data_refusal, clients_visible_to, organisation_id

AnyUser = User | AnonymousUser


def security_staff_refusal(user: AnyUser) -> str | None:
    """Why this user may not use the register contact's security pages (breaches, emergency
    access review, users' access logs), or None when they may."""
    refusal = client_data_refusal(user)
    if refusal is not None:
        return refusal
    if not user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT}:
        return _("Only the register contact and admins may use this page.")
    return None


def organisation_users(user: AnyUser) -> QuerySet[User]:
    """Everyone with a worker profile in the viewer's organisation, deactivated ones too."""
    if security_staff_refusal(user) is not None:
        return User.objects.none()
    return (User.objects.filter(worker_profile__controller_id=organisation_id(user))
            .select_related("worker_profile").order_by("last_name", "first_name", "username"))


def organisation_user(user: AnyUser, pk: Any) -> User:
    try:
        return organisation_users(user).get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def user_access_entries(viewer: AnyUser, subject: User) -> QuerySet[AccessEntry]:
    """What `subject` has looked at, limited to clients the viewer may see."""
    return (AccessEntry.objects.filter(user=subject, client__in=clients_visible_to(viewer))
            .select_related("client"))
