"""The one door every output of a client's data that is not a data-subject request's answer goes
through (the client-file PDF, the plan and agreement printouts, a copy of a stored document):
for a restricted client (GDPR Art 18) it is refused with its reason unless an Art 18(2) ground is
recorded for that one output (`services.restricted_act_check` records it in the access log).
tests/protection/test_walk.py walks every URL of the project and fails for an output that does
not come through here or through its own service's check."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from core.access import actor

from .. import selectors, services
from ..forms.register import RestrictedOutputForm
from ..models import Client


def restricted_output(
    request: HttpRequest, client: Client, *, act: str, produce: Callable[[], HttpResponseBase],
) -> HttpResponseBase:
    """`produce()` when the client is not restricted, or when the request (a POST) records an
    Art 18(2) ground for this output; otherwise the refusal with its reason and the form that
    asks for the ground."""
    if not client.restricted:
        return produce()
    form = RestrictedOutputForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.restricted_act_check(actor=actor(request), client=client, act=act,
                                          ground=form.cleaned_data["restriction_ground"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return produce()
    return render(request, "clients/restricted_output.html", {
        "client": client, "form": form, "reason": selectors.restriction_refusal(client=client, act=act),
    }, status=403)


def plain(response: HttpResponseBase) -> HttpResponse:
    """For views typed as returning HttpResponse."""
    return response  # type: ignore[return-value]
