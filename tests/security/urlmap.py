"""Every URL pattern of the project (a walk of the URL resolver), and a world in which each URL
keyword has a value: the access-control matrix and the bad-input sweep both use it."""

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import models
from django.test import Client as PlainClient
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from clients.models import (
    Breach,
    Case,
    Client,
    Controller,
    Document,
    EmergencyAccess,
    Register,
    Representative,
    ServiceEntry,
    ServicePlan,
)
from core.roles import Role
from tests.conftest import VerifiedClient, make_client, make_user

MARKER = "Salaisuusvaara"  # the target client's last name: never on a page of a role without access

# Public on purpose: signing in and out, the language switch, the health check, the icon, published
# privacy notices, and the unsubscribe link in a marketing email (token-checked).
PUBLIC = {
    "healthz", "favicon", "login", "logout", "set_language",
    "notices:controller", "notices:controller_pdf", "notices:register", "notices:register_pdf",
    "notices:version_pdf", "consents:unsubscribe",
}
# The client's own pages (/oma/) have a sign-in of their own, not staff's: tests/portal walks
# every one of them for staff of each role and for other clients.
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "i18n/", "oma/")
# Pages of the sign-in itself, shown to a user who still owes the second factor.
SECOND_FACTOR_PAGES = {"two_factor_verify", "two_factor_setup"}
# The register contact's and admins' pages: a caseworker gets 403.
STAFF_ONLY = {
    "clients:emergency_review_list", "clients:emergency_review", "clients:breach_list",
    "clients:breach_create", "clients:breach_detail", "clients:breach_authority",
    "clients:breach_clients_add", "clients:breach_notice", "clients:breach_notice_pdf",
    "clients:breach_assessment", "clients:breach_decision", "clients:breach_documentation_pdf",
    "clients:user_list", "clients:user_access_log", "retention:due_soon", "retention:forecast",
    "retention:deaths",
}

# Client pages that act and so take POST only: their GET answers 405 to everybody.
POST_ONLY = {"clients:restriction_letter", "clients:informing_record", "clients:client_pdf",
             "clients:client_pdf_job_download", "clients:client_pdf_job_retry"}

CLIENT, ORGANISATION, NONE = "client", "organisation", "none"


@dataclass
class Route:
    name: str
    route: str
    kwargs: tuple[str, ...]


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[Route]:
    routes = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            routes += walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            assert pattern.name, f"URL {route!r} has no name: name it so the matrix can cover it"
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            routes.append(Route(name, route, tuple(pattern.pattern.converters)))
    return routes


ROUTES = [r for r in walk(get_resolver().url_patterns) if r.name not in PUBLIC]


# A world in which every URL keyword has a value ----------------------------------------------


def autofill(model: type[models.Model], known: dict[type, Any], **given: Any) -> Any:
    """Save a `model` row with every required field filled plainly: foreign keys point at the
    world's objects (`known`) or at new rows made the same way."""
    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or getattr(field, "auto_now_add", False) \
                or getattr(field, "auto_now", False):
            continue
        if isinstance(field, models.ForeignKey):
            if field.null:
                continue
            related = model if field.related_model == "self" else field.related_model
            assert isinstance(related, type)
            values[field.name] = known.get(related) or autofill(related, known)
            continue
        if field.has_default() or field.null or field.blank:
            continue
        if field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, models.DateTimeField):
            values[field.name] = timezone.now()
        elif isinstance(field, models.DateField):
            values[field.name] = timezone.localdate()
        elif isinstance(field, models.UUIDField):
            values[field.name] = uuid.uuid4()
        elif isinstance(field, models.BooleanField):
            values[field.name] = False
        elif isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
            values[field.name] = 1
        elif isinstance(field, models.EmailField):
            values[field.name] = "matrix@example.fi"
        elif isinstance(field, models.FileField):
            values[field.name] = ContentFile(b"%PDF-1.4 matrix\n", name="matrix.pdf")
        elif isinstance(field, models.BinaryField):
            values[field.name] = b"matrix"
        elif isinstance(field, models.JSONField):
            values[field.name] = {}
        else:
            values[field.name] = "matrix"
    files = {k: v for k, v in values.items() if isinstance(v, ContentFile)}
    row = model(**{k: v for k, v in values.items() if k not in files})
    for name, content in files.items():
        getattr(row, name).save(content.name, content, save=False)
    row.save()
    return row


def model_named(name: str) -> type[models.Model] | None:
    """`consent` -> consents.Consent: a project model whose name matches a URL keyword."""
    from django.apps import apps

    for app_label in ("clients", "consents", "requests", "retention", "portal"):
        try:
            return apps.get_model(app_label, name.replace("_", ""))
        except LookupError:
            continue
    return None


def client_field(model: type[models.Model]) -> bool:
    """Does a row of `model` belong to one client (a `client` foreign key)?"""
    return any(isinstance(f, models.ForeignKey) and f.related_model is Client
               for f in model._meta.concrete_fields)


