"""Who serves whom: the workers an admin or register contact may assign clients to, and the
clients of one worker or of nobody."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from core.roles import Role

from ..models import Client
from .register import client_data_refusal, clients_visible_to, user_roles, worker_profile

ASSIGNERS = frozenset({Role.ADMIN, Role.REGISTER_CONTACT})


def assignment_refusal(user: User | AnonymousUser) -> str | None:
    """Why `user` may not move clients between workers, or None: the register contact and the
    organisation admin may (issue 21), caseworkers may not."""
    refusal = client_data_refusal(user)
    if refusal is not None:
        return refusal
    if not user_roles(user) & ASSIGNERS:
        from django.utils.translation import gettext as _

        return _("Only the register contact or an admin assigns clients to workers.")
    return None


def organisation_workers(user: User | AnonymousUser) -> QuerySet[User]:
    """Active accounts of the user's organisation that have a role: who clients may be assigned to."""
    if assignment_refusal(user) is not None:
        return User.objects.none()
    organisation = worker_profile(user).controller_id  # type: ignore[union-attr]
    return (User.objects.filter(worker_profile__controller_id=organisation, is_active=True,
                                groups__name__in=[role.value for role in Role])
            .distinct().order_by("last_name", "first_name", "username"))


def clients_of_worker(user: User | AnonymousUser, worker: User | None) -> QuerySet[Client]:
    """The clients `user` sees that `worker` serves; with None, those no worker serves."""
    clients = clients_visible_to(user)
    if worker is None:
        return clients.filter(assigned_workers__isnull=True)
    return clients.filter(assigned_workers=worker.pk)
