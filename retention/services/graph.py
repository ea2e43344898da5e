"""What hangs off a client: every row that refers to it, directly or through another row that
does, by a foreign key that deletes with it (CASCADE) or stops its deletion (PROTECT, RESTRICT).

The archive package serialises exactly this set, and the purge deletes exactly this set (a test
holds the two together), so nothing is deleted that was not handed over first. Rows that merely
point at the client with SET_NULL (an archive handoff) stay and lose the pointer."""

from collections.abc import Iterable
from functools import cache

from django.db import models

from clients.models import Client

# Logs and the organisation's own records about a client: removed with the client, never handed
# over to an archive as client documents (and not part of a package's data fingerprint, so a
# look at the client file does not make a built package stale).
NOT_HANDED_OVER = frozenset({
    "clients.accessentry",
    "clients.emergencyaccess",
    "clients.breachnotice",
    "retention.legalhold",
})

OWNING = (models.CASCADE, models.PROTECT, models.RESTRICT)


@cache
def _child_relations(model: type[models.Model]) -> tuple[models.ForeignObjectRel, ...]:
    return tuple(
        rel for rel in model._meta.related_objects
        if not rel.many_to_many and rel.on_delete in OWNING
    )


def related_objects(clients: Iterable[Client]) -> dict[type[models.Model], dict[int, models.Model]]:
    """Every row owned by `clients`, the clients included, per model (read only)."""
    found: dict[type[models.Model], dict[int, models.Model]] = {Client: {c.pk: c for c in clients}}
    frontier: dict[type[models.Model], list[int]] = {Client: list(found[Client])}
    while frontier:
        following: dict[type[models.Model], list[int]] = {}
        for model, pks in frontier.items():
            for rel in _child_relations(model):
                child = rel.related_model
                seen = found.setdefault(child, {})
                for obj in child._base_manager.filter(**{f"{rel.field.name}__in": pks}).order_by("pk"):
                    if obj.pk not in seen:
                        seen[obj.pk] = obj
                        following.setdefault(child, []).append(obj.pk)
        frontier = following
    return {model: objs for model, objs in found.items() if objs}


def is_handed_over(model: type[models.Model]) -> bool:
    return model._meta.label_lower not in NOT_HANDED_OVER
