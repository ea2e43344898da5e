"""Bases for every app's Django admin pages.

Several organisations (controllers) share one installation, so every admin page is scoped to the
signed-in user's organisation. `OrganisationScopedAdmin` does it once for every ModelAdmin of the
project: the change list and every object page, every foreign-key and many-to-many choice, raw-id
and autocomplete look-ups, list filters, both history views, delete and bulk actions, and the
object-level permissions. A test walks `admin.site._registry` and fails on an admin that does not
use it.

Which objects of a kind a user may see (a client, a register, the user's own organisation, a
user) is the client register's rule, installed at start-up with `admin_scope_rule_set` (this
bottom layer imports no app, like `core.access.refusal_rule_set`). An admin declares the way from
its model to those kinds in `organisation_scopes`, or overrides `scope_queryset`. An admin that
declares nothing shows its rows to nobody but the platform administrator; without a rule
installed, to nobody at all: the scoping fails closed."""

from collections.abc import Callable, Iterable
from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import BadRequest, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

AnyUser = User | AnonymousUser

# The kinds of object an organisation owns (the rule answers for each) and a marker for rows that
# belong to nobody in particular (processors, the supervisory authority): every admin may read them,
# only the platform administrator edits them.
CLIENT, REGISTER, ORGANISATION, USER = "client", "register", "organisation", "user"
SHARED = "everyone"

Scope = tuple[str, str]  # (kind, path from the model to an object of that kind; "" for the model itself)
ScopeRule = Callable[[AnyUser, str], "QuerySet[Any] | None"]
_scope_rule: list[ScopeRule] = []
_model_scopes: dict[type[models.Model], tuple[Scope, ...]] = {}


def admin_scope_rule_set(rule: ScopeRule) -> None:
    """Install the rule that answers, for a user and a kind, the queryset of objects of that kind
    the user may see in the admin (None: every object, for the platform administrator)."""
    _scope_rule[:] = [rule]


