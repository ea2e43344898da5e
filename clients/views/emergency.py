"""Emergency access and its review. Thin: check access, bind a form, call one service, render or
redirect."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import actor, client_data_required

from ..forms.emergency import EmergencyAccessForm, EmergencyReviewForm
from ..selectors import emergency as selectors
from ..services import emergency as services
from .oversight import PAGE_SIZE, security_staff_required


@client_data_required
def emergency_access(request: HttpRequest) -> HttpResponse:
    """Break the glass: an unassigned client of the user's own organisation, for a reason."""
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client, grants = services.emergency_access_open(
                actor=actor(request), lookup=form.cleaned_data["client"],
                reason=form.cleaned_data["reason"], now=timezone.now(),
            )
        except services.EmergencyAccessRefused:
            form.add_error("client", _("No client of your organisation matches. Check the code or "
                                       "number."))
        else:
            if grants:
                messages.warning(request, _(
                    "Emergency access until %(time)s. Your reason and every view are logged and "
                    "reviewed by the register contact."
                ) % {"time": timezone.localtime(grants[0].expires_at).strftime("%d.%m.%Y %H:%M")})
            return redirect(client)
    return render(request, "clients/emergency/form.html", {"form": form})


@security_staff_required
def emergency_review_list(request: HttpRequest) -> HttpResponse:
    accesses = selectors.emergency_accesses_for_review(actor(request))
    page = Paginator(accesses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clients/emergency/review.html", {
        "page": page, "now": timezone.now(), "form": EmergencyReviewForm(),
    })


@security_staff_required
@require_POST
def emergency_review(request: HttpRequest, pk: int) -> HttpResponse:
    access = selectors.emergency_access_for_review(actor(request), pk)
    form = EmergencyReviewForm(request.POST)
    if form.is_valid():
        services.emergency_access_review(actor=actor(request), access=access,
                                         note=form.cleaned_data["note"], now=timezone.now())
        messages.success(request, _("The emergency access was marked as reviewed."))
    else:
        messages.error(request, _("The review note is too long."))
    return redirect("clients:emergency_review_list")
