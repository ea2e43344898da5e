"""Reads behind the documents tab: where a misfiled document may be moved, who may still open a
removed one."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from core.roles import Role, user_roles

from ..models import Client
from .register import client_search, clients_visible_to

MOVE_CHOICES_SHOWN = 20


def document_move_targets(*, user: User, client: Client) -> QuerySet[Client]:
    """The clients a document of `client` may be moved to: of the same controller, visible to
    `user` (a caseworker: assigned to them), not `client` itself."""
    return (clients_visible_to(user).filter(register__controller_id=client.register.controller_id)
            .exclude(pk=client.pk))


def document_move_matches(*, user: User, client: Client, query: str) -> QuerySet[Client]:
    """The first few move targets that match what the user typed (name, identity code, date of
    birth), in name order; none for an empty query."""
    query = (query or "").strip()
    targets = document_move_targets(user=user, client=client)
    if not query:
        return targets.none()
    found = client_search(targets, query).order_by("sort_name", "pk").values_list("pk", flat=True)
    return targets.filter(pk__in=list(found[:MOVE_CHOICES_SHOWN])).order_by("sort_name", "pk")


def removed_documents_readable(user: User) -> bool:
    """Whether `user` may open a removed document (register contact, admin)."""
    return bool(user_roles(user) & {Role.ADMIN, Role.REGISTER_CONTACT})
