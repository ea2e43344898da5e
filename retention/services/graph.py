"""What hangs off a client: every row that refers to it, directly or through another row that
does, by a foreign key that deletes with it (CASCADE) or stops its deletion (PROTECT, RESTRICT).

The archive package serialises exactly this set, and the purge deletes exactly this set (a test
holds the two together), so nothing is deleted that was not handed over first. Rows that merely
point at the client with SET_NULL (an archive handoff) stay and lose the pointer."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from django.db import models

from clients.models import (
    Case,
    Client,
    Document,
    GrantedService,
    ServiceAgreement,
    ServiceEntry,
    ServicePlan,
)

# Logs and the organisation's own records about a client: removed with the client, never handed
# over to an archive as client documents (and not part of a package's data fingerprint, so a
# look at the client file does not make a built package stale).
NOT_HANDED_OVER = frozenset({
    "clients.accessentry",
    "clients.emergencyaccess",
    "clients.breachnotice",
    "retention.legalhold",
    # Byte-exact copies of documents already released to the client (the portal's downloads):
    # made from the data the package holds itself.
    "requests.releasedcopy",
    # The production of a heavy document (state, progress, the file's checksum): our own record.
    "requests.documentjob",
})

OWNING = (models.CASCADE, models.PROTECT, models.RESTRICT)

# A case's own records (retention per case): the rows filed under it, by their lookup to the case.
CASE_RECORDS: tuple[tuple[type[models.Model], str], ...] = (
    (ServiceEntry, "granted_service__case"),
    (ServicePlan, "case"),
    (ServiceAgreement, "case"),
    (Document, "case"),
    (GrantedService, "case"),
)


def related_model(rel: models.ForeignObjectRel) -> type[models.Model]:
    model = rel.related_model
    assert not isinstance(model, str)  # resolved once the app registry is ready
    return model


@cache
def child_relations(model: type[models.Model]) -> tuple[models.ForeignObjectRel, ...]:
    """Foreign keys into `model` that delete with it or stop its deletion, hidden ones
    (related_name="+") included, as Django's Collector sees them; many-to-many link rows are
    not rows of their own here (the serialiser writes them with the row that has the field)."""
    return tuple(
        rel for rel in _reverse_relations(model)
        if rel.on_delete in OWNING and not related_model(rel)._meta.auto_created
    )


def related_objects(clients: Iterable[Client]) -> dict[type[models.Model], dict[int, models.Model]]:
    """Every row owned by `clients`, the clients included, per model (read only)."""
    return owned_objects({Client: {c.pk: c for c in clients}})


def case_objects(case: Case) -> dict[type[models.Model], dict[int, models.Model]]:
    """Every row a closed case's own retention removes (`purge.case_records_purge`), the case
    row included (it stays, without its title): the entries recorded under its granted services,
    the granted services, the plans, agreements and documents filed under it, and every row
    owned by those (corrections, ...). What a package of the case alone holds (read only)."""
    start: dict[type[models.Model], dict[int, models.Model]] = {Case: {case.pk: case}}
    for model, lookup in CASE_RECORDS:
        for obj in model._base_manager.filter(**{lookup: case}).order_by("pk"):
            start.setdefault(model, {})[obj.pk] = obj
    return owned_objects(start, skip=frozenset({Case}))


def owned_objects(
    start: dict[type[models.Model], dict[int, models.Model]], *, skip: frozenset[type[models.Model]] = frozenset(),
) -> dict[type[models.Model], dict[int, models.Model]]:
    """`start` and every row owned by a row of it, per model (read only). The rows of `skip`
    are not followed (a case's rows owned through the case itself are not the case's records)."""
    found = {model: dict(objs) for model, objs in start.items()}
    frontier: dict[type[models.Model], list[int]] = {m: list(objs) for m, objs in found.items() if m not in skip}
    while frontier:
        following: dict[type[models.Model], list[int]] = {}
        for model, pks in frontier.items():
            for rel in child_relations(model):
                child = related_model(rel)
                seen = found.setdefault(child, {})
                for obj in child._base_manager.filter(**{f"{rel.field.name}__in": pks}).order_by("pk"):
                    if obj.pk not in seen:
                        seen[obj.pk] = obj
                        following.setdefault(child, []).append(obj.pk)
        frontier = following
    return {model: objs for model, objs in found.items() if objs}


def is_handed_over(model: type[models.Model]) -> bool:
    return model._meta.label_lower not in NOT_HANDED_OVER


# The same graph as a plan for deleting many clients with a few set-based queries per model.

@dataclass(frozen=True)
class DeleteStep:
    """Rows of `model` owned by the clients: any of `paths` (lookups ending at the client's
    primary key) leads to one of them. `link_table`: a many-to-many link table (no history)."""

    model: type[models.Model]
    paths: tuple[str, ...]
    link_table: bool


@dataclass(frozen=True)
class DetachStep:
    """Rows of `model` that stay but point at a deleted row of `target` (SET_NULL): `field` is
    emptied first, as Django's Collector would."""

    model: type[models.Model]
    field: str
    target: type[models.Model]


def _reverse_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    return [f for f in model._meta.get_fields(include_hidden=True)
            if isinstance(f, models.ForeignObjectRel) and (f.one_to_many or f.one_to_one)]


@cache
def deletion_plan() -> tuple[tuple[DeleteStep, ...], tuple[DetachStep, ...]]:
    """Every model owned by Client with every path to it, children before parents (a child's
    longest path from Client is longer than any of its parents'), and the SET_NULL relations
    into them. Derived from the models, so a new model that cascades from a client is purged
    without anyone listing it here."""
    paths: dict[type[models.Model], set[str]] = {Client: {"pk"}}
    depth: dict[type[models.Model], int] = {Client: 0}
    links: set[type[models.Model]] = set()
    queue: list[type[models.Model]] = [Client]
    while queue:
        parent = queue.pop(0)
        for rel in _reverse_relations(parent):
            child, field = related_model(rel), rel.field
            is_link = child._meta.auto_created is not False and bool(child._meta.auto_created)
            if child is parent or not (is_link or rel.on_delete in OWNING):
                continue
            prefix = field.name
            new = {prefix if p == "pk" else f"{prefix}__{p}" for p in paths[parent]}
            known = paths.setdefault(child, set())
            deeper = depth.get(child, -1) < depth[parent] + 1
            if new - known or deeper:
                known |= new
                depth[child] = max(depth.get(child, 0), depth[parent] + 1)
                if is_link:
                    links.add(child)
                else:
                    queue.append(child)
    order = sorted(paths, key=lambda m: (-depth[m], m._meta.label))
    steps = tuple(DeleteStep(model=m, paths=tuple(sorted(paths[m])), link_table=m in links) for m in order)
    detach = []
    for step in steps:
        if step.link_table:
            continue
        for rel in _reverse_relations(step.model):
            if rel.on_delete is models.SET_NULL:
                detach.append(DetachStep(model=related_model(rel), field=rel.field.name, target=step.model))
            elif rel.on_delete not in OWNING and rel.on_delete is not models.DO_NOTHING \
                    and not related_model(rel)._meta.auto_created:
                raise NotImplementedError(f"{related_model(rel)._meta.label}.{rel.field.name}: {rel.on_delete}")
    return steps, tuple(detach)
