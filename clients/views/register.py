"""Thin views: check access through the selectors, bind a form, call one service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.access import actor, client_data_required
from core.pagination import page_of, rows_to_read
from core.roles import Role

from .. import selectors, services
from ..constants import AccessKind
from ..forms.informing import InformingForm
from ..forms.register import (
    ClientForm,
    ClientSearchForm,
    HealthInformationForm,
    RepresentativeForm,
    restriction_ground_field_add,
)
from ..selectors.file import plan_review_overdue
from ..selectors.informing import informing_status
from ..selectors.tasks import task_list
from .file import file_tab

PAGE_SIZE = 25


@client_data_required
def dashboard(request: HttpRequest) -> HttpResponse:
    clients = selectors.clients_visible_to(actor(request))
    mine = clients.filter(assigned_workers=actor(request))
    tasks = task_list(actor(request), today=timezone.localdate(), now=timezone.now())
    return render(request, "clients/dashboard.html", {
        "my_clients": mine.select_related("register")[:10],
        "my_client_count": mine.count(),
        "tasks": tasks,
        "task_count": sum(group.count for group in tasks),
        "is_contact": bool(selectors.user_roles(actor(request)) & {Role.ADMIN, Role.REGISTER_CONTACT}),
    })


SAVED_SEARCH = "client_search"


@client_data_required
def client_list(request: HttpRequest) -> HttpResponse:
    """The search form is POSTed and kept in the session, so an identity code (or a name) never
    travels in a URL, a server's access log or the browser's history; the results page and its
    pages are `?search=saved`. A full identity code that finds one client opens that client's file.
    `?q=` still answers (CONTRACT.md), for links and bookmarks."""
    visible = selectors.clients_visible_to(actor(request))
    if request.method == "POST":
        form = ClientSearchForm(request.POST)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        match = selectors.client_by_identity_code(visible, query)
        if match is not None:
            return redirect(match)
        request.session[SAVED_SEARCH] = query
        return redirect(f"{reverse('clients:list')}?search=saved")
    saved = "search" in request.GET
    form = ClientSearchForm({"q": request.session.get(SAVED_SEARCH, "")} if saved else request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    clients = selectors.client_list_search(actor(request), query,
                                           first=rows_to_read(request.GET.get("page"), PAGE_SIZE))
    page = page_of(clients.select_related("register").only(
        "pk", "kind", "first_names", "last_name", "organisation_name", "identity_code",
        "date_of_birth", "city", "address_protected", "restricted", "relationship_ended", "date_of_death",
        "relationship_started", "register__name",
    ), request.GET.get("page"), PAGE_SIZE)
    return render(request, "clients/list.html", {
        "form": form, "query": query, "page": page, "today": timezone.localdate(),
        "page_link": "search=saved" if saved else urlencode({"q": query}),
    })


@client_data_required
def client_create(request: HttpRequest) -> HttpResponse:
    registers = selectors.registers_visible_to(actor(request))
    form = ClientForm(request.POST or None, registers=registers)
    health_form = HealthInformationForm(request.POST or None, prefix="health")
    if request.method == "POST" and form.is_valid() and health_form.is_valid():
        try:
            client = services.client_create(actor=actor(request), **form.cleaned_data,
                                            health=health_form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Client %(name)s was added.") % {"name": client.display_name})
            return redirect(client)
    return render(request, "clients/client_form.html", {"form": form, "health_form": health_form})


@client_data_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The client file's first part: basic data, health information, the people, retention."""
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.CLIENT_FILE)
    jobs = services.client_file_jobs()
    pdf_job = jobs.latest(client) if jobs is not None else None  # a big client's PDF made by a job
    return file_tab(request, client, "overview", "clients/client_detail.html", **selectors.client_file(client),
                    overdue_plan=plan_review_overdue(client, today=timezone.localdate()),
                    informing=informing_status(client), informing_form=InformingForm(), pdf_job=pdf_job,
                    pdf_job_stalled=pdf_job is not None and jobs is not None and jobs.stalled(pdf_job))


@client_data_required
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.CLIENT_EDIT)
    health = selectors.client_file(client)["health"]
    form = ClientForm(request.POST or None, instance=client)
    restriction_ground_field_add(form, client)
    health_form = HealthInformationForm(request.POST or None, instance=health, prefix="health")
    if request.method == "POST" and form.is_valid() and health_form.is_valid():
        try:
            services.client_update(actor=actor(request), client=client, **form.cleaned_data,
                                   health=health_form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(client)
    return render(request, "clients/client_form.html", {
        "form": form, "health_form": health_form, "client": client,
    })


@client_data_required
def representative_edit(request: HttpRequest, pk: int, rep_pk: int | None = None) -> HttpResponse:
    client = services.client_open(user=actor(request), pk=pk, kind=AccessKind.REPRESENTATIVE_EDIT)
    representative = get_object_or_404(client.representatives, pk=rep_pk) if rep_pk else None
    today = timezone.localdate()
    form = RepresentativeForm(request.POST or None, instance=representative, client=client, today=today)
    restriction_ground_field_add(form, client)
    if request.method == "POST" and form.is_valid():
        try:
            services.representative_save(actor=actor(request), client=client, **form.cleaned_data,
                                         representative=representative, today=today)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(client)
    return render(request, "clients/representative_form.html", {
        "form": form, "client": client, "representative": representative,
    })
