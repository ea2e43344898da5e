"""The signed-in user is loaded on every request: with their worker profile in the same query,
since every client page asks for it (controller, confidentiality undertaking), and on PostgreSQL
with the names of their groups (their roles), which every page checks."""

from typing import Any

from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import OuterRef


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        users = model._default_manager.select_related("worker_profile")
        if connection.vendor == "postgresql":
            from django.contrib.postgres.expressions import ArraySubquery

            users = users.annotate(role_names=ArraySubquery(
                Group.objects.filter(user=OuterRef("pk")).values("name")))
        try:
            user = users.get(pk=user_id)
        except model.DoesNotExist:
            return None
        if hasattr(user, "role_names"):
            user._role_names = set(user.role_names)  # type: ignore[attr-defined]  # clients.selectors.user_roles
        return user if self.user_can_authenticate(user) else None