@dataclass
class World:
    target: Client
    known: dict[type, Any]
    users: dict[str, User | None]

    def value(self, route: Route, kwarg: str) -> tuple[Any, str]:
        """The value for one URL keyword, and what it exposes: one client's data, our
        organisation's records, or nothing in particular."""
        if kwarg == "pk":
            return self.pk_value(route)
        if kwarg == "client_pk":
            return self.target.pk, CLIENT
        by_kwarg = {"rep_pk": Representative, "case_pk": Case, "entry_pk": ServiceEntry,
                    "plan_pk": ServicePlan, "document_pk": Document}
        model = by_kwarg.get(kwarg) or model_named(kwarg.removesuffix("_pk"))
        if model is not None and kwarg.endswith("_pk") and client_field(model):
            return self.row(model).pk, CLIENT
        if kwarg == "controller_slug":
            return self.known[Controller].slug, ORGANISATION
        if kwarg == "register_slug":
            return self.known[Register].slug, ORGANISATION
        if kwarg == "job_pk":  # a heavy document of the client's request, being made by a job
            from requests.models import DataSubjectRequest, DocumentJob
            return self.row(DocumentJob, request=self.row(DataSubjectRequest)).pk, CLIENT
        if kwarg == "notice_pk":  # a version of the organisation's privacy notice
            from clients.models import PrivacyNotice
            return self.row(PrivacyNotice, material_change=True).pk, ORGANISATION
        if kwarg == "kind" and route.name == "requests:letter":  # which letter: names no one
            return "acknowledgement", NONE
        pytest.fail(f"{route.route} ({route.name}): the access matrix does not know the URL keyword "
                    f"{kwarg!r}. Teach World.value in tests/security/test_access_matrix.py what it "
                    f"names, so the new view is tested against every role.")

    def pk_value(self, route: Route) -> tuple[Any, str]:
        from consents.models import Consent, Prohibition
        from requests.models import DataSubjectRequest

        by_name: dict[str, tuple[Any, str]] = {
            "clients:emergency_review": (self.row(EmergencyAccess).pk, ORGANISATION),
            "clients:user_access_log": (self.users["caseworker_assigned"].pk, ORGANISATION),  # type: ignore[union-attr]
        }
        if route.name in by_name:
            return by_name[route.name]
        by_prefix: list[tuple[str, type[models.Model], str]] = [
            ("clients/breaches/<int:pk>/", Breach, ORGANISATION),
            ("requests/<int:pk>/", DataSubjectRequest, CLIENT),
            ("consents/clients/<int:client_pk>/consents/<int:pk>/", Consent, CLIENT),
            ("consents/clients/<int:client_pk>/prohibitions/<int:pk>/", Prohibition, CLIENT),
        ]
        for prefix, model, scope in by_prefix:
            if route.route.startswith(prefix):
                return self.row(model).pk, scope
        if route.route.startswith("clients/<int:pk>/"):
            return self.target.pk, CLIENT
        pytest.fail(f"{route.route} ({route.name}): the access matrix does not know what `pk` names "
                    f"here. Add it to World.pk_value in tests/security/test_access_matrix.py.")

    def row(self, model: type[models.Model], **given: Any) -> Any:
        if model not in self.known:
            self.known[model] = autofill(model, self.known, **given)
        return self.known[model]


def world_make(provider, register, caseworker, caseworker_b, contact, admin_user, other_contact) -> World:
    target = make_client(caseworker, register, last_name=MARKER, first_names="Kohde")
    emergency_user = make_user(Role.CASEWORKER, provider)
    known: dict[type, Any] = {Client: target, Register: register, Controller: provider, User: caseworker}
    from clients.services import breaches as breach_services

    known[Breach] = breach_services.breach_create(actor=contact, title="Matriisi",
                                                  discovered_at=timezone.now() - datetime.timedelta(hours=1),
                                                  description="Kuvaus", affected_data="Nimet", clients=[target])
    known[EmergencyAccess] = EmergencyAccess.objects.create(
        user=emergency_user, client=target, reason="Matriisin hätäkäyttö", started_at=timezone.now(),
        expires_at=timezone.now() + datetime.timedelta(hours=4),
    )
    return World(target=target, known=known, users={
        "anonymous": None, "password_only": admin_user, "caseworker_assigned": caseworker,
        "caseworker_unassigned": caseworker_b, "foreign_contact": other_contact, "admin": admin_user,
        "emergency": emergency_user,
    })


def browser_for(role: str, world: World) -> PlainClient:
    user = world.users[role]
    if user is None:
        return PlainClient()
    if role == "password_only":
        browser = PlainClient()
        browser.force_login(user)  # the password was right; no second factor yet
        return browser
    browser = VerifiedClient()
    browser.force_login(user)
    return browser


def url_for(route: Route, world: World) -> tuple[str, str]:
    scopes = set()
    kwargs = {}
    for kwarg in route.kwargs:
        kwargs[kwarg], scope = world.value(route, kwarg)
        scopes.add(scope)
    scope = CLIENT if CLIENT in scopes else ORGANISATION if ORGANISATION in scopes else NONE
    return reverse(route.name, kwargs=kwargs), scope
