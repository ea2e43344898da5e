"""Clients by worker for the register contact and the admin: filter by worker or show the
clients no worker serves, and move one or many to another worker."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from core.access import actor, client_data_required

from ..forms.assignments import ReassignForm
from ..selectors.assignments import assignment_refusal, clients_of_worker, organisation_workers
from ..services.assignments import clients_reassign

UNASSIGNED = "none"
SHOWN = 200


@client_data_required
def assignments(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    refusal = assignment_refusal(user)
    if refusal is not None:
        return render(request, "403.html", {"reason": refusal}, status=403)
    workers = organisation_workers(user)
    chosen = request.GET.get("worker", UNASSIGNED)
    worker = None
    if chosen != UNASSIGNED:
        worker = workers.filter(pk=int(chosen)).first() if chosen.isascii() and chosen.isdigit() else None
        if worker is None:
            raise Http404
    clients = clients_of_worker(user, worker).select_related("register").order_by("sort_name", "pk")
    form = ReassignForm(request.POST or None, clients=clients, workers=workers,
                        initial={"from_worker": worker})
    if request.method == "POST" and form.is_valid():
        try:
            moved = clients_reassign(actor=user, clients=form.cleaned_data["clients"],
                                     from_worker=form.cleaned_data["from_worker"],
                                     to_worker=form.cleaned_data["to_worker"])
        except ValidationError as exc:  # e.g. the worker the clients already have: said on the page
            form.add_error(None, exc)
        else:
            name = form.cleaned_data["to_worker"].get_full_name()
            messages.success(request, ngettext("%(n)d client moved to %(name)s.", "%(n)d clients moved to %(name)s.",
                                               moved) % {"n": moved, "name": name})
            return redirect(f"{reverse('clients:assignments')}?{urlencode({'worker': chosen})}")
    return render(request, "clients/assignments.html", {
        "workers": workers, "worker": worker, "chosen": chosen, "unassigned": UNASSIGNED,
        "clients": clients[:SHOWN], "client_count": clients.count(), "form": form,
    }, status=400 if request.method == "POST" else 200)
