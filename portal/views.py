"""The client's own pages (/oma/). Thin: the person from the session, one selector or service,
render or redirect. A record the person may not see is a 404."""

import logging
import uuid

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from consents.selectors import client_consents

from . import limits, oidc, services
from .forms import PortalQuestionForm, PortalRequestForm, ProhibitionForm
from .selectors import (
    access_statement,
    own_client,
    own_clients,
    own_subscriptions,
    person_links,
    record_page,
    released_documents,
    released_file,
    withholdings_in_force,
)
from .session import PENDING_KEY, Person, person_from_session, person_required, person_sign_in, person_sign_out

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: the sign-in page. Signed in: every record the person may see, one per register."""
    person = person_from_session(request)
    if person is None:
        response = render(request, "portal/sign_in.html", {"providers": oidc.providers().values()})
        add_never_cache_headers(response)
        return response
    return _overview(request)


@person_required
def _overview(request: HttpRequest, person: Person) -> HttpResponse:
    records = []
    for client in own_clients(person.links):
        link = person.links.link_for(client.pk)
        assert link is not None
        services.portal_look_record(actor=person.user, client=client, link=link, part=_("Overview"))
        records.append((client, link))
    return render(request, "portal/overview.html", {"person": person, "records": records,
                                                    "withheld": person.links.withheld})


def _record(person: Person, client_id: int):  # type: ignore[no-untyped-def]
    client = own_client(person.links, client_id)
    link = person.links.link_for(client_id)
    if client is None or link is None:
        raise Http404
    return client, link


@person_required
def record(request: HttpRequest, person: Person, client_id: int) -> HttpResponse:
    client, link = _record(person, client_id)
    today = timezone.localdate()
    services.portal_look_record(actor=person.user, client=client, link=link, part=_("Your data"))
    return render(request, "portal/record.html", {
        "person": person, "page": record_page(client, link, today=today), "client": client, "link": link,
        "consents": client_consents(client, today=today), "prohibition_form": ProhibitionForm(),
        "subscriptions": own_subscriptions(client), "controller": client.register.controller,
        "withheld_grounds": withholdings_in_force(client, today=today),
        "released": released_documents(client, link),
    })


@require_GET
@person_required
def released_download(request: HttpRequest, person: Person, client_id: int, release_id: int) -> HttpResponse:
    """A document released to the person, exactly as it was released (its kept bytes); a 404 for
    one released to anyone else. Each download is an access-log entry."""
    client, link = _record(person, client_id)
    found = released_file(client, link, release_id)
    if found is None:
        raise Http404
    release = found.release
    services.portal_look_record(actor=person.user, client=client, link=link,
                                part=_("Released document: %(document)s, %(date)s") % {
                                    "document": release.get_document_display(),
                                    "date": timezone.localtime(release.released_at).strftime("%d.%m.%Y")})
    filename = f"{release.document.replace('_', '-')}-{client.pk}-{timezone.localtime(release.released_at):%Y-%m-%d}"
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{found.extension}") or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@person_required
def access_log(request: HttpRequest, person: Person, client_id: int) -> HttpResponse:
    client, link = _record(person, client_id)
    services.portal_look_record(actor=person.user, client=client, link=link, part=_("Who has seen the data"))
    return render(request, "portal/access_log.html", {
        "person": person, "client": client, "link": link,
        "statement": access_statement(client, today=timezone.localdate()),
        "withheld_grounds": withholdings_in_force(client, today=timezone.localdate()),
    })


@require_POST
@person_required
def consent_withdraw(request: HttpRequest, person: Person, client_id: int, consent_id: int) -> HttpResponse:
    client, link = _record(person, client_id)
    try:
        services.portal_consent_withdraw(actor=person.user, client=client, consent_id=consent_id, link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ObjectDoesNotExist as error:  # not this record's consent
        raise Http404 from error
    else:
        messages.success(request, _("The consent was withdrawn. It no longer applies from today."))
    return redirect(reverse("portal:record", args=[client.pk]) + "#consents")


@require_POST
@person_required
def unsubscribe(request: HttpRequest, person: Person, client_id: int, subscriber_id: int) -> HttpResponse:
    client, link = _record(person, client_id)
    try:
        services.portal_unsubscribe(actor=person.user, client=client, subscriber_id=subscriber_id, link=link)
    except ObjectDoesNotExist as error:  # not this record's address, or already off the list
        raise Http404 from error
    messages.success(request, _("Your address was taken off the email list."))
    return redirect(reverse("portal:record", args=[client.pk]) + "#email-lists")


@require_POST
@person_required
def prohibition_add(request: HttpRequest, person: Person, client_id: int) -> HttpResponse:
    client, link = _record(person, client_id)
    form = ProhibitionForm(request.POST)
    if form.is_valid():
        try:
            services.portal_prohibition_add(actor=person.user, client=client, kind=form.cleaned_data["kind"],
                                            link=link)
            messages.success(request, _("The prohibition is in force from today."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(reverse("portal:record", args=[client.pk]) + "#consents")


@require_POST
@person_required
def prohibition_lift(request: HttpRequest, person: Person, client_id: int, prohibition_id: int) -> HttpResponse:
    client, link = _record(person, client_id)
    try:
        services.portal_prohibition_lift(actor=person.user, client=client, prohibition_id=prohibition_id,
                                         link=link)
        messages.success(request, _("The prohibition was lifted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ObjectDoesNotExist as error:
        raise Http404 from error
    return redirect(reverse("portal:record", args=[client.pk]) + "#consents")


@person_required
def request_new(request: HttpRequest, person: Person, client_id: int) -> HttpResponse:
    client, link = _record(person, client_id)
    form = PortalRequestForm(request.POST or None, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_request_file(
                actor=person.user, client=client, link=link, type=form.cleaned_data["type"],
                description=form.cleaned_data["description"], submission_key=form.cleaned_data["submission_key"],
                today=timezone.localdate())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your request was received. The register's contact person will answer "
                                        "within one month."))
            return redirect(reverse("portal:record", args=[client.pk]) + "#requests")
    services.portal_look_record(actor=person.user, client=client, link=link, part=_("New request"))
    return render(request, "portal/request_form.html", {
        "person": person, "client": client, "link": link, "form": form,
        "withheld_grounds": withholdings_in_force(client, today=timezone.localdate())})


@person_required
def question_new(request: HttpRequest, person: Person, client_id: int) -> HttpResponse:
    client, link = _record(person, client_id)
    form = PortalQuestionForm(request.POST or None, initial={"submission_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            question = services.portal_question_file(
                actor=person.user, client=client, link=link, question=form.cleaned_data["question"],
                submission_key=form.cleaned_data["submission_key"], today=timezone.localdate())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your question was received. The register's contact person will answer "
                                        "by %(date)s.") % {"date": question.due_on.strftime("%d.%m.%Y")})
            return redirect(reverse("portal:record", args=[client.pk]) + "#requests")
    services.portal_look_record(actor=person.user, client=client, link=link, part=_("New question"))
    return render(request, "portal/question_form.html", {
        "person": person, "client": client, "link": link, "form": form,
        "answer_days": client.register.question_answer_working_days,
        "withheld_grounds": withholdings_in_force(client, today=timezone.localdate())})


# Sign-in ------------------------------------------------------------------------------------

@require_GET
def sign_in_start(request: HttpRequest, provider: str) -> HttpResponse:
    chosen = oidc.provider_get(provider)
    if chosen is None:
        raise Http404
    if limits.locked_out(request) or limits.over_limit(request, what="start"):
        return _sign_in_failed(request, "too_many_attempts")
    try:
        start = oidc.authorization_start(provider=chosen, redirect_uri=request.build_absolute_uri(
            reverse("portal:callback")))
    except oidc.SignInFailed as error:
        logger.warning("portal sign-in could not start: %s", error.reason)
        return _sign_in_failed(request, error.reason)
    pending = request.session.get(PENDING_KEY, {})
    pending = {state: data for state, data in pending.items()
               if isinstance(data, dict) and float(data.get("at", 0)) > start.pending["at"] - oidc.AUTH_MAX_AGE_SECONDS}
    pending[start.state] = start.pending
    request.session[PENDING_KEY] = pending
    return redirect(start.url)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    pending_all = request.session.get(PENDING_KEY, {})
    state = request.GET.get("state", "")
    pending = pending_all.pop(state, None)  # used once: a replayed state finds nothing
    request.session[PENDING_KEY] = pending_all
    if limits.locked_out(request) or limits.over_limit(request, what="callback"):
        return _sign_in_failed(request, "too_many_attempts")
    if request.GET.get("error"):
        return _sign_in_failed(request, "provider_error")
    try:
        identified = oidc.authorization_finish(pending=pending, code=request.GET.get("code", ""))
    except oidc.SignInFailed as error:
        logger.warning("portal sign-in failed: %s", error.reason)
        limits.failure_record(request)
        return _sign_in_failed(request, error.reason)
    links = person_links(identity_code=identified.identity_code, today=timezone.localdate())
    if not links.links and not links.withheld:
        limits.failure_record(request)
        return _sign_in_failed(request, "unknown_person")
    limits.failures_clear(request)
    user = services.portal_user_get_or_create(identity_code=identified.identity_code)
    name = f"{identified.given_name} {identified.family_name}".strip()
    person_sign_in(request, identity_code=identified.identity_code, links=links, name=name, user=user,
                   provider=identified.provider)
    return redirect("portal:home")


def _sign_in_failed(request: HttpRequest, reason: str) -> HttpResponse:
    unknown = reason == "unknown_person"
    too_many = reason == "too_many_attempts"
    response = render(request, "portal/sign_in_failed.html",
                      {"unknown": unknown, "too_many": too_many, "reason": reason},
                      status=403 if unknown else 429 if too_many else 400)
    add_never_cache_headers(response)
    return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    person_sign_out(request)
    messages.info(request, _("You have signed out."))
    return redirect("portal:home")


@require_GET
def jwks(request: HttpRequest) -> HttpResponse:
    """Our public keys: the identity broker verifies our request objects and client assertions
    with them."""
    return JsonResponse(oidc.public_jwks())
