"""Moving clients between workers (a worker leaves, a caseload is shared out): one or many at
once, in one transaction, each change in the client's change history with the actor named."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from core.audit import acting_as

from ..models import Client
from ..selectors import clients_visible_to
from ..selectors.assignments import assignment_refusal, organisation_workers


@transaction.atomic
def clients_reassign(*, actor: User, clients: Iterable[Client], from_worker: User | None, to_worker: User) -> int:
    """Assign `clients` to `to_worker` and, when given, take them from `from_worker`. Refused
    whole: by anyone but the register contact or an admin (PermissionDenied), for a client the
    actor may not see (Http404, as for a client's page), for a worker of another organisation
    (ValidationError). Returns how many clients were moved."""
    refusal = assignment_refusal(actor)
    if refusal is not None:
        raise PermissionDenied(refusal)
    workers = organisation_workers(actor)
    for worker in (to_worker, from_worker):
        if worker is not None and not workers.filter(pk=worker.pk).exists():
            raise ValidationError(_("No such worker in your organisation."))
    if from_worker is not None and from_worker.pk == to_worker.pk:
        raise ValidationError(_("Choose a different worker to move the clients to."))
    wanted = {client.pk for client in clients}
    found = list(clients_visible_to(actor).filter(pk__in=wanted).select_for_update())
    if len(found) != len(wanted):
        raise Http404
    with acting_as(actor):
        for client in found:
            client.assigned_workers.add(to_worker)
            if from_worker is not None:
                client.assigned_workers.remove(from_worker)
    return len(found)