def is_platform_admin(user: AnyUser) -> bool:
    """The installation's operator: controllers, processors, statutory defaults, the supervisory
    authority and users' staff and superuser flags."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def visible_of_kind(user: AnyUser, kind: str) -> "QuerySet[Any] | None":
    """Objects of `kind` the user may see; None when unrestricted. Raises LookupError without a
    rule (callers fail closed)."""
    if not _scope_rule:
        raise LookupError("no admin scope rule installed")
    return _scope_rule[0](user, kind)


def scope_filter(user: AnyUser, queryset: QuerySet[Any], scopes: Iterable[Scope]) -> QuerySet[Any]:
    """`queryset` limited to rows that reach, through one of `scopes`, an object the user may see.
    No scopes: platform administrators only."""
    scopes = tuple(scopes)
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if not scopes:
        return queryset if is_platform_admin(user) else queryset.none()
    condition: Q | None = None
    for kind, path in scopes:
        if kind == SHARED:
            return queryset
        try:
            visible = visible_of_kind(user, kind)
        except LookupError:
            return queryset.none()
        if visible is None:
            return queryset
        part = Q(**{f"{path}__in" if path else "pk__in": visible.values("pk")})
        condition = part if condition is None else condition | part
    return queryset.filter(condition)


def model_scopes_declare(model: type[models.Model], *scopes: Scope) -> None:
    """How a model that has no admin of its own (an inline's, a choice's, a history entry's)
    reaches its organisation."""
    _model_scopes[model] = scopes


def scoped_objects(user: AnyUser, model: type[models.Model], site: admin.AdminSite | None = None) -> QuerySet[Any]:
    """Every object of `model` the user may see in the admin: through the model's registered
    admin, else its declared scopes, else (undeclared) the platform administrator's only."""
    site = site or admin.site
    manager = model._default_manager
    model_admin = site._registry.get(model)
    if isinstance(model_admin, OrganisationScopedMixin):
        return model_admin.scope_queryset(user, manager.all())
    return scope_filter(user, manager.all(), _model_scopes.get(model, ()))


def model_scopes(model: type[models.Model], site: admin.AdminSite | None = None) -> tuple[Scope, ...] | None:
    """The declared way from `model` to its organisation (its admin's, or declared for it), or
    None when nothing is declared."""
    model_admin = (site or admin.site)._registry.get(model)
    if isinstance(model_admin, OrganisationScopedMixin) and model_admin.organisation_scopes:
        return tuple(model_admin.organisation_scopes)
    return _model_scopes.get(model)


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-object filter whose choices are the objects the user may see, so another
    organisation's names never appear in the sidebar."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        related = scoped_objects(request.user, field.related_model, model_admin.admin_site)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            related = related.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in related]


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices (select boxes, raw-id and autocomplete values) limited
    to what the user may see. A subclass that passes its own `queryset` (from a selector) keeps it."""

    admin_site: admin.AdminSite

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped_objects(request.user, db_field.remote_field.model, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped_objects(request.user, db_field.remote_field.model, self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class OrganisationScopedMixin(ScopedChoicesMixin):
    """The scoping of a ModelAdmin; see the module docstring."""

    model: type[models.Model]
    #: ways from the model to what the user may see; empty: the platform administrator's only
    organisation_scopes: tuple[Scope, ...] = ()
    #: rows every admin may read but only the platform administrator adds, edits or deletes
    platform_managed = False

    # Querysets ---------------------------------------------------------------------------

    def scope_queryset(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """The rows of `queryset` this user may see. Override for a rule the scopes cannot say."""
        return scope_filter(user, queryset, self.organisation_scopes)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return self.scope_queryset(request.user, super().get_queryset(request))  # type: ignore[misc]

    def in_scope(self, request: HttpRequest, obj: Any) -> bool:
        manager = self.model._default_manager
        return self.scope_queryset(request.user, manager.filter(pk=obj.pk)).exists()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Any], search_term: str) -> Any:
        # The autocomplete view passes the target admin's get_queryset; scoped again all the same.
        queryset, may_have_duplicates = super().get_search_results(  # type: ignore[misc]
            request, self.scope_queryset(request.user, queryset), search_term)
        return queryset, may_have_duplicates

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        try:
            return super().get_object(request, object_id, from_field)  # type: ignore[misc]
        except FieldDoesNotExist:  # ?_to_field= naming no field
            return None

    def _get_obj_does_not_exist_redirect(self, request: HttpRequest, opts: Any, object_id: str) -> HttpResponse:
        # Another organisation's object and a missing one look the same: 404, no redirect.
        raise Http404

    # Permissions --------------------------------------------------------------------------

    def _object_allowed(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or self.in_scope(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and self._object_allowed(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.platform_managed and not is_platform_admin(request.user):
            return False
        return super().has_change_permission(request, obj) and self._object_allowed(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if self.platform_managed and not is_platform_admin(request.user):
            return False
        return super().has_delete_permission(request, obj) and self._object_allowed(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if self.platform_managed and not is_platform_admin(request.user):
            return False
        return super().has_add_permission(request, *args)  # type: ignore[misc]

    # List filters -------------------------------------------------------------------------

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Related-object filters show only objects the user may see."""
        scoped: list[Any] = []
        for spec in super().get_list_filter(request):  # type: ignore[misc]
            path = spec[0] if isinstance(spec, (tuple, list)) else spec
            filter_class = spec[1] if isinstance(spec, (tuple, list)) else None
            if isinstance(path, str) and (filter_class is None
                                          or issubclass(filter_class, admin.RelatedFieldListFilter)):
                fields = get_fields_from_path(self.model, path)
                if fields and fields[-1].is_relation:
                    scoped.append((path, ScopedRelatedFieldListFilter))
                    continue
            scoped.append(spec)
        return scoped

    # Views --------------------------------------------------------------------------------

    def object_opened(self, request: HttpRequest, obj: Any, *, detail: str) -> None:
        """Called when a page shows one object's data or history; admins of client data log it
        in the access log (käyttöloki)."""

    def _visible_object(self, request: HttpRequest, object_id: str) -> Any:
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):  # type: ignore[attr-defined]
            raise Http404
        return obj

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        obj = self._visible_object(request, object_id)
        self.object_opened(request, obj, detail="history")
        return super().history_view(request, object_id, extra_context)  # type: ignore[misc]

    def auditlog_history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        obj = self._visible_object(request, object_id)
        self.object_opened(request, obj, detail="history")
        return super().auditlog_history_view(request, object_id, extra_context)  # type: ignore[misc]

    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: Any = None) -> HttpResponse:
        _refuse_bad_parameters(request)
        if request.GET.get(TO_FIELD_VAR) == "" or request.POST.get(TO_FIELD_VAR) == "":
            raise BadRequest("empty _to_field")
        return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        _refuse_bad_parameters(request)
        return super().changelist_view(request, extra_context)  # type: ignore[misc]

    def get_changelist_instance(self, request: HttpRequest) -> Any:
        """A filter value that cannot be a value of its field (a year past 9999, a word for a
        number) is the browser's mistake: 400, never a server error."""
        try:
            return super().get_changelist_instance(request)  # type: ignore[misc]
        except (ValueError, OverflowError, ValidationError) as exc:
            raise BadRequest(str(exc)) from exc


def _refuse_bad_parameters(request: HttpRequest) -> None:
    """No database takes a NUL character in a string: refuse it before any query."""
    for params in (request.GET, request.POST):
        for key, values in params.lists():
            if "\x00" in key or any("\x00" in value for value in values if isinstance(value, str)):
                raise BadRequest("NUL in a parameter")


class OrganisationScopedAdmin(OrganisationScopedMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """The base of every ModelAdmin of the project."""


class ScopedInlineMixin(ScopedChoicesMixin):
    """For inlines: the parent admin scopes the rows, this the choices in them."""


class ReadOnlyMixin:
    """Rows written only by services (the app's pages, the nightly run): the admin lists and
    shows them, never adds, edits or deletes."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, OrganisationScopedAdmin):
    """Read-only and scoped: a subclass declares `organisation_scopes`."""
